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
  HELPER_STREAMS,
  /**
   * A port a started helper publishes is reached on this machine's loopback: the daemon runs here (or in
   * a VM whose ports this machine forwards, as Docker Desktop's), so the helper's port
   * ({@link io.github.volumes4j.spi.HelperIo#port}) is private and the quickest way to its streams. A
   * daemon reached over the network has none: there a published port would carry a volume's data
   * outside the API connection (unencrypted where that connection has TLS) and open it on the remote
   * host's addresses, so data movement takes the archive endpoints, or a helper's attached streams.
   *
   * <pre>{@code
   * boolean quick = engine.supports(EngineFeature.LOCAL_HELPER_PORTS);
   * }</pre>
   */
  LOCAL_HELPER_PORTS
}
