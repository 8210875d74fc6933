package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * One snapshot in a {@link SnapshotRepository}: the volume's metadata (driver, driver options with
 * secrets masked, labels), when it was taken, its tags, the tree's digest and counts, and what the
 * run cost: the bytes it added to the repository, the files it read and the files it took unchanged
 * from its parent without reading them.
 *
 * <pre>{@code
 * SnapshotInfo s = volumes.data().snapshot("pgdata").tag("nightly").into(repo);
 * System.out.println(s.id() + ": " + s.content().files() + " files, " + s.addedBytes() + " bytes added");
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class SnapshotInfo {

  SnapshotInfo() {}

  /** The snapshot's id, which sorts by time: {@code 20261206T013000Z-5f3a9c1e}. */
  public abstract String id();

  /** The volume it was taken of: {@code s.volumeName()}. */
  public abstract String volumeName();

  /** The volume's driver: {@code "local"}. */
  public abstract String driver();

  /** The volume's driver options, secrets read {@link BackupManifest#MASKED}. */
  public abstract Map<String, String> driverOptions();

  /** The driver options whose values were masked. */
  public abstract Set<String> maskedOptions();

  /** The volume's labels, restored onto a new volume. */
  public abstract Map<String, String> labels();

  /** When the volume was created, when the engine said. */
  public abstract Optional<OffsetDateTime> volumeCreatedAt();

  /** When the snapshot was taken (the start of its run). */
  public abstract Instant takenAt();

  /** The engine it was taken on: {@code "unix:///var/run/docker.sock 20.10.24"}. */
  public abstract String engine();

  /** Its tags: {@code snapshot("db").tag("nightly")}. */
  public abstract Set<String> tags();

  /** The tree's digest and counts, as {@link DataMovement#digest} gives them for the volume. */
  public abstract TreeDigest content();

  /** Bytes this snapshot added to the repository (new chunks, compressed when so asked, and its tree). */
  public abstract long addedBytes();

  /** Regular files whose content was read. */
  public abstract long filesRead();

  /** Regular files taken from the parent snapshot unread: same size, mtime, ctime and inode. */
  public abstract long filesUnchanged();

  /** The snapshot of the same volume this one compared its files with, when there was one. */
  public abstract Optional<String> parent();

  /** How the data travelled. */
  public abstract TransferPath path();

  /** How long the run took. */
  public abstract Duration duration();

  /** A builder, for the library and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SnapshotInfo}. */
  public static final class Builder extends ImmutableSnapshotInfo.Builder {}
}
