package io.github.volumes4j.examples;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.ContainerFiles;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What every example stands on: names and a label unique to one run, containers of the local test
 * image, narration, and clean-up of everything the run created (also when it fails).
 *
 * <pre>{@code
 * try (Lab lab = Lab.open(volumes, "ephemeral")) {
 *   lab.heading("A file in a volume outlives its container");
 *   Volume notes = lab.createVolume("notes");
 *   Lab.Finished job = lab.runJob(lab.container("writer").addMounts(VolumeMount.of(notes.name(), "/data")),
 *       Step.of("echo hi > /data/hi", fs -> fs.writeString("/data/hi", "hi\n")));
 * }
 * }</pre>
 *
 * <p>On Docker a step runs as {@code sh -c <shell>} in {@code volumes4j/busybox:test} (made locally by
 * {@code scripts/docker-engine.sh images}; never pulled). The in-memory engine has no real processes:
 * there the step's Java twin runs against the container's file system (its mounts included), through
 * the engine's {@code Program} and {@code exec} callbacks. The shell text and its twin do the same thing;
 * what only a real kernel can do (bind mounts seen by a process, NFS) the examples say they skip.
 */
public final class Lab implements AutoCloseable {

  /** The image every example container runs on Docker: busybox, imported locally. */
  public static final String IMAGE = "volumes4j/busybox:test";

  /**
   * The in-memory image of long-running ("service") containers: the same content as {@link #IMAGE}
   * but without a program, so that such a container runs until it is stopped.
   */
  static final String MEMORY_SERVICE_IMAGE = "volumes4j/busybox:service";

  /** The label on everything an example creates; its value is unique to the run. */
  public static final String LABEL = "io.github.volumes4j.example";

  private static final String IDLE = "echo ready; while :; do sleep 1 & wait $!; done";

  /** What a step does on the in-memory engine, instead of its shell text. */
  @FunctionalInterface
  public interface Twin {
    /** Acts on the container's file system; what it appends to {@code out} is the container's output. */
    void run(ContainerFiles fs, StringBuilder out) throws Exception;
  }

  /** A shell command for busybox and its Java twin for the in-memory engine. */
  public record Step(String shell, Twin java) {
    public Step {
      requireNonNull(shell, "shell == null");
      requireNonNull(java, "java == null");
    }

    public static Step of(String shell, Twin java) {
      return new Step(shell, java);
    }
  }

  /** A container that ran to its end: its id, exit code and output. */
  public record Finished(String id, int exitCode, String output) {
    /** The output's lines. */
    public List<String> lines() {
      return output.isEmpty() ? List.of() : List.of(output.split("\n"));
    }
  }

  private final Volumes volumes;
  private final VolumeEngine engine;
  private final String run;
  private final Consumer<String> out;
  private final InMemoryEngine memory;
  private final Map<String, Twin> twins = new ConcurrentHashMap<>();
  private final Map<String, StringBuilder> serviceOutput = new ConcurrentHashMap<>();
  private final Map<String, Step> serviceSteps = new ConcurrentHashMap<>();
  private final StringBuilder transcript = new StringBuilder();

  private Lab(Volumes volumes, String example, Consumer<String> out) {
    this.volumes = volumes;
    this.engine = volumes.engine();
    this.run = example + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.out = out;
    this.memory = engine instanceof InMemoryEngine m ? m : null;
    if (memory != null) {
      ContainerFilesSetup.prepare(memory, twins);
    } else if (!engine.imageExists(IMAGE)) {
      throw new VolumesException("the image " + IMAGE + " is missing on " + engine.info().name()
          + "; make it with 'bash scripts/docker-engine.sh images' (it is imported locally, never pulled)");
    }
  }

  /** A lab for one example on these volumes, narrating to standard output. */
  public static Lab open(Volumes volumes, String example) {
    return new Lab(requireNonNull(volumes, "volumes == null"), requireNonNull(example, "example == null"),
        System.out::println);
  }

  public Volumes volumes() {
    return volumes;
  }

  public VolumeEngine engine() {
    return engine;
  }

  /** Whether containers run real processes (Docker) rather than Java twins (in-memory). */
  public boolean realProcesses() {
    return memory == null;
  }

  /** The value of {@link #LABEL} on everything this run creates. */
  public String run() {
    return run;
  }

  /** A name unique to this run: {@code ex-<example>-<random>-<part>}. */
  public String name(String part) {
    return "ex-" + run + "-" + part;
  }

  // ---- narration ------------------------------------------------------------------------------

  public void heading(String text) {
    print("");
    print("== " + text);
  }

  public void say(String text) {
    print("   " + text);
  }

  /** Everything this lab printed so far. */
  public String transcript() {
    return transcript.toString();
  }

  private void print(String line) {
    transcript.append(line).append('\n');
    out.accept(line);
  }

  // ---- volumes --------------------------------------------------------------------------------

  /** Creates a named local volume carrying this run's label. */
  public Volume createVolume(String part) {
    return create(VolumeSpec.named(name(part)));
  }

  /** Creates the volume with this run's label added. */
  public Volume create(VolumeSpec spec) {
    return volumes.create(spec.label(LABEL, run));
  }

  // ---- containers -----------------------------------------------------------------------------

  /** A container of the test image named for this run, labelled, without a network (none is needed). */
  public ContainerSpec.Builder container(String part) {
    return ContainerSpec.builder().image(IMAGE).name(name(part)).putLabel(LABEL, run).network("none");
  }

  /** Creates and starts a container that runs the step, waits for its end; the container is kept. */
  public Finished runJob(ContainerSpec.Builder spec, Step step) {
    String id = launchJob(spec, step);
    return awaitJob(id);
  }

  /** Like {@link #runJob}, then removes the container ({@code docker run --rm}). */
  public Finished runAndRemove(ContainerSpec.Builder spec, Step step) {
    Finished f = runJob(spec, step);
    engine.removeContainer(f.id(), false, true);
    return f;
  }

  /** Creates and starts a container that runs the step; {@link #awaitJob} waits for it. */
  public String launchJob(ContainerSpec.Builder spec, Step step) {
    twins.put(step.shell(), step.java());
    String id = engine.createContainer(spec.command(List.of("sh", "-c", step.shell())).build());
    engine.startContainer(id);
    return id;
  }

  /** Waits until the job's container exits. */
  public Finished awaitJob(String id) {
    int code = engine.waitContainer(id);
    return new Finished(id, code, engine.logs(id));
  }

  /**
   * Creates and starts a long-running container: it runs the step, prints {@code ready} and then
   * idles until stopped (a TERM ends it at once). Returns when the step has run.
   */
  public String startService(ContainerSpec.Builder spec, Step startup) {
    String script = "trap 'exit 0' TERM\n" + startup.shell() + "\n" + IDLE;
    ContainerSpec.Builder s = spec.command(List.of("sh", "-c", script));
    if (memory != null) {
      s.image(MEMORY_SERVICE_IMAGE);
    }
    String id = engine.createContainer(s.build());
    serviceSteps.put(id, startup);
    serviceOutput.put(id, new StringBuilder());
    start(id);
    return id;
  }

  /** Starts a stopped service again: its step runs again, as the container's command does on Docker. */
  public void start(String id) {
    int before = readyCount(id);
    engine.startContainer(id);
    if (memory != null) {
      StringBuilder o = serviceOutput.get(id);
      Step step = serviceSteps.get(id);
      memory.exec(id, fs -> {
        StringBuilder now = new StringBuilder();
        step.java().run(fs, now);
        o.append(now).append("ready\n");
      });
      return;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (readyCount(id) <= before) {
      ContainerInfo info = engine.inspectContainer(id);
      if (info.state() != ContainerState.RUNNING && readyCount(id) <= before) {
        throw new VolumesException("container " + info.name() + " ended before it was ready (exit "
            + info.exitCode().orElse(-1) + "): " + engine.logs(id));
      }
      if (System.nanoTime() > deadline) {
        throw new VolumesException("container " + info.name() + " not ready after 30 s: " + engine.logs(id));
      }
      sleep(50);
    }
  }

  private int readyCount(String id) {
    String logs = logs(id);
    int n = 0;
    for (String line : logs.split("\n")) {
      if (line.equals("ready")) {
        n++;
      }
    }
    return n;
  }

  /**
   * On the in-memory engine, runs a twin in a running service container, as one more turn of what its
   * shell loop does on Docker; what it prints joins the service's output. Does nothing on Docker, where
   * the container's own loop runs.
   */
  public void turn(String id, Twin twin) {
    if (memory == null) {
      return;
    }
    StringBuilder o = serviceOutput.get(id);
    memory.exec(id, fs -> {
      StringBuilder now = new StringBuilder();
      twin.run(fs, now);
      o.append(now);
    });
  }

  /** The container's output so far (on the in-memory engine, what the twins of a service printed). */
  public String logs(String id) {
    StringBuilder o = serviceOutput.get(id);
    return engine.logs(id) + (o == null ? "" : o.toString());
  }

  /** Stops a container (TERM, then KILL after 5 s). */
  public void stop(String id) {
    engine.stopContainer(id, Duration.ofSeconds(5));
  }

  /** Removes a container (not its named volumes). */
  public void remove(String id) {
    engine.removeContainer(id, false, true);
  }

  public ContainerState state(String id) {
    return engine.inspectContainer(id).state();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VolumesException("interrupted", e);
    }
  }

  /** Removes every container and volume carrying this run's label (containers first, with their anonymous volumes). */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (ContainerInfo c : engine.listContainers(Map.of(LABEL, run))) {
      try {
        engine.removeContainer(c.id(), true, true);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    for (Volume v : engine.listVolumes(VolumeFilter.label(LABEL, run))) {
      try {
        engine.removeVolume(v.name(), true);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }
}
