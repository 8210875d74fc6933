package io.github.volumes4j;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.spi.VolumeEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The containers of an engine, as much of them as volume work needs: create with mounts, run,
 * stop, wait, inspect, logs, remove.
 *
 * <pre>{@code
 * Containers containers = volumes.containers();
 * String id = containers.run(ContainerSpec.builder().image("busybox")
 *     .addCommand("sh", "-c", "echo hello > /data/greeting")
 *     .addMount(VolumeMount.of("shared", "/data")).build());
 * int exit = containers.waitFor(id);
 * containers.remove(id);
 * }</pre>
 *
 * <p>Mount sets are validated before the engine is called: duplicate targets and fields the engine's
 * API version would silently ignore are refused ({@link Mounts#requireSupportedBy(ApiVersion)}).
 */
public final class Containers {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Containers.class);

  private final VolumeEngine engine;
  private final Consumer<PullProgress> pullProgress;

  Containers(VolumeEngine engine) {
    this(engine, p -> LOG.debug("pull {}: {}", p.reference(), p));
  }

  private Containers(VolumeEngine engine, Consumer<PullProgress> pullProgress) {
    this.engine = engine;
    this.pullProgress = pullProgress;
  }

  /**
   * The same containers, reporting the steps of image pulls to {@code progress} (by default they are
   * logged at DEBUG).
   *
   * <pre>{@code
   * volumes.containers().onPull(p -> System.out.println(p)).run(ContainerSpec.of("busybox:1.36"));
   * }</pre>
   */
  public Containers onPull(Consumer<PullProgress> progress) {
    return new Containers(engine, requireNonNull(progress, "progress == null"));
  }

  /**
   * Creates a container (volumes it names are created if missing); returns its id. A missing image is
   * pulled first, as {@code docker run} does, unless the spec's {@link ContainerSpec#pullPolicy()} says
   * otherwise.
   *
   * <pre>{@code
   * String id = volumes.containers().create(ContainerSpec.of("busybox:1.36").withCommand("sleep", "60"));
   * }</pre>
   *
   * @throws ImagePullException (a subtype saying why) when the image is missing and cannot be pulled
   * @throws InvalidContainerSpecException when Docker would refuse the spec at create or start ({@link #validate},
   *     unless the spec says {@link ContainerSpec#validateFirst() validateFirst(false)}); nothing is created
   */
  public String create(ContainerSpec spec) {
    requireNonNull(spec, "spec == null");
    spec.mountSet().requireSupportedBy(engine.info().apiVersion());
    if (spec.validateFirst()) {
      List<MountProblem> problems = io.github.volumes4j.internal.Validation.check(engine, spec);
      if (!problems.isEmpty()) {
        throw new InvalidContainerSpecException(problems);
      }
    }
    new Images(engine).ensure(spec.image(), spec.pullPolicy(), pullProgress);
    return engine.createContainer(spec);
  }

  /**
   * Every problem Docker would raise creating or starting this container, each with the mount, the value,
   * the daemon's wording and what to do; empty means Docker would accept it. Reads only (the named volumes,
   * the engine's drivers, this host's files where the engine shares them); creates nothing.
   *
   * <pre>{@code
   * List<MountProblem> problems = volumes.containers().validate(spec);
   * problems.forEach(p -> System.out.println(p.stage() + " " + p.value() + ": " + p.message()));
   * }</pre>
   *
   * <p>Not seen: what depends on the image's files on a daemon (a volume over a file of the image is found
   * by the in-memory engine only), on the command, and on hosts this JVM cannot see (bind sources and the
   * mount table are checked only where {@link VolumeEngine#sharesHostFiles()}).
   */
  public List<MountProblem> validate(ContainerSpec spec) {
    requireNonNull(spec, "spec == null");
    spec.mountSet().requireSupportedBy(engine.info().apiVersion());
    return io.github.volumes4j.internal.Validation.check(engine, spec);
  }

  /** Creates and starts a container; returns its id. A failed start removes the created container. */
  public String run(ContainerSpec spec) {
    String id = create(spec);
    try {
      engine.startContainer(id);
    } catch (RuntimeException e) {
      try {
        engine.removeContainer(id, true, true);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return id;
  }

  /** Starts a created or stopped container: {@code containers.start(id)}. */
  public void start(String container) {
    engine.startContainer(requireNonNull(container, "container == null"));
  }

  /** Stops a container, killing it after ten seconds, as {@code docker stop} does. */
  public void stop(String container) {
    stop(container, Duration.ofSeconds(10));
  }

  /** Stops a container, killing it after {@code timeout}: {@code containers.stop(id, Duration.ofSeconds(2))}. */
  public void stop(String container, Duration timeout) {
    engine.stopContainer(requireNonNull(container, "container == null"), requireNonNull(timeout, "timeout == null"));
  }

  /** Waits until the container exits; returns its exit code. */
  public int waitFor(String container) {
    return engine.waitContainer(requireNonNull(container, "container == null"));
  }

  /** The container's state, labels and mounts: {@code containers.inspect(id).state()}. */
  public ContainerInfo inspect(String container) {
    return engine.inspectContainer(requireNonNull(container, "container == null"));
  }

  /** Containers in any state carrying every label given. */
  public List<ContainerInfo> list(Map<String, String> labels) {
    return engine.listContainers(requireNonNull(labels, "labels == null"));
  }

  /** What the container wrote to stdout and stderr so far. */
  public String logs(String container) {
    return engine.logs(requireNonNull(container, "container == null"));
  }

  /** Removes a stopped container; its anonymous volumes stay ({@code docker rm}). */
  public void remove(String container) {
    engine.removeContainer(requireNonNull(container, "container == null"), false, false);
  }

  /** Removes a container, running or not, with its anonymous volumes ({@code docker rm -f -v}). */
  public void removeWithVolumes(String container) {
    engine.removeContainer(requireNonNull(container, "container == null"), true, true);
  }
}
