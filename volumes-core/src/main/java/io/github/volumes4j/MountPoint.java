package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A mount as a container reports it ({@code docker inspect}'s {@code Mounts}).
 *
 * <pre>{@code
 * for (MountPoint m : engine.inspectContainer("db").mounts()) {
 *   System.out.println(m.type() + " " + m.name().orElse(m.source()) + " -> " + m.destination());
 * }
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class MountPoint {

  MountPoint() {}

  /** The kind of mount: {@code point.type() == MountType.VOLUME}. */
  public abstract MountType type();

  /** The volume's name, for volume mounts. */
  public abstract Optional<String> name();

  /** The host path (for a volume, its mountpoint); empty for tmpfs. */
  @Value.Default
  public String source() {
    return "";
  }

  /** Where it appears in the container: {@code "/var/lib/postgresql/data"}. */
  public abstract String destination();

  /** The volume's driver, for volume mounts. */
  public abstract Optional<String> driver();

  /** The mode text as Docker reports it ({@code z}, {@code ro}, ...); often empty. */
  @Value.Default
  public String mode() {
    return "";
  }

  /** Whether the container may write. */
  public abstract boolean readWrite();

  /** The propagation as Docker reports it, often empty for volumes. */
  @Value.Default
  public String propagation() {
    return "";
  }

  /** A builder, for engines: {@code MountPoint.builder().type(MountType.VOLUME).name("pgdata").destination("/data").build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link MountPoint}; engines use it. */
  public static final class Builder extends ImmutableMountPoint.Builder {}
}
