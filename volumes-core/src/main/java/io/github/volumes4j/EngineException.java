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
  private final int status;

  public EngineException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The engine's status code (HTTP status for Docker), when it gave one. */
  public OptionalInt status() {
    return status <= 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }
}
