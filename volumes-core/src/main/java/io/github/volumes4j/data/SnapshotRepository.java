package io.github.volumes4j.data;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.internal.snap.Maintenance;
import io.github.volumes4j.data.internal.snap.Repository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A repository of incremental volume snapshots on a host directory: chunks stored once by SHA-256
 * in pack files, one small record per snapshot. Snapshots are taken with
 * {@link DataMovement#snapshot(String)} and restored with {@link DataMovement#restore(SnapshotRepository, String)}
 * (every {@link RestorePolicy}); here are listing, diff, retention, prune and check.
 *
 * <p>Safe under failure and concurrency: a snapshot interrupted at any point leaves the repository
 * valid and is not listed; snapshots of different volumes (and restores, checks) run at the same
 * time; {@link #forget} and {@link #prune} take the repository alone. Between processes an OS file
 * lock guards it, and a refused operation names the holder ({@link RepositoryLockedException}).
 *
 * <pre>{@code
 * SnapshotRepository repo = SnapshotRepository.openOrCreate(Path.of("/backups/repo"));
 * data.snapshot("pgdata").consistent().into(repo);
 * repo.forget(RetentionPolicy.builder().keepDaily(7).keepWeekly(4).keepMonthly(12).build());
 * repo.prune();
 * data.restore(repo, repo.latest("pgdata").orElseThrow().id()).toNewVolume("pgdata-restored");
 * }</pre>
 */
public final class SnapshotRepository {

  private final Repository repo;

  private SnapshotRepository(Repository repo) {
    this.repo = repo;
  }

  /**
   * Opens the repository at {@code dir}.
   * {@code SnapshotRepository.open(Path.of("/backups/repo"))}
   *
   * @throws DataMovementException when {@code dir} holds no repository (the message says how to create one)
   */
  public static SnapshotRepository open(Path dir) {
    return new SnapshotRepository(Repository.open(requireNonNull(dir, "dir == null"), false, Duration.ZERO));
  }

  /**
   * Creates a repository in {@code dir} (missing or empty) and opens it.
   * {@code SnapshotRepository.create(Path.of("/backups/repo"))}
   *
   * @throws DataMovementException when {@code dir} holds a repository or other files already
   */
  public static SnapshotRepository create(Path dir) {
    requireNonNull(dir, "dir == null");
    if (java.nio.file.Files.exists(dir.resolve("volumes4j-repository.json"))) {
      throw new DataMovementException(dir + " holds a snapshot repository already; open it with open(dir)");
    }
    return new SnapshotRepository(Repository.open(dir, true, Duration.ZERO));
  }

  /** Opens the repository at {@code dir}, creating it when the directory is missing or empty. {@code openOrCreate(dir)} */
  public static SnapshotRepository openOrCreate(Path dir) {
    return new SnapshotRepository(Repository.open(requireNonNull(dir, "dir == null"), true, Duration.ZERO));
  }

  /**
   * The same repository, waiting up to {@code timeout} for a lock another operation holds (default:
   * fail at once). {@code repo.lockTimeout(Duration.ofMinutes(5)).prune()}
   */
  public SnapshotRepository lockTimeout(Duration timeout) {
    requireNonNull(timeout, "timeout == null");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("lock timeout " + timeout + " is negative; give zero or more");
    }
    return new SnapshotRepository(repo.lockTimeout(timeout));
  }

  /** The repository's directory. {@code repo.dir()} */
  public Path dir() {
    return repo.dir();
  }

  Repository repository() {
    return repo;
  }

  /** Every snapshot, oldest first. {@code repo.list().forEach(s -> System.out.println(s.id()))} */
  public List<SnapshotInfo> list() {
    return Maintenance.list(repo);
  }

  /** The snapshots of one volume, oldest first. {@code repo.list("pgdata")} */
  public List<SnapshotInfo> list(String volume) {
    requireNonNull(volume, "volume == null");
    return list().stream().filter(s -> s.volumeName().equals(volume)).toList();
  }

  /** The newest snapshot of a volume, if any. {@code repo.latest("pgdata").map(SnapshotInfo::id)} */
  public Optional<SnapshotInfo> latest(String volume) {
    List<SnapshotInfo> l = list(volume);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
  }

  /** One snapshot by id. {@code repo.get("20261206T013000Z-5f3a9c1e")} */
  public Optional<SnapshotInfo> get(String id) {
    return Maintenance.get(repo, requireNonNull(id, "id == null"));
  }

  /**
   * What differs between two snapshots (usually of the same volume).
   * {@code repo.diff(older.id(), newer.id()).changed()}
   *
   * @throws DataMovementException when either is missing
   */
  public SnapshotDiff diff(String from, String to) {
    return Maintenance.diff(repo, requireNonNull(from, "from == null"), requireNonNull(to, "to == null"));
  }

  /**
   * What {@code policy} would keep and forget, per volume; changes nothing.
   * {@code repo.retentionPlan(policy).forgotten()}
   */
  public RetentionResult retentionPlan(RetentionPolicy policy) {
    return Maintenance.retention(repo, requireNonNull(policy, "policy == null"), false);
  }

  /**
   * Forgets the snapshots {@code policy} does not keep (their records; the chunks stay until
   * {@link #prune()}). Takes the repository alone. {@code repo.forget(policy).forgotten().size()}
   */
  public RetentionResult forget(RetentionPolicy policy) {
    return Maintenance.retention(repo, requireNonNull(policy, "policy == null"), true);
  }

  /** Forgets one snapshot. {@code repo.forget("20261206T013000Z-5f3a9c1e")} @throws DataMovementException if missing */
  public void forget(String id) {
    Maintenance.forget(repo, requireNonNull(id, "id == null"));
  }

  /**
   * Removes the chunks no snapshot uses and the temporary files of interrupted runs; takes the
   * repository alone, and removes nothing when a snapshot record or tree cannot be read.
   * {@code repo.prune().bytesFreed()}
   */
  public PruneResult prune() {
    return Maintenance.prune(repo);
  }

  /**
   * Reads every chunk and compares it with its SHA-256, and checks every snapshot's tree, chunks
   * and digest. {@code if (!repo.check().ok()) alert(...)}
   */
  public CheckResult check() {
    return Maintenance.check(repo);
  }

  /** Bytes of the pack files (what the chunks take on disk). {@code repo.storedBytes()} */
  public long storedBytes() {
    return Maintenance.storedBytes(repo);
  }

  @Override
  public String toString() {
    return "SnapshotRepository[" + repo.dir() + "]";
  }
}
