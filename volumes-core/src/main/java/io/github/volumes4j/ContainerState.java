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
  CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ContainerState fromApiName(String status) {
    return valueOf(status.toUpperCase(Locale.ROOT));
  }
}
