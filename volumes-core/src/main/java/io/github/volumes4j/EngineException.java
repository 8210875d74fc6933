package io.github.volumes4j;

import java.util.OptionalInt;

/**
 * The engine refused or failed a request in a way no more specific exception covers.
 *
 * <pre>{@code
 * catch (EngineException e) { log(e.status() + " " + e.getMessage()); }
 * }</pre>
 */
public class EngineException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** The engine's status code (HTTP for Docker), 0 when it gave none. */
  private final int status;

  /** For an error of the engine: {@code new EngineException(500, "the daemon says ...", cause)}. */
  public EngineException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The engine's status code (HTTP status for Docker), when it gave one. */
  public OptionalInt status() {
    return status <= 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }
}
