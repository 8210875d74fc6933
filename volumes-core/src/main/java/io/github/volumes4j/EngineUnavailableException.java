package io.github.volumes4j;

import java.util.List;

/**
 * No engine answered, or the engine went away mid-call; lists every place that was tried.
 *
 * <pre>{@code
 * try (Volumes volumes = Volumes.connect()) { ... }
 * catch (EngineUnavailableException e) {
 *   e.attempts().forEach(System.out::println);  // DOCKER_HOST (unset), /var/run/docker.sock (missing)...
 * }
 * }</pre>
 */
public class EngineUnavailableException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** Each place tried and what happened there. */
  private final List<String> attempts;

  /** For an engine that does not answer: {@code new EngineUnavailableException("no daemon", List.of("unix:///var/run/docker.sock (refused)"), e)}. */
  public EngineUnavailableException(String message, List<String> attempts, Throwable cause) {
    super(message, cause);
    this.attempts = List.copyOf(attempts);
  }

  /** {@code no Docker engine found; tried: A, B, C}. */
  public static EngineUnavailableException noEngine(String what, List<String> attempts) {
    return new EngineUnavailableException(
        "no " + what + " found; tried: " + String.join(", ", attempts), attempts, null);
  }

  /** Each place tried and what happened there, in order. */
  public List<String> attempts() {
    return attempts;
  }
}
