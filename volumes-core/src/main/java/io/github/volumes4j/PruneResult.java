package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import org.immutables.value.Value;

/**
 * What a prune removed: the names, and the bytes the engine says it reclaimed.
 *
 * <pre>{@code
 * PruneResult r = volumes.prune(PruneOptions.all().label("run", runId));
 * System.out.println(r.volumesDeleted().size() + " volumes, " + r.spaceReclaimed() + " bytes");
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class PruneResult {

  PruneResult() {}

  public abstract List<String> volumesDeleted();

  public abstract long spaceReclaimed();

  public static PruneResult of(List<String> volumesDeleted, long spaceReclaimed) {
    return ImmutablePruneResult.builder().volumesDeleted(volumesDeleted).spaceReclaimed(spaceReclaimed).build();
  }
}
