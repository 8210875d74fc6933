package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a backup wrote: the manifest, the file (when written to one), its size, the path the data
 * took, the containers stopped and restarted for a consistent backup, and the time taken.
 *
 * <pre>{@code
 * BackupResult r = volumes.backup("pgdata").gzip().to(Path.of("pgdata.tar.gz"));
 * System.out.println(r.manifest().content().sha256() + " via " + r.path() + " in " + r.duration());
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class BackupResult {

  BackupResult() {}

  /** The manifest written at the head of the backup: {@code result.manifest().content()}. */
  public abstract BackupManifest manifest();

  /** The backup file, when the backup went to a file. */
  public abstract Optional<Path> file();

  /** Bytes of the archive as written (compressed when gzip). */
  public abstract long archiveBytes();

  /** How the data travelled: {@code TransferPath.HOST_MOUNTPOINT} or {@code ARCHIVE_API}. */
  public abstract TransferPath path();

  /** Why the data took {@link #path()}: the mountpoint was used, or why it was not. */
  @Value.Default
  public String pathReason() {
    return "";
  }

  /** Ids of the containers stopped for a consistent backup, in the order they were restarted. */
  public abstract List<String> restartedContainers();

  /** How long the backup took. */
  public abstract Duration duration();

  /** A builder, for the library and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link BackupResult}. */
  public static final class Builder extends ImmutableBackupResult.Builder {}
}
