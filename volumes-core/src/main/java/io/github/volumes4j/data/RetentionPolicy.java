package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.immutables.value.Value;

/**
 * Which snapshots of each volume to keep: the last N, and the newest of each of the last N days,
 * ISO weeks, months and years that have one (in {@link #zone()}). A snapshot any rule keeps is
 * kept; the others are forgotten. A policy that keeps nothing is refused.
 *
 * <pre>{@code
 * RetentionPolicy p = RetentionPolicy.builder().keepLast(3).keepDaily(7).keepWeekly(4).keepMonthly(12).build();
 * repo.forget(p);
 * repo.prune();
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class RetentionPolicy {

  RetentionPolicy() {}

  /** The newest N snapshots. */
  @Value.Default
  public int keepLast() {
    return 0;
  }

  /** The newest snapshot of each of the last N days that have one. */
  @Value.Default
  public int keepDaily() {
    return 0;
  }

  /** The newest snapshot of each of the last N ISO weeks that have one. */
  @Value.Default
  public int keepWeekly() {
    return 0;
  }

  /** The newest snapshot of each of the last N months that have one. */
  @Value.Default
  public int keepMonthly() {
    return 0;
  }

  /** The newest snapshot of each of the last N years that have one. */
  @Value.Default
  public int keepYearly() {
    return 0;
  }

  /** The time zone days, weeks, months and years are counted in: UTC unless set. */
  @Value.Default
  public ZoneId zone() {
    return ZoneOffset.UTC;
  }

  @Value.Check
  void check() {
    int[] all = {keepLast(), keepDaily(), keepWeekly(), keepMonthly(), keepYearly()};
    for (int n : all) {
      if (n < 0) {
        throw new IllegalArgumentException("a retention count is negative (" + this + "); give 0 or more");
      }
    }
    if (keepLast() + keepDaily() + keepWeekly() + keepMonthly() + keepYearly() == 0) {
      throw new IllegalArgumentException("this retention policy keeps no snapshot at all; set keepLast(1) at least, "
          + "or forget snapshots one by one with forget(id)");
    }
  }

  /** A builder: {@code RetentionPolicy.builder().keepDaily(7).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RetentionPolicy}. */
  public static final class Builder extends ImmutableRetentionPolicy.Builder {}
}
