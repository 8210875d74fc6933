package io.github.volumes4j;

import java.util.List;
import org.immutables.value.Value;

/**
 * What {@code docker volume prune} may remove: unused volumes matching every label filter.
 *
 * <pre>{@code
 * volumes.prune(PruneOptions.all().label("env", "test"));   // named ones too, only env=test
 * }</pre>
 *
 * <p>From Engine API 1.42 the daemon prunes anonymous volumes only unless {@code all} is set; at
 * 1.41 it removes every unused local volume, named ones included, and refuses the {@code all}
 * filter. Always give a label filter that only your volumes carry.
 */
@Value.Immutable
@VolumesStyle
public abstract class PruneOptions implements WithPruneOptions {

  PruneOptions() {}

  /** {@code all=true}: named volumes too (API 1.42+). */
  @Value.Default
  public boolean includeNamed() {
    return false;
  }

  /** {@code label=}: {@code key} or {@code key=value}; all must match. */
  public abstract List<String> labels();

  /** {@code label!=}: {@code key} or {@code key=value}; none may match. */
  public abstract List<String> labelsNot();

  /** This option set with one more {@code label=key=value} filter. */
  public final PruneOptions label(String key, String value) {
    return builder().from(this).addLabel(key + "=" + value).build();
  }

  /** This option set with one more {@code label!=key=value} filter. */
  public final PruneOptions labelNot(String key, String value) {
    return builder().from(this).addLabelsNot(key + "=" + value).build();
  }

  /** The daemon's default: anonymous volumes only (API 1.42+). */
  public static PruneOptions defaults() {
    return builder().build();
  }

  /** Named and anonymous volumes ({@code all=true}). */
  public static PruneOptions all() {
    return builder().includeNamed(true).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link PruneOptions}. */
  public static final class Builder extends ImmutablePruneOptions.Builder {}
}
