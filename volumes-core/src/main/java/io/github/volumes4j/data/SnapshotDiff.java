package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import org.immutables.value.Value;

/**
 * What differs between two snapshots: paths (relative to the volume's root, sorted) that were
 * added, removed, or changed (content, type, mode, owners, mtime in seconds or link target).
 *
 * <pre>{@code
 * SnapshotDiff d = repo.diff(monday.id(), tuesday.id());
 * d.changed().forEach(p -> System.out.println("M " + p));
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class SnapshotDiff {

  SnapshotDiff() {}

  /** The older snapshot's id. */
  public abstract String from();

  /** The newer snapshot's id. */
  public abstract String to();

  /** Paths only in {@link #to()}. */
  public abstract List<String> added();

  /** Paths only in {@link #from()}. */
  public abstract List<String> removed();

  /** Paths in both whose entry differs. */
  public abstract List<String> changed();

  /** Whether nothing differs. */
  public final boolean isEmpty() {
    return added().isEmpty() && removed().isEmpty() && changed().isEmpty();
  }

  /** A builder, for the library and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SnapshotDiff}. */
  public static final class Builder extends ImmutableSnapshotDiff.Builder {}
}
