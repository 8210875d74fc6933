package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * How far a transfer is: content bytes and entries so far, the expected total when known, time
 * spent, and an estimate of the time left.
 *
 * <pre>{@code
 * ProgressListener print = p -> System.out.println(p.bytes() + "/" + p.expectedBytes() + " " + p.fraction());
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class Progress implements WithProgress {

  Progress() {}

  /** Content bytes moved so far. */
  public abstract long bytes();

  /** Entries (files, directories, links) moved so far. */
  public abstract long entries();

  /**
   * The expected total content bytes, when known: from the manifest or the volume's usage, or, for a
   * restore from an uncompressed backup file into a new volume (one pass), the file's size, a close
   * upper bound.
   */
  public abstract OptionalLong expectedBytes();

  /** The time since the operation began. */
  public abstract Duration elapsed();

  /** Whether this is the last report of a completed transfer. */
  @Value.Default
  public boolean done() {
    return false;
  }

  /** Between 0 and 1, when the expected total is known; 1 in the last report. */
  public final Optional<Double> fraction() {
    if (done()) {
      return Optional.of(1.0);
    }
    if (expectedBytes().isEmpty()) {
      return Optional.empty();
    }
    long total = expectedBytes().getAsLong();
    return Optional.of(total <= 0 ? 1.0 : Math.min(1.0, (double) bytes() / total));
  }

  /** Time left at the average rate so far, when the expected total is known. */
  public final Optional<Duration> estimatedRemaining() {
    if (done()) {
      return Optional.of(Duration.ZERO);
    }
    if (expectedBytes().isEmpty() || bytes() <= 0) {
      return Optional.empty();
    }
    long left = Math.max(0, expectedBytes().getAsLong() - bytes());
    double nanosPerByte = (double) elapsed().toNanos() / bytes();
    return Optional.of(Duration.ofNanos((long) (left * nanosPerByte)));
  }

  /** A builder, for the library and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Progress}. */
  public static final class Builder extends ImmutableProgress.Builder {}
}
