package io.github.volumes4j.swarm;

import java.util.Locale;

/**
 * The states of a swarm task, in the order a task moves through them ({@code Status.State} and
 * {@code DesiredState} of {@code GET /tasks}).
 *
 * <pre>{@code
 * if (task.state().isFailure()) { System.out.println(task.error().orElse("")); }
 * }</pre>
 */
public enum TaskState {
  /** Created. */
  NEW,
  /** Resources allocated. */
  ALLOCATED,
  /** Waiting for a node. */
  PENDING,
  /** Given to a node. */
  ASSIGNED,
  /** Accepted by the node. */
  ACCEPTED,
  /** The node prepares it (mounts, image). */
  PREPARING,
  /** Prepared, not started. */
  READY,
  /** Being started. */
  STARTING,
  /** Its container runs. */
  RUNNING,
  /** Its container exited with 0. */
  COMPLETE,
  /** Stopped by the orchestrator. */
  SHUTDOWN,
  /** Its container failed. */
  FAILED,
  /** The node refused it (a missing bind source, a refused option). */
  REJECTED,
  /** Marked for removal. */
  REMOVE,
  /** Its node is gone. */
  ORPHANED;

  /** The state as the Engine API spells it: {@code TaskState.RUNNING.apiName()} is {@code "running"}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the task failed ({@link #FAILED} or {@link #REJECTED}): {@code TaskState.REJECTED.isFailure()}. */
  public boolean isFailure() {
    return this == FAILED || this == REJECTED;
  }

  /** Whether the task is done, one way or another: {@code TaskState.SHUTDOWN.isTerminal()}. */
  public boolean isTerminal() {
    return ordinal() >= COMPLETE.ordinal();
  }

  /**
   * The state of an API name: {@code TaskState.ofApiName("rejected")}.
   *
   * @throws IllegalArgumentException for a name no Engine API version uses
   */
  public static TaskState ofApiName(String name) {
    for (TaskState s : values()) {
      if (s.apiName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown task state '" + name + "'; expected one of new, ..., running, ..., orphaned");
  }
}
