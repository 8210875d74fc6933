package io.github.volumes4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.PruneResult;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.SnapshotRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed in the middle of a snapshot (as by {@code kill -9}: {@code Runtime.halt}, no
 * shutdown hook, no finally): the repository stays valid, the interrupted snapshot is never listed,
 * its lock is gone with it, and prune removes what it left.
 */
class SnapshotCrashTest {

  @TempDir
  Path dir;

  /**
   * The child: one whole snapshot, then a second of new data, halted once a pack of it is in place
   * and the next is being written.
   */
  public static void main(String[] args) throws Exception {
    Path repoDir = Path.of(args[0]);
    InMemoryEngine engine = InMemoryEngine.dockerLike();
    engine.createVolume(VolumeSpec.named("db"));
    DataMovement data = DataMovement.on(engine);
    data.copyInto("db").bytes(random(3 << 20, 1), "/small.bin");
    SnapshotRepository repo = SnapshotRepository.create(repoDir);
    SnapshotInfo whole = data.snapshot("db").into(repo);
    System.out.println("whole " + whole.id() + " " + whole.content().sha256());
    for (int i = 0; i < 6; i++) {
      data.copyInto("db").bytes(random(8 << 20, 10 + i), "/big" + i + ".bin");
    }
    Thread killer = new Thread(() -> {
      while (true) {
        try (Stream<Path> packs = Files.walk(repoDir.resolve("packs")); Stream<Path> tmp = Files.list(repoDir.resolve("tmp"))) {
          if (packs.filter(p -> p.toString().endsWith(".pack")).count() >= 2 && tmp.findAny().isPresent()) {
            System.out.println("halting");
            System.out.flush();
            Runtime.getRuntime().halt(137);
          }
        } catch (IOException e) {
          // a directory changing under the listing: look again
        }
      }
    });
    killer.setDaemon(true);
    killer.start();
    data.snapshot("db").into(repo);
    System.out.println("the snapshot ended before it could be cut");
    System.exit(3);
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void aKilledSnapshotLeavesAValidRepositoryAndNoLock() throws Exception {
    Path repoDir = dir.resolve("repo");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SnapshotCrashTest.class.getName(),
        repoDir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(137);
    assertThat(out).contains("halting");
    String wholeId = out.lines().filter(l -> l.startsWith("whole ")).findFirst().orElseThrow().split(" ")[1];

    SnapshotRepository repo = SnapshotRepository.open(repoDir);
    assertThat(repo.list()).extracting(SnapshotInfo::id).containsExactly(wholeId);
    try (Stream<Path> tmp = Files.list(repoDir.resolve("tmp"))) {
      assertThat(tmp.count()).as("the pack being written when the process died").isPositive();
    }
    assertThat(repo.check().problems()).isEmpty();
    long before = repo.storedBytes();
    // the dead process's lock went with it: prune takes the repository alone
    PruneResult pruned = repo.prune();
    assertThat(pruned.temporaryFilesRemoved()).isPositive();
    assertThat(pruned.packsRemoved()).as("the whole packs of the snapshot that never was").isPositive();
    assertThat(repo.storedBytes()).isLessThan(before);
    try (Stream<Path> tmp = Files.list(repoDir.resolve("tmp")); Stream<Path> locks = Files.list(repoDir.resolve("locks"))) {
      assertThat(tmp).isEmpty();
      assertThat(locks.map(l -> l.getFileName().toString())).containsExactly("lock");
    }
    assertThat(repo.check().problems()).isEmpty();

    // and the repository goes on: a snapshot and a restore
    InMemoryEngine engine = InMemoryEngine.dockerLike();
    engine.createVolume(VolumeSpec.named("other"));
    DataMovement data = DataMovement.on(engine);
    data.copyInto("other").bytes(random(1 << 20, 99), "/x.bin");
    SnapshotInfo s = data.snapshot("other").into(repo);
    data.restore(repo, s.id()).toNewVolume("other-back");
    assertThat(data.digest("other-back")).isEqualTo(data.digest("other"));
    data.restore(repo, wholeId).toNewVolume("db-back");
    assertThat(data.digest("db-back").sha256())
        .isEqualTo(out.lines().filter(l -> l.startsWith("whole ")).findFirst().orElseThrow().split(" ")[2]);
    assertThat(repo.list()).hasSize(2);
    assertThat(List.of(repo.check().problems())).containsExactly(List.of());
  }
}
