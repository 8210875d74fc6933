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

  /** The image the container was created from, as asked: {@code "busybox:1.36"}. */
  public abstract String image();

  /** Its state when inspected: {@code info.state() == ContainerState.RUNNING}. */
  public abstract ContainerState state();

  /** The exit code, once the container has exited. */
  public abstract OptionalInt exitCode();

  /** Its labels: {@code info.labels().get("app")}. */
  public abstract Map<String, String> labels();

  /** Its mounts as the engine reports them: {@code info.mounts().get(0).destination()}. */
  public abstract List<MountPoint> mounts();

  /** A builder, for engines: {@code ContainerInfo.builder().id(id).name("db").image("busybox").state(ContainerState.CREATED).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ContainerInfo}; engines use it. */
  public static final class Builder extends ImmutableContainerInfo.Builder {}
}
