package io.github.volumes4j.examples;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesException;
import java.util.UUID;

/**
 * The README's tour: creates, lists, inspects and removes volumes on whichever engine answers.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java                      # Docker if it answers, else in-memory
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.args=memory   # or docker
 * }</pre>
 */
public final class Tour {

  private Tour() {}

  public static void main(String[] args) {
    EngineChoice choice = EngineChoice.fromArgs(args);
    try (Volumes volumes = choice.open(Tour::say)) {
      run(volumes);
    }
  }

  /** One example of the tour: its name and how to run it. */
  record Example(String name, java.util.function.Function<Volumes, ?> run) {}

  /** The twelve examples, in the order the tour runs them. */
  static final java.util.List<Example> EXAMPLES = java.util.List.of(
      new Example("EphemeralContainers", EphemeralContainers::run),
      new Example("DatabaseStorage", DatabaseStorage::run),
      new Example("SharingData", SharingData::run),
      new Example("Configuration", Configuration::run),
      new Example("Logs", Logs::run),
      new Example("BindMountsVersusVolumes", BindMountsVersusVolumes::run),
      new Example("TmpfsSecrets", TmpfsSecrets::run),
      new Example("VolumeDrivers", VolumeDrivers::run),
      new Example("Backups", Backups::run),
      new Example("Housekeeping", Housekeeping::run),
      new Example("ComposeProjects", ComposeProjects::run),
      new Example("NightlySnapshots", NightlySnapshots::run));

  /**
   * Runs the basics, then every example in order, on the given engine; everything each creates
   * carries a label unique to its run and is removed at its end. Returns what each example observed.
   */
  public static java.util.Map<String, Object> run(Volumes volumes) {
    long t0 = System.nanoTime();
    basics(volumes);
    java.util.Map<String, Object> results = new java.util.LinkedHashMap<>();
    int i = 0;
    for (Example e : EXAMPLES) {
      long t = System.nanoTime();
      results.put(e.name(), e.run().apply(volumes));
      i++;
      say(String.format("   [%d/%d] %s done in %.1f s", i, EXAMPLES.size(), e.name(), (System.nanoTime() - t) / 1e9));
    }
    System.out.println();
    say(String.format("Tour done: the basics and %d examples on %s in %.1f s. Run one alone with "
        + "-Dexec.mainClass=io.github.volumes4j.examples.<Name>.", EXAMPLES.size(), volumes.engine().info().name(),
        (System.nanoTime() - t0) / 1e9));
    return results;
  }

  /** Creates, lists, inspects and removes volumes; everything carries a label unique to this run. */
  static void basics(Volumes volumes) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String name = "tour-" + run + "-data";
    heading("0. Basics: named and anonymous volumes");
    Volume data = volumes.create(VolumeSpec.named(name).label("volumes4j.tour", run).label("app", "billing"));
    say("created volume " + data.name() + " (driver " + data.driver() + ") with labels " + data.labels());
    Volume again = volumes.create(VolumeSpec.named(name).label("volumes4j.tour", run).label("app", "other"));
    say("creating it again returns the same volume, labels unchanged: " + again.labels());
    Volume anonymous = volumes.create(VolumeSpec.anonymous().label("volumes4j.tour", run));
    say("created an anonymous volume named " + anonymous.name().substring(0, 12) + "... (64 hex digits)");

    heading("0. Basics: list with filters");
    for (Volume v : volumes.list(VolumeFilter.label("volumes4j.tour", run))) {
      say("  " + (v.anonymous() ? "anonymous " : "named     ") + v.name());
    }
    say("filter app=billing finds " + volumes.list(VolumeFilter.builder()
        .addLabel("volumes4j.tour=" + run).addLabel("app=billing").build()).size() + " volume(s)");

    heading("0. Basics: inspect");
    Volume inspected = volumes.inspect(name);
    say("mountpoint " + inspected.mountpoint() + ", scope " + inspected.scope()
        + inspected.createdAt().map(t -> ", created " + t).orElse(""));

    heading("0. Basics: remove");
    volumes.remove(name);
    volumes.remove(anonymous.name());
    try {
      volumes.inspect(name);
      throw new IllegalStateException("volume " + name + " still exists after remove");
    } catch (VolumeNotFoundException e) {
      say("inspect after remove: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    try {
      volumes.create(VolumeSpec.named("x!"));
    } catch (VolumesException e) {
      say("an invalid name is refused: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    say("left nothing behind: " + volumes.list(VolumeFilter.label("volumes4j.tour", run)).size() + " volume(s) with this run's label");
  }

  static void heading(String text) {
    System.out.println();
    System.out.println("== " + text);
  }

  static void say(String text) {
    System.out.println(text);
  }
}
