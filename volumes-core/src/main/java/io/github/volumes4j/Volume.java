package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A volume as the engine reports it ({@code docker volume inspect}).
 *
 * <pre>{@code
 * Volume v = volumes.inspect("pgdata");
 * System.out.println(v.name() + " on " + v.driver() + " at " + v.mountpoint() + " " + v.labels());
 * }</pre>
 *
 * <p>Docker reports absent labels or options as JSON {@code null} and given-but-empty ones as
 * {@code {}}; both read as an empty map here, and {@link #labelsReported()} /
 * {@link #optionsReported()} tell them apart.
 */
@Value.Immutable
@VolumesStyle
public abstract class Volume implements WithVolume {

  Volume() {}

  /** The volume's name: {@code "pgdata"}, or a 64-hex id for an anonymous volume. */
  public abstract String name();

  /** Its driver: {@code "local"}. */
  public abstract String driver();

  /** Where the volume's data lives on the daemon's host. */
  public abstract String mountpoint();

  /** When the volume was created, when the driver says. */
  public abstract Optional<OffsetDateTime> createdAt();

  /** {@code local} or {@code global}. */
  @Value.Default
  public String scope() {
    return "local";
  }

  /** Its labels: {@code volume.labels().get("app")}. */
  public abstract Map<String, String> labels();

  /** Driver options the volume was created with. */
  public abstract Map<String, String> options();

  /** Driver-specific status, as text. */
  public abstract Map<String, String> status();

  /** Size and reference count, when the engine measured them ({@code /system/df}). */
  public abstract Optional<VolumeUsage> usage();

  /** Whether the engine reported labels (even empty) rather than {@code null}. */
  @Value.Default
  public boolean labelsReported() {
    return !labels().isEmpty();
  }

  /** Whether the engine reported options (even empty) rather than {@code null}. */
  @Value.Default
  public boolean optionsReported() {
    return !options().isEmpty();
  }

  /** Whether the volume was created without a name (64 hex digits). */
  public final boolean anonymous() {
    return name().length() == 64 && name().chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /** The volume, with passwords in its options masked ({@link LocalDriver#mask(Map)}). */
  @Override
  public String toString() {
    return "Volume{name=" + name() + ", driver=" + driver() + ", mountpoint=" + mountpoint() + ", labels=" + labels()
        + ", options=" + LocalDriver.mask(options()) + ", scope=" + scope() + usage().map(u -> ", usage=" + u).orElse("")
        + "}";
  }

  /** A builder, for engines: {@code Volume.builder().name("pgdata").driver("local").mountpoint("/var/lib/docker/volumes/pgdata/_data").build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Volume}; engines use it. */
  public static final class Builder extends ImmutableVolume.Builder {}
}
