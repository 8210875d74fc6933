package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import org.immutables.value.Value;

/**
 * What {@link SnapshotRepository#prune()} freed: chunks no snapshot uses are dropped (whole packs
 * removed, packs mostly unused rewritten), and the temporary files of interrupted runs removed.
 *
 * <pre>{@code
 * PruneResult p = repo.prune();
 * System.out.println(p.bytesFreed() + " bytes freed, " + p.chunksRemoved() + " chunks removed");
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class PruneResult {

  PruneResult() {}

  /** Chunks dropped. */
  public abstract long chunksRemoved();

  /** Pack files deleted (rewritten ones included). */
  public abstract long packsRemoved();

  /** Pack files written to keep the used chunks of rewritten packs. */
  public abstract long packsWritten();

  /** Temporary files of interrupted runs removed. */
  public abstract long temporaryFilesRemoved();

  /** Bytes of pack and temporary files before minus after. */
  public abstract long bytesFreed();

  /** A builder, for the library and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PruneResult}. */
  public static final class Builder extends ImmutablePruneResult.Builder {}
}
