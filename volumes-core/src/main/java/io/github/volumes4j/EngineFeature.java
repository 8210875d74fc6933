package io.github.volumes4j;

/**
 * Optional abilities of an engine; contract scenarios that need one are assumed away without it.
 *
 * <pre>{@code
 * assumeTrue(engine.supports(EngineFeature.TMPFS));
 * }</pre>
 */
public enum EngineFeature {
  /** Containers can be created, started, stopped, waited for and removed. */
  CONTAINERS,
  /** Containers can run a command (a real process, or a Java callback in the in-memory engine). */
  RUN_PROCESSES,
  /** Archive read and write of paths in a container. */
  ARCHIVE,
  /** Images can be imported from a root file system tarball. */
  IMAGE_IMPORT,
  /** Images can be pulled from a registry ({@link io.github.volumes4j.spi.VolumeEngine#pullImage}). */
  IMAGE_PULL,
  /** tmpfs mounts. */
  TMPFS,
  /** Bind mounts of host paths. */
  BIND_MOUNTS,
  /** Volume usage (size and reference count), as {@code /system/df} reports it. */
  VOLUME_USAGE,
  /** Local-driver volumes with {@code type=tmpfs} or bind {@code device} options can be mounted. */
  LOCAL_DRIVER_MOUNTS,
  /**
   * Started helper containers whose standard streams the caller reads and writes
   * ({@link io.github.volumes4j.spi.VolumeEngine#startHelper}): attached, or through a port the helper
   * listens on.
   */
  HELPER_STREAMS
}
