package io.github.volumes4j;

/**
 * The root of every exception volumes4j throws for a situation a caller can act on.
 *
 * <pre>{@code
 * try {
 *   volumes.remove("pgdata");
 * } catch (VolumeInUseException e) {
 *   System.out.println("still used by " + e.containerIds());
 * } catch (VolumesException e) {
 *   System.out.println(e.getMessage());   // what failed, the value, what to do
 * }
 * }</pre>
 *
 * <p>Every engine throws the same subtype, with the same message, for the same situation; the
 * engine's own error (for Docker, the HTTP status and the daemon's message) is kept as the cause.
 */
public class VolumesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** For a situation a caller can act on: {@code new VolumesException("what failed, the value, what to do")}. */
  public VolumesException(String message) {
    super(message);
  }

  /** Like the one-argument constructor, with the engine's own error as the cause. */
  public VolumesException(String message, Throwable cause) {
    super(message, cause);
  }
}
