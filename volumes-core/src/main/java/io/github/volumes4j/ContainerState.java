package io.github.volumes4j;

import java.util.Locale;

/**
 * The states of a container, as {@code docker inspect} reports {@code State.Status}.
 *
 * <pre>{@code
 * if (engine.inspectContainer(id).state() == ContainerState.RUNNING) { ... }
 * }</pre>
 */
public enum ContainerState {
  /** Created, never started. */
  CREATED,
  /** Running. */
  RUNNING,
  /** Paused ({@code docker pause}). */
  PAUSED,
  /** Being restarted by its restart policy. */
  RESTARTING,
  /** Being removed. */
  REMOVING,
  /** Stopped, or its process ended. */
  EXITED,
  /** Could not be removed completely; the engine gave up on it. */
  DEAD;

  /** The Engine API's spelling: {@code running}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads the Engine API's spelling: {@code ContainerState.fromApiName("exited") == EXITED}. */
  public static ContainerState fromApiName(String status) {
    return valueOf(status.toUpperCase(Locale.ROOT));
  }
}
