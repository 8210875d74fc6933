package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import org.immutables.value.Value;

/**
 * What {@code docker volume prune} may remove: unused volumes matching every label filter.
 *
 * <pre>{@code
 * volumes.prune(PruneOptions.all().label("env", "test"));   // named ones too, only env=test
 * }</pre>
 *
 * <p>From Engine API 1.42 the daemon prunes anonymous volumes only unless {@code all} is set. At 1.41
 * (Docker 20.10) it removes every unused local volume, named ones included, and refuses the
 * {@code all} filter. So that a prune never removes more than it says, engines follow
 * {@link #requireSupportedBy(ApiVersion)}: {@link #all()} works on every version (below 1.42 the
 * {@code all} filter is left out, since the daemon's prune already includes named volumes), and
 * {@link #defaults()} (anonymous only) is refused below 1.42 with {@link UnsupportedFeatureException}
 * instead of silently deleting named volumes. Always give a label filter that only your volumes carry.
 */
@Value.Immutable
@VolumesStyle
public abstract class PruneOptions implements WithPruneOptions {

  PruneOptions() {}

  /** {@code all=true}: named volumes too; below API 1.42 the daemon's prune always includes them. */
  @Value.Default
  public boolean includeNamed() {
    return false;
  }

  /** {@code label=}: {@code key} or {@code key=value}; all must match. */
  public abstract List<String> labels();

  /**
   * {@code label!=}: {@code key} or {@code key=value}. As the daemon reads them, a volume is kept when it
   * matches <em>all</em> of them: with {@code label!=keep} and {@code label!=pinned}, a volume carrying
   * only {@code keep} is pruned. To spare volumes that carry any one of several labels, prune once per label.
   */
  public abstract List<String> labelsNot();

  /** This option set with one more {@code label=key=value} filter. */
  public final PruneOptions label(String key, String value) {
    return builder().from(this).addLabel(key + "=" + value).build();
  }

  /** This option set with one more {@code label!=key=value} filter. */
  public final PruneOptions labelNot(String key, String value) {
    return builder().from(this).addLabelsNot(key + "=" + value).build();
  }

  /**
   * Refuses what an engine of this API version cannot do as asked: pruning anonymous volumes only
   * ({@code includeNamed() == false}) needs API 1.42, because an older daemon removes named volumes too.
   *
   * @throws UnsupportedFeatureException naming API 1.42 and what to do instead
   */
  public final void requireSupportedBy(ApiVersion version) {
    if (!includeNamed() && !version.isAtLeast(ApiVersion.V1_42)) {
      throw new UnsupportedFeatureException("prune of anonymous volumes only", ApiVersion.V1_42, version,
          "prune of anonymous volumes only needs Engine API 1.42 or newer, but the engine speaks " + version
              + ", where the daemon removes unused named volumes too; to prune at " + version
              + ", use PruneOptions.all() with a label filter that only the volumes to remove carry");
    }
  }

  /** Whether an engine of this version sends the {@code all=true} filter (1.42+, when named volumes are included). */
  public final boolean sendsAllFilter(ApiVersion version) {
    return includeNamed() && version.isAtLeast(ApiVersion.V1_42);
  }

  /** The daemon's default from API 1.42: anonymous volumes only; refused below 1.42. */
  public static PruneOptions defaults() {
    return builder().build();
  }

  /** Named and anonymous volumes ({@code all=true}). */
  public static PruneOptions all() {
    return builder().includeNamed(true).build();
  }

  /** A builder: {@code PruneOptions.builder().all(true).addLabel("app=billing").build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link PruneOptions}. */
  public static final class Builder extends ImmutablePruneOptions.Builder {}
}
