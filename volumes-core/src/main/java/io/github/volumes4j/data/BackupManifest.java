package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What a volumes4j backup says about itself: the volume's name, driver, driver options (secrets
 * masked unless kept), labels and creation time, and the content's counts and SHA-256 tree digest.
 *
 * <p>The backup is a tar (optionally gzip): {@code .volumes4j/manifest.json} first (the volume's
 * metadata), the volume's tree under {@code data/}, and {@code .volumes4j/content.json} last (counts
 * and digest, written once the data has streamed through). {@code tar xf} unpacks it by hand.
 *
 * <pre>{@code
 * BackupManifest m = volumes.restore(Path.of("pgdata.tar.gz")).verify();
 * System.out.println(m.volumeName() + " " + m.driver() + " " + m.content().files() + " files");
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class BackupManifest {

  /** The format version this library writes. */
  public static final int FORMAT = 2;

  /** The value that replaces a masked secret. */
  public static final String MASKED = io.github.volumes4j.internal.Secrets.MASK;

  BackupManifest() {}

  /** The backup format this manifest belongs to: 2. */
  @Value.Default
  public int format() {
    return FORMAT;
  }

  /** The volume that was backed up: {@code manifest.volumeName()}. */
  public abstract String volumeName();

  /** Its driver: {@code "local"}. */
  public abstract String driver();

  /** Driver options; secrets read {@link #MASKED} unless the backup kept them. */
  public abstract Map<String, String> driverOptions();

  /** The driver options whose values were masked. */
  public abstract Set<String> maskedOptions();

  /** Its labels, restored onto a new volume. */
  public abstract Map<String, String> labels();

  /** When the volume was created, when the engine said. */
  public abstract Optional<OffsetDateTime> volumeCreatedAt();

  /** When the backup was taken. */
  public abstract Instant backedUpAt();

  /** The engine the backup was taken from ({@code EngineInfo.name()} and version). */
  @Value.Default
  public String engine() {
    return "";
  }

  /** Counts and SHA-256 of the data, as read from the volume. */
  public abstract TreeDigest content();

  /** The manifest, with secrets in its driver options masked (also when the backup kept them). */
  @Override
  public String toString() {
    return "BackupManifest{format=" + format() + ", volume=" + volumeName() + ", driver=" + driver()
        + ", driverOptions=" + io.github.volumes4j.internal.Secrets.mask(driverOptions()) + ", labels=" + labels()
        + ", backedUpAt=" + backedUpAt() + ", engine=" + io.github.volumes4j.internal.Secrets.maskUri(engine())
        + ", content=" + content() + "}";
  }

  /** A builder, for the library and tests: {@code BackupManifest.builder().volumeName("pgdata").driver("local").content(digest).createdAt(now).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link BackupManifest}. */
  public static final class Builder extends ImmutableBackupManifest.Builder {}
}
