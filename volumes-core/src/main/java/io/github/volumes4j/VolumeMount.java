package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A named or anonymous volume mounted into a container ({@code -v name:/target},
 * {@code --mount type=volume,...}).
 *
 * <pre>{@code
 * VolumeMount data = VolumeMount.of("pgdata", "/var/lib/postgresql/data");
 * VolumeMount cache = VolumeMount.anonymous("/cache").withNoCopy(true);
 * VolumeMount logs = VolumeMount.builder().source("logs").target("/var/log/app")
 *     .subpath("app1").readOnly(true).build();
 * }</pre>
 *
 * <p>The source is checked against the local driver's naming rule
 * ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}) unless another driver is named. An anonymous volume cannot
 * be read-only or have a subpath (Docker refuses both).
 *
 * <p>Labels, driver and driver options are used only when the mount creates the volume (the volume
 * does not exist yet, or is anonymous); an existing volume is mounted as it is.
 */
@Value.Immutable
@VolumesStyle
public abstract non-sealed class VolumeMount implements MountSpec, WithVolumeMount {

  VolumeMount() {}

  /** The volume name; empty for an anonymous volume, which the daemon names with 64 hex digits. */
  public abstract Optional<String> source();

  @Override
  public abstract String target();

  @Override
  @Value.Default
  public boolean readOnly() {
    return false;
  }

  @Override
  public abstract Optional<Consistency> consistency();

  /** {@code nocopy}: do not copy the image's content at the target into an empty volume. */
  @Value.Default
  public boolean noCopy() {
    return false;
  }

  /**
   * SELinux relabelling ({@code z} / {@code Z}) of the volume's content; only the {@code -v} syntax
   * (the Engine API's {@code HostConfig.Binds}) can express it.
   */
  public abstract Optional<SelinuxLabel> selinuxLabel();

  /** A path inside the volume to mount instead of its root (Engine API 1.45); never on an anonymous volume. */
  public abstract Optional<String> subpath();

  /** Labels given to the volume if this mount creates it. */
  public abstract Map<String, String> labels();

  /** The driver of the volume if this mount creates it; empty means the daemon's default ({@code local}). */
  public abstract Optional<String> driver();

  /** Driver options of the volume if this mount creates it. */
  public abstract Map<String, String> driverOptions();

  /**
   * {@inheritDoc}
   *
   * <pre>{@code
   * MountSyntax.MOUNT.parse("type=volume,src=data,dst=/d").origin();  // Optional[MOUNT_FLAG]
   * }</pre>
   */
  @Override
  @Value.Auxiliary
  public abstract Optional<Origin> origin();

  @Override
  public final MountType type() {
    return MountType.VOLUME;
  }

  /** Whether the daemon will create (and name) a new volume for this mount. */
  public final boolean anonymous() {
    return source().isEmpty();
  }

  @Value.Check
  final void check() {
    if (source().isEmpty() && origin().orElse(null) == Origin.VOLUME_FLAG && !target().isEmpty() && !target().startsWith("/")
        && target().indexOf('\0') < 0) {
      // -v x: the docker CLI sends it on as Config.Volumes, the daemon mounts an anonymous volume at /x (recorded)
    } else {
      MountChecks.target(target(), this);
    }
    driver().ifPresent(d -> MountChecks.nonEmpty("driver", d, this));
    if (source().isPresent()) {
      MountChecks.nonEmpty("source", source().get(), this);
      if (driver().isEmpty() || driver().get().equals("local")) {
        MountChecks.localVolumeName(source().get(), this);
      }
    } else {
      if (readOnly()) {
        throw MountChecks.invalid(this, "invalid mount config for type \"volume\": must not set ReadOnly mode when using"
            + " anonymous volumes; name the volume or drop read-only");
      }
      if (subpath().isPresent()) {
        throw MountChecks.invalid(this, "invalid mount config for type \"volume\": must not set Subpath when using"
            + " anonymous volumes; name the volume or drop the subpath");
      }
    }
    subpath().ifPresent(s -> MountChecks.subpath(s, this));
  }

  /** The mount, with secrets in its driver options masked. */
  @Override
  public String toString() {
    return "VolumeMount{" + source().map(x -> "source=" + x + ", ").orElse("") + "target=" + target()
        + (readOnly() ? ", readOnly" : "") + (noCopy() ? ", noCopy" : "") + subpath().map(x -> ", subpath=" + x).orElse("")
        + driver().map(x -> ", driver=" + x).orElse("")
        + (driverOptions().isEmpty() ? "" : ", driverOptions=" + io.github.volumes4j.internal.Secrets.mask(driverOptions()))
        + (labels().isEmpty() ? "" : ", labels=" + labels()) + "}";
  }

  /** A named volume at a target: {@code -v name:/target}. */
  public static VolumeMount of(String volumeName, String target) {
    return builder().source(volumeName).target(target).build();
  }

  /** An anonymous volume at a target: {@code -v /target}. */
  public static VolumeMount anonymous(String target) {
    return builder().target(target).build();
  }

  /** A builder: {@code VolumeMount.builder().source("pgdata").target("/data").readOnly(true).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link VolumeMount}; {@code target} is required. */
  public static final class Builder extends ImmutableVolumeMount.Builder {}
}
