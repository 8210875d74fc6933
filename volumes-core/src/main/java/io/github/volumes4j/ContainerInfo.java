package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * A container as the engine reports it: id, name, state, mounts.
 *
 * <pre>{@code
 * ContainerInfo c = engine.inspectContainer("db");
 * System.out.println(c.name() + " " + c.state() + " " + c.mounts());
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class ContainerInfo {

  ContainerInfo() {}

  /** The full 64-hex id. */
  public abstract String id();

  /** The name, without Docker's leading {@code /}. */
  public abstract String name();

  public abstract String image();

  public abstract ContainerState state();

  /** The exit code, once the container has exited. */
  public abstract OptionalInt exitCode();

  public abstract Map<String, String> labels();

  public abstract List<MountPoint> mounts();

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ContainerInfo}; engines use it. */
  public static final class Builder extends ImmutableContainerInfo.Builder {}
}
