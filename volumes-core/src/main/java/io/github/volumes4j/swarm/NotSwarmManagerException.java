package io.github.volumes4j.swarm;

import io.github.volumes4j.VolumesException;

/**
 * The engine is not a swarm manager, so it has no services, tasks or nodes (HTTP 503 from Docker).
 *
 * <pre>{@code
 * try { volumes.services().list(Map.of()); }
 * catch (NotSwarmManagerException e) { System.out.println("run docker swarm init, or connect to a manager"); }
 * }</pre>
 */
public class NotSwarmManagerException extends VolumesException {
  private static final long serialVersionUID = 1L;

  /** With the daemon's message and answer as the cause. */
  public NotSwarmManagerException(String message, Throwable cause) {
    super(message, cause);
  }
}
