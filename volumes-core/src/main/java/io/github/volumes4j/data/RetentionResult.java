package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import org.immutables.value.Value;

/**
 * What a retention policy keeps and forgets, newest first ({@link SnapshotRepository#forget(RetentionPolicy)}
 * acts on it, {@link SnapshotRepository#retentionPlan} only tells).
 *
 * <pre>{@code
 * RetentionResult r = repo.retentionPlan(policy);
 * r.forgotten().forEach(s -> System.out.println("would forget " + s.id()));
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class RetentionResult {

  RetentionResult() {}

  /** The snapshots kept. */
  public abstract List<SnapshotInfo> kept();

  /** The snapshots forgotten (or to be forgotten, in a plan). */
  public abstract List<SnapshotInfo> forgotten();

  /** A builder, for the library and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RetentionResult}. */
  public static final class Builder extends ImmutableRetentionResult.Builder {}
}
