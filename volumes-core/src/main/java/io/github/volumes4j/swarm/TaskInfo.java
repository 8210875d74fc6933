package io.github.volumes4j.swarm;

import io.github.volumes4j.MountSpec;
import io.github.volumes4j.internal.VolumesStyle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One task of a service ({@code docker service ps}): where it runs, its state and error, its container and
 * the mounts it got.
 *
 * <pre>{@code
 * for (TaskInfo t : volumes.services().tasks("web")) {
 *   System.out.println(t.slot() + " " + t.nodeId() + " " + t.state() + " " + t.error().orElse(""));
 * }
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class TaskInfo {

  TaskInfo() {}

  /** The task's id: {@code "ltsihv5wgxndvpf6efiw1fwo2"}. */
  public abstract String id();

  /** The id of its service: {@code task.serviceId()}. */
  public abstract String serviceId();

  /** Its slot in a replicated service (1, 2, ...), 0 in a global service: {@code task.slot()}. */
  public abstract int slot();

  /** The node it was given to, empty until the scheduler chose one: {@code task.nodeId()}. */
  public abstract String nodeId();

  /** Its state: {@code task.state() == TaskState.RUNNING}. */
  public abstract TaskState state();

  /** The state the orchestrator wants it in: {@code task.desiredState()}. */
  public abstract TaskState desiredState();

  /** The daemon's message for the state ({@code "started"}, {@code "preparing"}): {@code task.message()}. */
  public abstract String message();

  /** Why it failed or was rejected, in the daemon's words: {@code task.error().orElse("")}. */
  public abstract Optional<String> error();

  /** Its container on the node, once there is one: {@code task.containerId()}. */
  public abstract Optional<String> containerId();

  /** The mounts of its container spec, as the task got them: {@code task.mounts()}. */
  public abstract List<MountSpec> mounts();

  /**
   * An opaque digest of the task template the task was made from; equal to its service's
   * {@link ServiceInfo#templateDigest()} while the task runs the current spec: {@code task.templateDigest()}.
   */
  public abstract String templateDigest();

  /** When it was created: {@code task.createdAt()}. */
  public abstract Instant createdAt();

  /** A builder, for engines: {@code TaskInfo.builder().id(id).serviceId(s).slot(1).nodeId(n)...build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TaskInfo}; engines use it. */
  public static final class Builder extends ImmutableTaskInfo.Builder {}
}
