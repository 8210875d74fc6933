package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import org.immutables.value.Value;

/**
 * A volume's disk use and how many containers refer to it ({@code docker system df -v}).
 *
 * <pre>{@code
 * volumes.inspect("pgdata").usage().ifPresent(u -> System.out.println(u.sizeBytes() + " bytes"));
 * }</pre>
 *
 * <p>Docker reports {@code -1} when it did not measure; those read as {@code -1} here too.
 */
@Value.Immutable
@VolumesStyle
public abstract class VolumeUsage {

  VolumeUsage() {}

  /** Bytes used, or {@code -1} when not measured. */
  public abstract long sizeBytes();

  /** Containers referring to the volume, or {@code -1} when not counted. */
  public abstract long refCount();

  /** A usage, for engines: {@code VolumeUsage.of(4096, 1)} (-1 for what the engine does not know). */
  public static VolumeUsage of(long sizeBytes, long refCount) {
    return ImmutableVolumeUsage.builder().sizeBytes(sizeBytes).refCount(refCount).build();
  }
}
