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
  HOST_MOUNTPOINT
}
