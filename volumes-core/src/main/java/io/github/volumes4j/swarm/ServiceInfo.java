package io.github.volumes4j.swarm;

import io.github.volumes4j.internal.VolumesStyle;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A service as the manager reports it ({@code docker service inspect}): its id, the version an update must
 * name, and its spec read back from the daemon.
 *
 * <pre>{@code
 * ServiceInfo s = volumes.services().inspect("web");
 * System.out.println(s.id() + " v" + s.version() + " " + s.spec().replicas() + " replicas, mounts " + s.spec().mounts());
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class ServiceInfo {

  ServiceInfo() {}

  /** The service's id: {@code "dc5cxg1uolldmlctyextqe4hk"}. */
  public abstract String id();

  /** The version of the service object; an update names it ({@code ?version=}): {@code info.version()}. */
  public abstract long version();

  /** The spec as the daemon holds it: {@code info.spec().mounts()}. */
  public abstract ServiceSpec spec();

  /** When the service was created: {@code info.createdAt()}. */
  public abstract Instant createdAt();

  /** When its spec last changed: {@code info.updatedAt()}. */
  public abstract Instant updatedAt();

  /** The state of the last rolling update ({@code "completed"}, {@code "paused"}...), when there was one: {@code info.updateState()}. */
  public abstract Optional<String> updateState();

  /** The message of the last rolling update, when there was one: {@code info.updateMessage()}. */
  public abstract Optional<String> updateMessage();

  /**
   * An opaque digest of the service's task template (the container spec its tasks run), as the engine computes it;
   * a task runs the current spec when its {@link TaskInfo#templateDigest()} is the same:
   * {@code task.templateDigest().equals(info.templateDigest())}.
   */
  public abstract String templateDigest();

  /** The service's name (of its spec): {@code info.name()}. */
  public final String name() {
    return spec().name();
  }

  /** A builder, for engines: {@code ServiceInfo.builder().id(id).version(11).spec(spec).createdAt(t).updatedAt(t).templateDigest(d).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ServiceInfo}; engines use it. */
  public static final class Builder extends ImmutableServiceInfo.Builder {}
}
