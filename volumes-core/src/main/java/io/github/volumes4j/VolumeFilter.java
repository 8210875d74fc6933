package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Filters of {@code docker volume ls}: every given filter must match; several values of one filter
 * match when any of them does (Docker's rules).
 *
 * <pre>{@code
 * volumes.list(VolumeFilter.label("app", "billing"));
 * volumes.list(VolumeFilter.builder().dangling(true).addDriver("local").build());
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class VolumeFilter implements WithVolumeFilter {

  VolumeFilter() {}

  /** {@code dangling=true}: only volumes no container refers to; {@code false}: only used ones. */
  public abstract Optional<Boolean> dangling();

  /** {@code driver=}: driver names (Docker matches them exactly). */
  public abstract List<String> drivers();

  /**
   * {@code name=}: Docker matches each as a regular expression searched in the name (unanchored), or a name
   * equal to it; a value that is no regular expression (Go's RE2 syntax) matches nothing, without an error.
   */
  public abstract List<String> names();

  /** {@code label=}: {@code key} or {@code key=value}. */
  public abstract List<String> labels();

  /** Whether no filter is set. */
  public final boolean isEmpty() {
    return dangling().isEmpty() && drivers().isEmpty() && names().isEmpty() && labels().isEmpty();
  }

  /** Every volume. */
  public static VolumeFilter all() {
    return builder().build();
  }

  /** Volumes with this label set to this value. */
  public static VolumeFilter label(String key, String value) {
    return builder().addLabel(key + "=" + value).build();
  }

  /** Volumes that have this label, whatever its value. */
  public static VolumeFilter hasLabel(String key) {
    return builder().addLabel(key).build();
  }

  /** Volumes whose name matches the regular expression, as Docker matches it. */
  public static VolumeFilter name(String regex) {
    return builder().addName(regex).build();
  }

  /** A builder: {@code VolumeFilter.builder().addLabel("app=billing").dangling(true).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link VolumeFilter}. */
  public static final class Builder extends ImmutableVolumeFilter.Builder {}
}
