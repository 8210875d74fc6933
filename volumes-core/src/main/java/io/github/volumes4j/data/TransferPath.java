package io.github.volumes4j.data;

/**
 * How the data travelled, reported by every result.
 *
 * <pre>{@code
 * BackupResult r = volumes.backup("pgdata").to(file);
 * if (r.path() == TransferPath.ARCHIVE_API) { ... }   // the zero-pull path, through the engine
 * }</pre>
 */
public enum TransferPath {
  /** The engine's archive endpoints on a created, never-started helper container: works everywhere. */
  ARCHIVE_API,
  /**
   * Direct reads or writes of the volume's mountpoint: only when the engine is local, the
   * mountpoint is accessible to this process and proved to be the volume's.
   */
  HOST_MOUNTPOINT,
  /**
   * A started helper container that mounts the volume and streams {@code tar} through the engine:
   * through a port it listens on (guarded by a one-time token) when it runs the library's own busybox
   * image, else over its attached standard streams. Taken when the mountpoint cannot be read (a
   * remote daemon, Docker Desktop, rootless Docker, Podman) and a helper image is at hand (see
   * {@code DataMovement.helperImage}); the engine pulls nothing for it unless told to.
   */
  HELPER_STREAM,
  /**
   * Nothing moved: the migration's new volume is storage the source's engine reaches too (two daemons over one shared
   * directory or export) and it already held the source's tree, compared by digest on both sides.
   */
  SHARED_STORAGE
}
