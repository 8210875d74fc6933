package io.github.volumes4j.swarm;

import io.github.volumes4j.VolumesException;

/**
 * A task of the service failed or was rejected while waiting for the service to converge: a missing bind
 * source, an option the node refused, a container that exited. Names the task, its slot and node and the
 * daemon's error.
 *
 * <pre>{@code
 * try { services.awaitConverged("web", Duration.ofMinutes(1)); }
 * catch (ServiceTaskFailedException e) { System.out.println(e.task().id() + ": " + e.task().error().orElse("")); }
 * }</pre>
 */
public class ServiceTaskFailedException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** The service as the caller named it. */
  private final String service;
  /** The task that failed. */
  private final transient TaskInfo task;

  /** For a failed task of a service: {@code new ServiceTaskFailedException("web", task)}. */
  public ServiceTaskFailedException(String service, TaskInfo task) {
    super("task " + task.id() + " of service " + service + (task.slot() > 0 ? " (slot " + task.slot() + ")" : "")
        + (task.nodeId().isEmpty() ? "" : " on node " + task.nodeId()) + " was " + task.state().apiName() + ": "
        + task.error().orElse(task.message()) + "; fix the service's spec (services().update) or remove it");
    this.service = service;
    this.task = task;
  }

  /** The service: {@code e.service()}. */
  public String service() {
    return service;
  }

  /** The task that failed, with its error: {@code e.task().error()}. */
  public TaskInfo task() {
    return task;
  }
}
