package io.github.volumes4j.data;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.internal.Compression;
import io.github.volumes4j.data.internal.Jobs;
import io.github.volumes4j.data.internal.snap.SnapshotJob;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A snapshot of one volume into a {@link SnapshotRepository}: the volume is read as a backup reads
 * it (the fastest safe path, the same checks), its files cut into content-defined chunks of about
 * 1 MiB, and only chunks the repository does not have are stored. When the volume's mountpoint is
 * read directly ({@link TransferPath#HOST_MOUNTPOINT}), a file whose size, mtime, ctime and inode
 * match the volume's previous snapshot is not read at all. The snapshot's record is written last:
 * an interrupted snapshot is never listed and leaves the repository valid.
 *
 * <pre>{@code
 * SnapshotRepository repo = SnapshotRepository.openOrCreate(Path.of("/backups/repo"));
 * SnapshotInfo s = volumes.data().snapshot("pgdata").consistent().tag("nightly").into(repo);
 * System.out.println(s.id() + " added " + s.addedBytes() + " bytes");
 * }</pre>
 */
public final class Snapshot {

  private final Jobs jobs;
  private final String volume;
  private int zstdLevel;
  private boolean consistent;
  private Duration stopTimeout = Duration.ofSeconds(10);
  private boolean fastPath = true;
  private ProgressListener listener = ProgressListener.none();
  private Set<String> tags = Set.of();

  Snapshot(Jobs jobs, String volume) {
    this.jobs = jobs;
    this.volume = volume;
  }

  private Snapshot copy() {
    Snapshot c = new Snapshot(jobs, volume);
    c.zstdLevel = zstdLevel;
    c.consistent = consistent;
    c.stopTimeout = stopTimeout;
    c.fastPath = fastPath;
    c.listener = listener;
    c.tags = tags;
    return c;
  }

  /**
   * Compresses new chunks with zstd at level 3 (a chunk that does not shrink is stored as it is).
   * Needs {@code com.github.luben:zstd-jni}. {@code data.snapshot("db").zstd().into(repo)}
   *
   * @throws IllegalStateException when zstd-jni is not on the class path (the message names it)
   */
  public Snapshot zstd() {
    return zstd(3);
  }

  /** {@link #zstd()} at a level from 1 (fastest) to 19 (smallest). {@code data.snapshot("db").zstd(9)} */
  public Snapshot zstd(int level) {
    if (level < 1 || level > 19) {
      throw new IllegalArgumentException("zstd level " + level + " is not between 1 and 19");
    }
    if (!Compression.zstdAvailable()) {
      throw new IllegalStateException("snapshot of volume \"" + volume + "\" cannot use zstd: add "
          + Compression.ZSTD_ARTIFACT + " to the class path, or snapshot without zstd()");
    }
    Snapshot c = copy();
    c.zstdLevel = level;
    return c;
  }

  /**
   * Stops the running containers that use the volume first and starts them again afterwards, also
   * on failure, each given 10 s to stop. {@code data.snapshot("db").consistent().into(repo)}
   */
  public Snapshot consistent() {
    return consistent(Duration.ofSeconds(10));
  }

  /** {@link #consistent()} with the time each container gets to stop. {@code consistent(Duration.ofSeconds(30))} */
  public Snapshot consistent(Duration stopTimeout) {
    Snapshot c = copy();
    c.consistent = true;
    c.stopTimeout = requireNonNull(stopTimeout, "stopTimeout == null");
    return c;
  }

  /** Whether the mountpoint may be read directly (default true). {@code data.snapshot("db").fastPath(false)} */
  public Snapshot fastPath(boolean allowed) {
    Snapshot c = copy();
    c.fastPath = allowed;
    return c;
  }

  /** Reports progress. {@code data.snapshot("db").progress(p -> log.info("{}", p)).into(repo)} */
  public Snapshot progress(ProgressListener listener) {
    Snapshot c = copy();
    c.listener = requireNonNull(listener, "listener == null");
    return c;
  }

  /**
   * Adds a tag to the snapshot (letters, digits, {@code . _ -}, up to 64 characters).
   * {@code data.snapshot("db").tag("nightly").tag("v2.3").into(repo)}
   */
  public Snapshot tag(String tag) {
    requireNonNull(tag, "tag == null");
    if (!tag.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("tag \"" + tag + "\" is not 1 to 64 letters, digits, '.', '_' or '-'");
    }
    Snapshot c = copy();
    Set<String> t = new LinkedHashSet<>(tags);
    t.add(tag);
    c.tags = Set.copyOf(t);
    return c;
  }

  /**
   * Takes the snapshot into {@code repo} (holding its shared lock: other snapshots, restores and
   * checks run alongside, a prune or forget waits or fails).
   *
   * @return what was recorded
   * @throws DataMovementException when it fails; the repository is then as it was, the snapshot not listed
   * @throws RepositoryLockedException when a prune or forget holds the repository
   */
  public SnapshotInfo into(SnapshotRepository repo) {
    requireNonNull(repo, "repo == null");
    return SnapshotJob.run(jobs, repo.repository(), volume,
        new SnapshotJob.Plan(zstdLevel, consistent, stopTimeout, fastPath, listener, tags));
  }

  @Override
  public String toString() {
    return "Snapshot[" + volume + (consistent ? ", consistent" : "") + (zstdLevel > 0 ? ", zstd " + zstdLevel : "")
        + (tags.isEmpty() ? "" : ", tags " + tags) + "]";
  }
}
