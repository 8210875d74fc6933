package io.github.volumes4j.examples;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumeUsage;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.UnsupportedFeatureException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * 10. Housekeeping: list with filters, disk usage, prune by label, and what prune removes: from
 * Engine API 1.42 only anonymous volumes unless {@code all} is given; at 1.41 (Docker 20.10) every
 * unused volume that matches, named ones included. The library never removes more than it was asked:
 * below 1.42 it refuses an anonymous-only prune, and {@code PruneOptions.all()} works everywhere.
 *
 * <pre>{@code
 * volumes.list(VolumeFilter.builder().addLabel("team=a").dangling(true).build());
 * volumes.prune(PruneOptions.all().label("env", "test"));   // ALWAYS with a label only yours carry
 * }</pre>
 */
public final class Housekeeping {

  /**
   * What the example saw (volume names without the run's prefix).
   *
   * @param apiVersion the engine's API version
   * @param listed the run's volumes, by filter: "label", "team=a", "dangling", "name"
   * @param sizes bytes per named volume, measured by the library (tree digest, any engine)
   * @param daemonUsage size and reference count per volume from the daemon ({@code docker system df -v}); empty
   *     where the engine does not report usage
   * @param prunedByDefault what {@code prune} with default options (the run's label and team=a) removed; empty
   *     when the engine refused them (API 1.41, where only {@code all} prunes named volumes)
   * @param prunedWithAll what {@code prune} with {@code all} removed afterwards
   * @param defaultRefused the engine's answer when it refused the default options (API 1.41), else empty
   * @param inUseKept whether the volume used by a container survived both prunes
   */
  public record Result(ApiVersion apiVersion, Map<String, List<String>> listed, Map<String, Long> sizes,
      Map<String, VolumeUsage> daemonUsage, Optional<List<String>> prunedByDefault, List<String> prunedWithAll,
      String defaultRefused, boolean inUseKept) {}

  private Housekeeping() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  public static Result run(Volumes volumes) {
    try (Lab lab = Lab.open(volumes, "housekeeping")) {
      lab.heading("10. Housekeeping: list with filters, usage, prune by label; prune at API " + volumes.apiVersion());
      String prefix = lab.name("");
      Volume cacheA = lab.create(VolumeSpec.named(lab.name("cache-a")).label("team", "a"));
      Volume oldA = lab.create(VolumeSpec.named(lab.name("old-a")).label("team", "a"));
      Volume dbB = lab.create(VolumeSpec.named(lab.name("db-b")).label("team", "b"));
      Volume inUse = lab.create(VolumeSpec.named(lab.name("in-use-a")).label("team", "a"));
      Volume anon = lab.create(VolumeSpec.anonymous().label("team", "a"));
      volumes.copyInto(cacheA.name()).bytes(new byte[64 * 1024], "/cache.bin");
      volumes.copyInto(dbB.name()).bytes(new byte[16 * 1024], "/db.bin");
      lab.engine().createContainer(lab.container("user").addMounts(VolumeMount.of(inUse.name(), "/data"))
          .command(List.of("true")).build());
      lab.say("created cache-a, old-a, in-use-a (team=a, in-use-a mounted by a container), db-b (team=b) and an "
          + "anonymous team=a volume, all labelled " + Lab.LABEL + "=" + lab.run());

      Map<String, List<String>> listed = new TreeMap<>();
      listed.put("label", short_(prefix, volumes.list(VolumeFilter.label(Lab.LABEL, lab.run()))));
      listed.put("team=a", short_(prefix, volumes.list(VolumeFilter.builder().addLabel(Lab.LABEL + "=" + lab.run())
          .addLabel("team=a").build())));
      listed.put("dangling", short_(prefix, volumes.list(VolumeFilter.builder().addLabel(Lab.LABEL + "=" + lab.run())
          .dangling(true).build())));
      listed.put("name", short_(prefix, volumes.list(VolumeFilter.builder().addLabel(Lab.LABEL + "=" + lab.run())
          .addName("-a$").build())));
      listed.forEach((filter, names) -> lab.say(String.format("list --filter %-8s -> %s", filter, names)));

      Map<String, Long> sizes = new TreeMap<>();
      for (Volume v : List.of(cacheA, oldA, dbB, inUse)) {
        sizes.put(v.name().substring(prefix.length()), volumes.digest(v.name()).bytes());
      }
      lab.say("bytes per volume, measured by the library on any engine: " + sizes);
      Map<String, VolumeUsage> usage = new TreeMap<>();
      if (volumes.engine().supports(EngineFeature.VOLUME_USAGE)) {
        volumes.engine().volumeUsage().forEach((name, u) -> {
          if (name.startsWith(prefix)) {
            usage.put(name.substring(prefix.length()), u);
          }
        });
        lab.say("the engine's own count (docker system df -v): " + usage);
      } else {
        lab.say("this engine keeps no disk-usage report (docker system df); the library's count above applies");
      }

      // prune, always with a label that only this run's volumes carry
      Optional<List<String>> prunedDefault = Optional.empty();
      String refused = "";
      try {
        PruneResult pruned = volumes.prune(PruneOptions.defaults().label(Lab.LABEL, lab.run()).label("team", "a"));
        prunedDefault = Optional.of(shortNames(prefix, pruned.volumesDeleted(), anon.name()));
        lab.say("prune --filter label=" + Lab.LABEL + "=" + lab.run() + " --filter label=team=a removed "
            + prunedDefault.get() + ", reclaiming " + pruned.spaceReclaimed() + " bytes");
        lab.say("  API " + volumes.apiVersion() + ": without 'all', prune removes anonymous volumes only");
      } catch (UnsupportedFeatureException e) {
        refused = e.getMessage();
        lab.say("prune of anonymous volumes only is refused at API " + volumes.apiVersion()
            + ", before anything is removed: Docker 20.10's prune would take the NAMED volumes too");
        lab.say("  " + refused);
      }
      PruneResult all = volumes.prune(PruneOptions.all().label(Lab.LABEL, lab.run()).label("team", "a"));
      List<String> prunedAll = shortNames(prefix, all.volumesDeleted(), anon.name());
      lab.say("prune with PruneOptions.all() and the same labels removed " + prunedAll
          + (volumes.apiVersion().isAtLeast(ApiVersion.V1_42) ? " (the 'all' filter was sent)"
              : " (below API 1.42 the 'all' filter is left out: the daemon's prune includes named volumes)"));
      boolean inUseKept = volumes.find(inUse.name()).isPresent();
      lab.say("in-use-a, mounted by a container, was kept: " + inUseKept + "; db-b (team=b) was never a candidate: "
          + volumes.find(dbB.name()).isPresent());
      return new Result(volumes.apiVersion(), listed, sizes, usage, prunedDefault, prunedAll, refused, inUseKept);
    }
  }

  private static List<String> short_(String prefix, List<Volume> volumes) {
    return volumes.stream().map(v -> v.anonymous() ? "<anonymous>" : v.name().substring(prefix.length())).sorted()
        .toList();
  }

  private static List<String> shortNames(String prefix, List<String> names, String anonymous) {
    return names.stream().map(n -> n.equals(anonymous) ? "<anonymous>"
        : n.startsWith(prefix) ? n.substring(prefix.length()) : n).sorted().toList();
  }
}
