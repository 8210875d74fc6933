package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.data.CheckResult;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.PruneResult;
import io.github.volumes4j.data.RepositoryLockedException;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.RetentionPolicy;
import io.github.volumes4j.data.RetentionResult;
import io.github.volumes4j.data.SnapshotDiff;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.SnapshotRepository;
import io.github.volumes4j.data.TreeDigest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Incremental snapshots into a repository: round trip with metadata, a second snapshot that stores
 * only what changed and a diff that names it, retention and prune, an interrupted snapshot that
 * leaves nothing visible, the lock, damage found by check and refused by restore.
 */
abstract class SnapshotScenarios extends DataFixture {

  private SnapshotRepository repo() {
    return SnapshotRepository.openOrCreate(dir.resolve("repo"));
  }

  @Test
  void aSnapshotRestoresToTheSameTreeAndMetadata() {
    String v = filledVolume("snap");
    // a file cut into several chunks (at most 4 MiB each) and one of a single chunk above the smallest cut:
    // a whole file's chunk is named by the file's digest, any other by its own
    byte[] big = new byte[5 << 20];
    new java.util.Random(11).nextBytes(big);
    data.copyInto(v).bytes(big, "/big/several-chunks.bin");
    data.copyInto(v).bytes(java.util.Arrays.copyOf(big, 600_000), "/big/one-chunk.bin");
    TreeDigest before = data.digest(v);
    SnapshotRepository repo = repo();
    SnapshotInfo s = data.snapshot(v).tag("nightly").into(repo);
    assertThat(s.content()).isEqualTo(before);
    assertThat(s.content().files()).isEqualTo(before.files());
    assertThat(s.volumeName()).isEqualTo(v);
    assertThat(s.labels()).containsEntry("app", "contract");
    assertThat(s.tags()).containsExactly("nightly");
    assertThat(s.addedBytes()).isPositive();
    assertThat(repo.list()).extracting(SnapshotInfo::id).containsExactly(s.id());
    assertThat(SnapshotRepository.open(repo.dir()).latest(v)).contains(s);
    assertThat(repo.get(s.id())).contains(s);
    assertThat(repo.get("20000101T000000Z-00000000")).isEmpty();
    assertThatThrownBy(() -> data.snapshot(name("missing")).into(repo))
        .isInstanceOf(io.github.volumes4j.VolumeNotFoundException.class);
    assertThat(repo.list()).hasSize(1);

    String copy = name("snap-copy");
    track(copy);
    data.restore(repo, s.id()).toNewVolume(copy);
    assertThat(data.digest(copy)).isEqualTo(before);
    assertThat(engine.inspectVolume(copy).labels()).containsEntry("app", "contract");

    // into an existing, changed volume: REPLACE puts the snapshot's tree back
    data.copyInto(v).string("changed\n", "/hello.txt");
    assertThat(data.digest(v)).isNotEqualTo(before);
    data.restore(repo, s.id()).into(v, RestorePolicy.REPLACE);
    assertThat(data.digest(v)).isEqualTo(before);
    assertThat(repo.check().problems()).isEmpty();
    // a restore refused after it began reading holds the repository no longer: prune runs at once
    assertThatThrownBy(() -> data.restore(repo, s.id()).toNewVolume(copy))
        .isInstanceOf(io.github.volumes4j.VolumeConflictException.class);
    assertThat(repo.prune().chunksRemoved()).isZero();
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void aSecondSnapshotStoresOnlyWhatChangedAndTheDiffNamesIt() {
    String v = filledVolume("incr");
    data.copyInto(v).string("s".repeat(2 << 20), "/static.bin");
    SnapshotRepository repo = repo();
    SnapshotInfo first = data.snapshot(v).into(repo);
    TreeDigest firstTree = data.digest(v);
    long afterFirst = repo.storedBytes();

    SnapshotInfo same = data.snapshot(v).into(repo);
    assertThat(same.content()).isEqualTo(first.content());
    assertThat(same.parent()).contains(first.id());
    assertThat(repo.diff(first.id(), same.id()).isEmpty()).isTrue();

    data.copyInto(v).string("a new file\n", "/new.txt");
    data.copyInto(v).string("x".repeat(70_001), "/sub/deep.bin");
    SnapshotInfo second = data.snapshot(v).into(repo);
    assertThat(second.content()).isEqualTo(data.digest(v));
    // the unchanged files' chunks are stored once: the second run adds far less than the first
    assertThat(second.addedBytes()).isLessThan(first.addedBytes() / 10);
    assertThat(repo.storedBytes() - afterFirst).isLessThan(afterFirst / 10);
    SnapshotDiff d = repo.diff(first.id(), second.id());
    assertThat(d.added()).containsExactly("/new.txt");
    assertThat(d.changed()).contains("/sub/deep.bin").doesNotContain("/hello.txt", "/sub/deeper/up");
    assertThat(d.removed()).isEmpty();
    assertThat(repo.diff(second.id(), first.id()).removed()).containsExactly("/new.txt");

    String old = name("incr-old");
    track(old);
    data.restore(repo, first.id()).toNewVolume(old);
    assertThat(data.digest(old)).isEqualTo(firstTree);
  }

  @Test
  void retentionForgetsAndPruneFreesOnlyWhatNoSnapshotUses() {
    String v = filledVolume("keep");
    SnapshotRepository repo = repo();
    SnapshotInfo a = data.snapshot(v).into(repo);
    data.copyInto(v).string("y".repeat(200_000), "/big.bin");
    long beforeB = repo.storedBytes();
    SnapshotInfo b = data.snapshot(v).zstd().into(repo); // compressed chunks: 200,000 'y's take a few hundred bytes
    assertThat(repo.storedBytes() - beforeB).isLessThan(20_000);
    assertThat(repo.check().problems()).isEmpty();
    String mid = name("keep-mid");
    track(mid);
    data.restore(repo, b.id()).toNewVolume(mid);
    assertThat(data.digest(mid)).isEqualTo(b.content());
    data.copyInto(v).string("z".repeat(300_000), "/big.bin");
    SnapshotInfo c = data.snapshot(v).into(repo);
    TreeDigest last = data.digest(v);
    // each snapshot that added packs wrote an index file of them (opening the repository reads those, not
    // every pack's end); prune writes one for every pack left and removes the others
    assertThat(indexFiles(repo)).hasSize(3);

    RetentionPolicy keepOne = RetentionPolicy.builder().keepLast(1).build();
    RetentionResult plan = repo.retentionPlan(keepOne);
    assertThat(plan.kept()).extracting(SnapshotInfo::id).containsExactly(c.id());
    assertThat(plan.forgotten()).extracting(SnapshotInfo::id).containsExactly(b.id(), a.id());
    assertThat(repo.list()).hasSize(3); // a plan changes nothing
    assertThatThrownBy(() -> RetentionPolicy.builder().build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keeps no snapshot");

    long before = repo.storedBytes();
    repo.forget(keepOne);
    assertThat(repo.list()).extracting(SnapshotInfo::id).containsExactly(c.id());
    PruneResult p = repo.prune();
    assertThat(p.chunksRemoved()).isPositive();
    assertThat(p.bytesFreed()).isPositive();
    assertThat(repo.storedBytes()).isLessThan(before);
    CheckResult check = repo.check();
    assertThat(check.problems()).isEmpty();
    assertThat(check.snapshots()).isEqualTo(1);
    assertThat(indexFiles(repo)).hasSize(1);
    String back = name("keep-back");
    track(back);
    data.restore(repo, c.id()).toNewVolume(back);
    assertThat(data.digest(back)).isEqualTo(last);
    assertThatThrownBy(() -> data.restore(repo, a.id())).isInstanceOf(DataMovementException.class)
        .hasMessageContaining("has no snapshot \"" + a.id() + "\"");
  }

  private static List<Path> indexFiles(SnapshotRepository repo) {
    try (Stream<Path> s = Files.list(repo.dir().resolve("index"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".idx")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anInterruptedSnapshotIsNeverListedAndLeavesTheRepositoryValid() throws IOException {
    String v = filledVolume("cut");
    data.copyInto(v).string("q".repeat(3 << 20), "/large.bin");
    SnapshotRepository repo = repo();
    SnapshotInfo kept = data.snapshot(v).into(repo);
    data.copyInto(v).string("r".repeat(3 << 20), "/large.bin");
    assertThatThrownBy(() -> data.snapshot(v).progress(p -> {
      if (p.bytes() > (1 << 20)) {
        throw new IllegalStateException("cut by the test");
      }
    }).into(repo)).hasMessageContaining("cut by the test");
    assertThat(repo.list()).extracting(SnapshotInfo::id).containsExactly(kept.id());
    assertThat(repo.check().problems()).isEmpty();
    try (Stream<Path> tmp = Files.list(repo.dir().resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
    assertThat(helpersLeft()).isEmpty();
    assertThat(data.snapshot(v).into(repo).content()).isEqualTo(data.digest(v));
  }

  @Test
  void snapshotsOfTwoVolumesIntoOneRepositoryRunAtTheSameTime() throws Exception {
    String a = filledVolume("par-a");
    String b = filledVolume("par-b");
    data.copyInto(a).string("a".repeat(3 << 20), "/a.bin");
    data.copyInto(b).string("b".repeat(3 << 20), "/b.bin");
    SnapshotRepository repo = repo();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.Future<SnapshotInfo> fa = pool.submit(() -> {
        start.await();
        return data.snapshot(a).into(repo);
      });
      java.util.concurrent.Future<SnapshotInfo> fb = pool.submit(() -> {
        start.await();
        return data.snapshot(b).into(SnapshotRepository.open(repo.dir()));
      });
      assertThat(fa.get().content()).isEqualTo(data.digest(a));
      assertThat(fb.get().content()).isEqualTo(data.digest(b));
    } finally {
      pool.shutdownNow();
    }
    assertThat(repo.list()).extracting(SnapshotInfo::volumeName).containsExactlyInAnyOrder(a, b);
    assertThat(repo.check().problems()).isEmpty();
    String back = name("par-back");
    track(back);
    data.restore(repo, repo.latest(b).orElseThrow().id()).toNewVolume(back);
    assertThat(data.digest(back)).isEqualTo(data.digest(b));
  }

  @Test
  void pruneIsRefusedWhileASnapshotRunsAndNamesIt() {
    String v = filledVolume("lock");
    SnapshotRepository repo = repo();
    AtomicReference<Throwable> seen = new AtomicReference<>();
    data.snapshot(v).progress(p -> {
      if (seen.get() == null) {
        try {
          repo.prune();
          seen.set(new AssertionError("prune ran during a snapshot"));
        } catch (RuntimeException e) {
          seen.set(e);
        }
      }
    }).into(repo);
    assertThat(seen.get()).isInstanceOf(RepositoryLockedException.class)
        .hasMessageContaining("snapshot of volume \"" + v + "\"").hasMessageContaining("pid " + ProcessHandle.current().pid());
    assertThat(repo.prune().chunksRemoved()).isZero(); // free again once the snapshot is done
  }

  @Test
  void damageIsFoundByCheckAndARestoreOfItCreatesNothing() throws IOException {
    String v = filledVolume("dmg");
    SnapshotRepository repo = repo();
    SnapshotInfo s = data.snapshot(v).into(repo);
    List<Path> packs;
    try (Stream<Path> walk = Files.walk(repo.dir().resolve("packs"))) {
      packs = walk.filter(p -> p.toString().endsWith(".pack")).toList();
    }
    assertThat(packs).isNotEmpty();
    try (RandomAccessFile f = new RandomAccessFile(packs.get(0).toFile(), "rw")) {
      f.seek(20);
      int b = f.read();
      f.seek(20);
      f.write(b ^ 0x55);
    }
    CheckResult c = repo.check();
    assertThat(c.ok()).isFalse();
    assertThat(c.problems()).anySatisfy(p -> assertThat(p).contains("does not match its SHA-256"));
    String target = name("dmg-back");
    assertThatThrownBy(() -> data.restore(repo, s.id()).toNewVolume(target)).isInstanceOf(DataMovementException.class);
    assertThat(engine.listVolumes(VolumeFilter.name("^" + target + "$"))).isEmpty();
    assertThat(helpersLeft()).isEmpty();
  }
}
