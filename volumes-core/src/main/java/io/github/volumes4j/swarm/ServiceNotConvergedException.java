package io.github.volumes4j.swarm;

import io.github.volumes4j.VolumesException;
import java.time.Duration;
import java.util.List;

/**
 * The service did not reach its desired number of running tasks within the time given, and no task failed
 * in a way that says why (an image still being pulled, a node that does not fit the constraints).
 *
 * <pre>{@code
 * try { services.awaitConverged("web", Duration.ofSeconds(30)); }
 * catch (ServiceNotConvergedException e) { e.tasks().forEach(t -> System.out.println(t.state() + " " + t.message())); }
 * }</pre>
 */
public class ServiceNotConvergedException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** The service as the caller named it. */
  private final String service;
  /** The tasks when the time ran out. */
  private final transient List<TaskInfo> tasks;

  /** For a service that did not converge: {@code new ServiceNotConvergedException("web", timeout, 1, 2, tasks)}. */
  public ServiceNotConvergedException(String service, Duration timeout, int running, int desired, List<TaskInfo> tasks) {
    super("service " + service + " did not converge within " + timeout.toMillis() + " ms: " + running + " of " + desired
        + " tasks running; tasks: " + describe(tasks) + "; wait longer, or look at the tasks' states and the nodes");
    this.service = service;
    this.tasks = List.copyOf(tasks);
  }

  /** With a message of its own, for a wait other than convergence: {@code new ServiceNotConvergedException("web", "...")}. */
  public ServiceNotConvergedException(String service, String message) {
    super(message);
    this.service = service;
    this.tasks = List.of();
  }

  private static String describe(List<TaskInfo> tasks) {
    StringBuilder b = new StringBuilder();
    for (TaskInfo t : tasks) {
      if (t.desiredState().isTerminal()) {
        continue;
      }
      b.append(b.length() == 0 ? "" : ", ").append(t.id()).append(' ').append(t.state().apiName());
      if (!t.message().isEmpty()) {
        b.append(" (").append(t.message()).append(')');
      }
    }
    return b.length() == 0 ? "none" : b.toString();
  }

  /** The service: {@code e.service()}. */
  public String service() {
    return service;
  }

  /** The tasks as they were when the time ran out: {@code e.tasks()}. */
  public List<TaskInfo> tasks() {
    return tasks;
  }
}
