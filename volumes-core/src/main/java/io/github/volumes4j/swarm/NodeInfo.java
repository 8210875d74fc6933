package io.github.volumes4j.swarm;

import io.github.volumes4j.internal.VolumesStyle;
import org.immutables.value.Value;

/**
 * A node of the swarm ({@code docker node ls}).
 *
 * <pre>{@code
 * for (NodeInfo n : volumes.services().nodes()) {
 *   System.out.println(n.id() + " " + n.hostname() + " " + n.role() + " " + n.state() + " " + n.address());
 * }
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class NodeInfo {

  NodeInfo() {}

  /** The node's id: {@code node.id()}. */
  public abstract String id();

  /** Its host name: {@code node.hostname()}. */
  public abstract String hostname();

  /** {@code "manager"} or {@code "worker"}: {@code node.role()}. */
  public abstract String role();

  /** {@code "ready"}, {@code "down"}...: {@code node.state()}. */
  public abstract String state();

  /** {@code "active"}, {@code "pause"} or {@code "drain"}: {@code node.availability()}. */
  public abstract String availability();

  /** The address other nodes reach it on: {@code node.address()}. */
  public abstract String address();

  /** A builder, for engines: {@code NodeInfo.builder().id(id).hostname("vm").role("manager")...build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link NodeInfo}; engines use it. */
  public static final class Builder extends ImmutableNodeInfo.Builder {}
}
