package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import org.immutables.value.Value;

/**
 * What {@link SnapshotRepository#check()} found: every chunk read and its SHA-256 compared with its
 * name, every snapshot's tree read, each of its files' chunks present and of the right total size,
 * and its digest recomputed from the tree. {@link #problems()} names each problem found.
 *
 * <pre>{@code
 * CheckResult c = repo.check();
 * if (!c.ok()) c.problems().forEach(System.err::println);
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class CheckResult {

  CheckResult() {}

  /** Snapshots checked. */
  public abstract long snapshots();

  /** Chunks read and hashed. */
  public abstract long chunks();

  /** Bytes of chunk data read (uncompressed). */
  public abstract long bytes();

  /** Each problem found, one sentence each; empty when the repository is whole. */
  public abstract List<String> problems();

  /** Whether no problem was found. */
  public final boolean ok() {
    return problems().isEmpty();
  }

  /** A builder, for the library and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CheckResult}. */
  public static final class Builder extends ImmutableCheckResult.Builder {}
}
