package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a restore, clone, migrate or copy wrote into a volume: the volume, the digest of what was
 * written (verified against the source where the operation says so), the path taken, the time.
 *
 * <pre>{@code
 * TransferResult r = volumes.clone("pgdata").to("pgdata-test");
 * System.out.println(r.volume() + " " + r.digest() + " in " + r.duration());
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class TransferResult implements WithTransferResult {

  TransferResult() {}

  /** The volume written to. */
  public abstract String volume();

  /** Whether the operation created that volume. */
  public abstract boolean created();

  /** The digest of the data moved. */
  public abstract TreeDigest digest();

  /** The manifest, when the source was a backup. */
  public abstract Optional<BackupManifest> manifest();

  /** How the data travelled: {@code TransferPath.HOST_MOUNTPOINT} or {@code ARCHIVE_API}. */
  public abstract TransferPath path();

  /** Why the data took {@link #path()}: the mountpoint was used, or why it was not. */
  @Value.Default
  public String pathReason() {
    return "";
  }

  /** How long it took. */
  public abstract Duration duration();

  /** A builder, for the library and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TransferResult}. */
  public static final class Builder extends ImmutableTransferResult.Builder {}
}
