package io.github.volumes4j.examples;

import io.github.volumes4j.ContainerState;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.data.CheckResult;
import io.github.volumes4j.data.PruneResult;
import io.github.volumes4j.data.RetentionPolicy;
import io.github.volumes4j.data.RetentionResult;
import io.github.volumes4j.data.SnapshotDiff;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.SnapshotRepository;
import io.github.volumes4j.data.TransferResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * 12. Nightly snapshots of a database volume, with retention: each night a consistent snapshot
 * (the database container stopped for it and started again) into a repository that stores only
 * what changed; a diff of two nights; retention and prune; a check; an older night restored.
 *
 * <pre>{@code
 * SnapshotRepository repo = SnapshotRepository.openOrCreate(Path.of("/backups/db"));
 * volumes.snapshot("dbdata").consistent().tag("nightly").into(repo);
 * repo.forget(RetentionPolicy.builder().keepDaily(7).keepWeekly(4).keepMonthly(12).build());
 * repo.prune();
 * volumes.restore(repo, repo.latest("dbdata").orElseThrow().id()).toNewVolume("dbdata-restored");
 * }</pre>
 */
public final class NightlySnapshots {

  /**
   * What the example saw.
   *
   * @param nights the snapshot of each night, in order
   * @param diff what changed between the first and the last night
   * @param retention what {@code keepLast(3)} kept and forgot
   * @param prune what prune freed
   * @param check the repository's check after prune
   * @param restoredMatches whether the restored volume's tree digest equals the snapshot's
   * @param dbRunningAfter whether the database ran again after the last consistent snapshot
   */
  public record Result(List<SnapshotInfo> nights, SnapshotDiff diff, RetentionResult retention, PruneResult prune,
      CheckResult check, boolean restoredMatches, boolean dbRunningAfter) {}

  private NightlySnapshots() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  public static Result run(Volumes volumes) {
    Path dir;
    try {
      dir = Files.createTempDirectory("volumes4j-snapshots-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Lab lab = Lab.open(volumes, "snapshots")) {
      lab.heading("12. Nightly snapshots of a database volume: only what changed is stored, retention, restore");
      Volume data = lab.createVolume("dbdata");
      // the "database": a table file of 256 KiB per table and a write-ahead log
      for (int t = 1; t <= 8; t++) {
        volumes.copyInto(data.name()).mode(0600).owner(999, 999).bytes(table(t, 0), "/base/table" + t + ".dat");
      }
      volumes.copyInto(data.name()).mode(0600).owner(999, 999).string("", "/wal/000001.log");
      String db = lab.startService(lab.container("db").addMounts(VolumeMount.of(data.name(), "/var/lib/db")),
          Lab.Step.of("ls /var/lib/db/base > /dev/null", (fs, out) -> fs.list("/var/lib/db/base")));
      lab.say("'db' runs with its data in " + data.name() + ": 8 tables of 256 KiB and a log");

      // A file changed within 2 s of a snapshot's start is read again by the next one (its times may not move when it
      // changes again within the clock's step). Real nights are hours apart; this example's follow each other within
      // a second, so it waits that window out once: from night 2 on, the tables no one wrote are not even read.
      try {
        Thread.sleep(2_100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      SnapshotRepository repo = SnapshotRepository.create(dir.resolve("repo"));
      List<SnapshotInfo> nights = new ArrayList<>();
      StringBuilder log = new StringBuilder();
      for (int night = 1; night <= 5; night++) {
        if (night > 1) {
          // the day's work: one table rewritten, a line in the log
          volumes.copyInto(data.name()).mode(0600).owner(999, 999).bytes(table(night, night), "/base/table" + night + ".dat");
          log.append("night ").append(night).append(": update table").append(night).append('\n');
          volumes.copyInto(data.name()).mode(0600).owner(999, 999).string(log.toString(), "/wal/000001.log");
        }
        SnapshotInfo s = volumes.snapshot(data.name()).consistent(Duration.ofSeconds(5)).tag("nightly").into(repo);
        nights.add(s);
        lab.say(String.format("night %d: snapshot %s, %d files, %,d bytes added to the repository (%d files read, %d "
            + "unchanged and not read), via %s", night, s.id(), s.content().files(), s.addedBytes(), s.filesRead(),
            s.filesUnchanged(), s.path()));
      }
      boolean running = lab.state(db) == ContainerState.RUNNING;
      lab.say("the database was stopped for each snapshot and started again: running now: " + running);

      SnapshotDiff diff = repo.diff(nights.get(0).id(), nights.get(4).id());
      lab.say("repo.diff(night 1, night 5): changed " + diff.changed() + ", added " + diff.added());

      RetentionPolicy policy = RetentionPolicy.builder().keepLast(3).build();
      RetentionResult retention = repo.forget(policy);
      PruneResult prune = repo.prune();
      lab.say("repo.forget(keepLast(3)) forgot " + retention.forgotten().size() + " snapshots; repo.prune() removed "
          + prune.chunksRemoved() + " chunks no snapshot uses, " + prune.bytesFreed() + " bytes");
      lab.say("(a nightly job keeps days, weeks and months: keepDaily(7).keepWeekly(4).keepMonthly(12))");
      CheckResult check = repo.check();
      lab.say("repo.check(): " + check.chunks() + " chunks read and hashed, " + check.snapshots()
          + " snapshots complete, problems: " + check.problems());

      SnapshotInfo oldest = repo.list(data.name()).get(0);
      TransferResult restored = volumes.restore(repo, oldest.id()).label(Lab.LABEL, lab.run())
          .toNewVolume(lab.name("restored"));
      boolean matches = volumes.digest(restored.volume()).equals(oldest.content());
      lab.say("volumes.restore(repo, \"" + oldest.id() + "\").toNewVolume(...): tree digest equals the snapshot's: "
          + matches);
      lab.stop(db);
      return new Result(nights, diff, retention, prune, check, matches, running);
    } finally {
      Logs.deleteTree(dir);
    }
  }

  /** A table's 256 KiB: the same for every night it is not rewritten. */
  private static byte[] table(int table, int night) {
    byte[] b = new byte[256 << 10];
    new java.util.Random(table * 1000L + night).nextBytes(b);
    return b;
  }
}
