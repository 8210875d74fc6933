package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import org.immutables.value.Value;

/**
 * What an archive written into a volume may contain. Names with {@code ..} or a leading {@code /},
 * entries below a link of the same archive, a name given twice and entry types the daemon does not
 * extract are always refused; the rest is set here.
 *
 * <pre>{@code
 * ArchiveLimits lenient = ArchiveLimits.defaults().withAllowDevices(true).withMaxEntryBytes(1L << 40);
 * volumes.restore(Path.of("rootfs.tar")).limits(lenient).toNewVolume();
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class ArchiveLimits implements WithArchiveLimits {

  ArchiveLimits() {}

  /** Character and block device entries. */
  @Value.Default
  public boolean allowDevices() {
    return false;
  }

  /** Fifo entries. */
  @Value.Default
  public boolean allowFifos() {
    return false;
  }

  /**
   * Symbolic links with an absolute target. Inside a container such a link resolves against the
   * container's root, not the volume's, so it is refused by default.
   */
  @Value.Default
  public boolean allowAbsoluteSymlinks() {
    return false;
  }

  /**
   * Relative symbolic links that lead outside the volume, such as {@code ../../etc} or, through
   * other links of the same archive, {@code y -> .} next to {@code x -> y/..}. A volume's own tree may
   * hold them (a container made them), but an archive from elsewhere should not, so they are refused
   * by default. Every link is resolved through the archive's other links, as the kernel would.
   */
  @Value.Default
  public boolean allowEscapingSymlinks() {
    return false;
  }

  /** The largest single file. */
  @Value.Default
  public long maxEntryBytes() {
    return 64L << 30;
  }

  /** The most content bytes in one archive. */
  @Value.Default
  public long maxTotalBytes() {
    return 16L << 40;
  }

  /** The most entries in one archive. */
  @Value.Default
  public long maxEntries() {
    return 50_000_000L;
  }

  /** The longest entry name or link target, in UTF-8 bytes (Linux's PATH_MAX). */
  @Value.Default
  public int maxNameBytes() {
    return 4096;
  }

  @Value.Check
  final void check() {
    if (maxEntryBytes() < 0 || maxTotalBytes() < 0 || maxEntries() < 1 || maxNameBytes() < 1) {
      throw new IllegalArgumentException("archive limits must be positive: " + this);
    }
  }

  /** Regular files, directories, links; 64 GiB per file; no devices or fifos. */
  public static ArchiveLimits defaults() {
    return builder().build();
  }

  /** A builder: {@code ArchiveLimits.builder().from(ArchiveLimits.defaults()).maxEntries(10_000).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ArchiveLimits}. */
  public static final class Builder extends ImmutableArchiveLimits.Builder {}
}
