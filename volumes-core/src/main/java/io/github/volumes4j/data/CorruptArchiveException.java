package io.github.volumes4j.data;

/**
 * An archive is not a complete, intact volumes4j backup (or tar): truncated, manifest missing or
 * unreadable, counts or SHA-256 not matching. Thrown before an existing target volume is touched;
 * a new volume that a restore created for the archive is removed again.
 *
 * <pre>{@code
 * try { volumes.restore(Path.of("pgdata.tar")).toNewVolume(); }
 * catch (CorruptArchiveException e) { System.out.println(e.getMessage()); }
 * }</pre>
 */
public class CorruptArchiveException extends DataMovementException {
  private static final long serialVersionUID = 1L;

  /** For an archive that is not what it says: {@code new CorruptArchiveException("checksum mismatch")}. */
  public CorruptArchiveException(String message) {
    super(message);
  }

  /** Like the one-argument constructor, with a cause. */
  public CorruptArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
