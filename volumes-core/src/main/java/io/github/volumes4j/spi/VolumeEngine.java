package io.github.volumes4j.spi;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.EngineInfo;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.PullProgress;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumeUsage;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The primitives an engine offers; everything else in volumes4j is written once on top of them.
 *
 * <pre>{@code
 * try (VolumeEngine engine = InMemoryEngine.dockerLike()) {
 *   Volume v = engine.createVolume(VolumeSpec.named("data"));
 *   engine.removeVolume("data", false);
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe and throw the {@code VolumesException} subtype that Docker's
 * answer maps to, with Docker's message: {@code VolumeNotFoundException} for a missing volume,
 * {@code VolumeInUseException} for a volume a container refers to, and so on. The contract suite in
 * volumes-testkit ({@code VolumeEngineContract}) checks that an engine does.
 */
public interface VolumeEngine extends AutoCloseable {

  /** The engine's kind, version and API version. */
  EngineInfo info();

  /** Whether the engine offers an optional ability. */
  boolean supports(EngineFeature feature);

  // ---- volumes -------------------------------------------------------------------------------

  /** Creates a volume, or returns the existing one of that name unchanged (same driver). */
  Volume createVolume(VolumeSpec spec);

  /** The volume of that name; {@code VolumeNotFoundException} if none. */
  Volume inspectVolume(String name);

  /** The volumes that match every filter given. */
  List<Volume> listVolumes(VolumeFilter filter);

  /**
   * Removes a volume; {@code VolumeInUseException} while a container refers to it. {@code force}
   * forgives only a missing volume, as Docker's does.
   */
  void removeVolume(String name, boolean force);

  /** Removes unused volumes that match the options. */
  PruneResult pruneVolumes(PruneOptions options);

  /**
   * Size and reference count of every volume the engine measures, as {@code docker system df -v}
   * reports them (Docker 20.10 leaves out volumes with driver options). Engines without
   * {@link EngineFeature#VOLUME_USAGE} throw {@link UnsupportedFeatureException}.
   */
  default Map<String, VolumeUsage> volumeUsage() {
    throw new UnsupportedFeatureException("volume usage", info().name() + " does not measure volume usage;"
        + " check supports(EngineFeature.VOLUME_USAGE) first");
  }

  /** The volume with its {@link Volume#usage()} filled in when {@link #volumeUsage()} reports it. */
  default Volume inspectVolumeWithUsage(String name) {
    Volume v = inspectVolume(name);
    VolumeUsage u = volumeUsage().get(name);
    return u == null ? v : v.withUsage(u);
  }

  // ---- containers ----------------------------------------------------------------------------

  /** Creates a container with its mounts; returns its id. Volumes named by mounts are created if missing. */
  String createContainer(ContainerSpec spec);

  /** Starts a created or stopped container ({@code docker start}). */
  void startContainer(String container);

  /** Stops a running container, killing it after the timeout. */
  void stopContainer(String container, Duration timeout);

  /** Waits until the container exits; returns its exit code. */
  int waitContainer(String container);

  /** Removes a container; {@code removeVolumes} removes its anonymous volumes ({@code rm -v}). */
  void removeContainer(String container, boolean removeVolumes, boolean force);

  /** The container's state, labels and mounts ({@code docker inspect}). */
  ContainerInfo inspectContainer(String container);

  /** Containers in any state carrying every label given ({@code key} or {@code key=value}). */
  List<ContainerInfo> listContainers(Map<String, String> labels);

  /** The container's output so far, stdout and stderr interleaved, as text. */
  String logs(String container);

  // ---- archive -------------------------------------------------------------------------------

  /** A tar stream of a path in the container (through its mounts); the caller closes it. */
  InputStream readArchive(String container, String path);

  /**
   * Extracts a tar stream into a directory of the container (through its mounts).
   *
   * @param noOverwriteDirNonDir refuse to replace a directory by a non-directory and the reverse
   */
  void writeArchive(String container, String directory, InputStream tar, boolean noOverwriteDirNonDir);

  /** What the path is, or empty when it does not exist. */
  Optional<PathStat> statPath(String container, String path);

  // ---- started helpers ---------------------------------------------------------------------

  /**
   * Creates and starts a helper container and connects to its streams ({@link HelperIo}): attached
   * before it starts, or through a published port it listens on. Engines without
   * {@link EngineFeature#HELPER_STREAMS} throw {@link UnsupportedFeatureException}; an engine that
   * cannot offer the port exchange asked for throws it too (the caller may ask for
   * {@link HelperIo#attached()} instead), as one without {@link EngineFeature#LOCAL_HELPER_PORTS} does.
   * If anything fails after the container was created, it is
   * removed before the exception is thrown.
   *
   * <pre>{@code
   * try (HelperProcess p = engine.startHelper(spec, HelperIo.attached())) {
   *   p.stdin().close();
   *   p.stdout().transferTo(out);
   * }
   * }</pre>
   *
   * @param spec the helper (image, command, mounts, labels, name)
   * @param io how to reach its streams
   * @return the running helper
   */
  default HelperProcess startHelper(ContainerSpec spec, HelperIo io) {
    throw new UnsupportedFeatureException("started helpers", info().name() + " cannot stream a helper's"
        + " input and output; check supports(EngineFeature.HELPER_STREAMS) first");
  }

  // ---- swarm services ------------------------------------------------------------------------

  /**
   * The engine's swarm services ({@link ServiceEngine}): the Docker engine on a swarm manager, the in-memory engine
   * as a single-node swarm. Engines without services throw {@link UnsupportedFeatureException}; a daemon that is not
   * a manager answers each call with {@code NotSwarmManagerException}.
   *
   * <pre>{@code
   * List<TaskInfo> tasks = engine.services().listTasks("web");
   * }</pre>
   *
   * @return the engine's service primitives
   */
  default ServiceEngine services() {
    throw new UnsupportedFeatureException("swarm services", info().name() + " has no swarm services;"
        + " use the Docker engine on a swarm manager, or the in-memory engine");
  }

  // ---- images --------------------------------------------------------------------------------

  /** Imports a root file system tarball as an image under {@code reference} ({@code repo:tag}). */
  void importImage(InputStream rootfs, String reference, Map<String, String> labels);

  /** Whether an image of that reference or id exists. */
  boolean imageExists(String reference);

  /**
   * The tagged references of the images the engine has ({@code repo:tag}, untagged images left out),
   * smallest image first, as {@code docker images} lists them. Engines that cannot list images throw
   * {@link UnsupportedFeatureException}.
   *
   * <pre>{@code
   * List<String> local = engine.listImages();     // [volumes4j/helper:busybox-3d9f2889d678, alpine:3.20, ...]
   * }</pre>
   *
   * @return the references, smallest image first (ties by reference)
   */
  default List<String> listImages() {
    throw new UnsupportedFeatureException("image listing", info().name() + " does not list its images");
  }

  /**
   * Pulls an image from its registry, as {@code docker pull} does, reporting each step. Engines
   * without {@link EngineFeature#IMAGE_PULL} throw {@link UnsupportedFeatureException}.
   *
   * <pre>{@code
   * engine.pullImage("busybox:1.36", p -> log.info("{}", p));
   * }</pre>
   *
   * @throws io.github.volumes4j.ImageNotFoundException if the registry has no such repository or tag
   * @throws io.github.volumes4j.RegistryAuthenticationException if the registry refused the credentials, or wanted some
   * @throws io.github.volumes4j.RegistryUnreachableException if the registry could not be reached
   */
  default void pullImage(String reference, Consumer<PullProgress> progress) {
    throw new UnsupportedFeatureException("image pull", info().name() + " does not pull images; check"
        + " supports(EngineFeature.IMAGE_PULL) first, or make the image available another way");
  }

  // ---- validation ----------------------------------------------------------------------------

  /**
   * Whether the engine's host files are this JVM's files (a daemon on this machine, the in-memory engine):
   * then {@code Volumes.validate} checks bind sources, bind devices of local volumes and the host's mount
   * propagation here. False unless the engine knows (a daemon reached over TCP, or through a socket mounted
   * into this JVM's container, has other files).
   *
   * <pre>{@code
   * if (engine.sharesHostFiles()) { Files.createDirectories(source); }
   * }</pre>
   */
  default boolean sharesHostFiles() {
    return false;
  }

  /**
   * What this engine would refuse in the spec that the engine-independent rules cannot see (unknown volume
   * drivers, mounts over the image's own files); {@code Volumes.validate} adds them to its own findings.
   * Empty unless the engine knows more.
   *
   * <pre>{@code
   * List<MountProblem> extra = engine.problemsOf(spec);
   * }</pre>
   */
  default List<io.github.volumes4j.MountProblem> problemsOf(ContainerSpec spec) {
    return List.of();
  }

  /** Releases the engine's resources. */
  @Override
  void close();
}
