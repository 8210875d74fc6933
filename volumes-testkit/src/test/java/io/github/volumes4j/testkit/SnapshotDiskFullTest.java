package io.github.volumes4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.SnapshotRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository on a file system that fills up in the middle of a snapshot (a 6 MiB tmpfs, mounted
 * for the test, which needs root: CI runs as root): a typed error that names the repository and the
 * cause, the snapshot not listed, no temporary pack left, the repository still valid and usable.
 */
class SnapshotDiskFullTest {

  @TempDir
  Path dir;

  private static void sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
  }

  @Test
  void aFullDiskFailsTheSnapshotCleanly() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "mounting a small tmpfs for the repository needs root; run the tests as root to include this one (CI does)");
    Path mnt = Files.createDirectories(dir.resolve("small"));
    sh("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mnt.toString());
    try {
      InMemoryEngine engine = InMemoryEngine.dockerLike();
      engine.createVolume(VolumeSpec.named("db"));
      DataMovement data = DataMovement.on(engine);
      data.copyInto("db").bytes(SnapshotCrashTest.random(1 << 20, 1), "/small.bin");
      SnapshotRepository repo = SnapshotRepository.create(mnt.resolve("repo"));
      SnapshotInfo kept = data.snapshot("db").into(repo);
      data.copyInto("db").bytes(SnapshotCrashTest.random(12 << 20, 2), "/big.bin");

      assertThatThrownBy(() -> data.snapshot("db").into(repo)).isInstanceOf(DataMovementException.class)
          .hasMessageContaining("snapshot of volume \"db\" failed")
          .hasMessageContaining("writing " + repo.dir())
          .hasMessageContaining("No space left on device")
          .hasMessageContaining("the snapshot was not recorded");
      assertThat(repo.list()).extracting(SnapshotInfo::id).containsExactly(kept.id());
      try (Stream<Path> tmp = Files.list(repo.dir().resolve("tmp"))) {
        assertThat(tmp).isEmpty();
      }
      assertThat(repo.check().problems()).isEmpty();
      repo.prune();
      data.restore(repo, kept.id()).toNewVolume("db-back");
      assertThat(data.digest("db-back")).isEqualTo(kept.content());
    } finally {
      sh("umount", mnt.toString());
    }
  }
}
