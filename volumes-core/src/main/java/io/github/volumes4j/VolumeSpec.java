package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What to create: a named or anonymous volume with a driver, driver options and labels.
 *
 * <pre>{@code
 * VolumeSpec db = VolumeSpec.named("pgdata").label("app", "billing");
 * VolumeSpec scratch = VolumeSpec.anonymous().withDriverOptions(Map.of("type", "tmpfs", "device", "tmpfs"));
 * }</pre>
 *
 * <p>As in Docker, creating a name that exists returns the existing volume unchanged (its labels
 * and options are not updated) unless the driver differs.
 */
@Value.Immutable
@VolumesStyle
public abstract class VolumeSpec implements WithVolumeSpec {

  VolumeSpec() {}

  /** The name; empty asks the engine for an anonymous volume with a 64-hex name. */
  public abstract Optional<String> name();

  /** The volume driver. */
  @Value.Default
  public String driver() {
    return "local";
  }

  /** Driver options ({@code type}, {@code device}, {@code o} for the local driver). */
  public abstract Map<String, String> driverOptions();

  /** Labels. */
  public abstract Map<String, String> labels();

  @Value.Check
  final void check() {
    if (driver().isEmpty()) {
      throw new IllegalArgumentException("driver is empty; leave it out for \"local\"");
    }
  }

  /** The spec, with passwords in driver options masked ({@link LocalDriver#mask(Map)}). */
  @Override
  public String toString() {
    return "VolumeSpec{name=" + name().orElse("<anonymous>") + ", driver=" + driver() + ", driverOptions="
        + LocalDriver.mask(driverOptions()) + ", labels=" + labels() + "}";
  }

  /** This spec with one more label. */
  public final VolumeSpec label(String key, String value) {
    return builder().from(this).putLabel(key, value).build();
  }

  /** This spec with one more driver option. */
  public final VolumeSpec driverOption(String key, String value) {
    return builder().from(this).putDriverOption(key, value).build();
  }

  /** A named volume of the local driver. */
  public static VolumeSpec named(String name) {
    return builder().name(name).build();
  }

  /** An anonymous volume of the local driver. */
  public static VolumeSpec anonymous() {
    return builder().build();
  }

  /** A builder: {@code VolumeSpec.builder().name("pgdata").putLabel("app", "billing").build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link VolumeSpec}. */
  public static final class Builder extends ImmutableVolumeSpec.Builder {}
}
