package io.github.volumes4j.data;

import io.github.volumes4j.VolumesException;

/**
 * Moving data into, out of or between volumes failed: the engine's stream broke, the destination
 * disk filled up, a verification did not match. The message says what was left behind (nothing,
 * unless it names it).
 *
 * <pre>{@code
 * try { volumes.backup("pgdata").to(Path.of("pgdata.tar")); }
 * catch (DataMovementException e) { log(e.getMessage()); }   // no pgdata.tar, no temporary file
 * }</pre>
 */
public class DataMovementException extends VolumesException {
  private static final long serialVersionUID = 1L;

  /** For a data operation that failed: {@code new DataMovementException("backup of volume pgdata failed: ...")}. */
  public DataMovementException(String message) {
    super(message);
  }

  /** Like the one-argument constructor, with a cause. */
  public DataMovementException(String message, Throwable cause) {
    super(message, cause);
  }
}
