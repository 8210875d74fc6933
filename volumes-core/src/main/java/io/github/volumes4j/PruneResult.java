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

  /** The volumes removed: {@code result.volumesDeleted().contains("old-data")}. */
  public abstract List<String> volumesDeleted();

  /** The bytes freed, as the engine counts them. */
  public abstract long spaceReclaimed();

  /** A result, for engines: {@code PruneResult.of(List.of("old-data"), 4096)}. */
  public static PruneResult of(List<String> volumesDeleted, long spaceReclaimed) {
    return ImmutablePruneResult.builder().volumesDeleted(volumesDeleted).spaceReclaimed(spaceReclaimed).build();
  }
}
