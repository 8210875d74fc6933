package io.github.volumes4j.data.internal.snap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.data.RepositoryLockedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoLockTest {

  @TempDir
  Path dir;

  /** Holds a lock of the kind asked for until its standard input closes (a second process). */
  public static void main(String[] args) throws Exception {
    Repository r = Repository.open(Path.of(args[0]), true, Duration.ZERO);
    try (RepoLock l = r.lock(args[1].equals("exclusive"), args[2])) {
      System.out.println("locked");
      System.out.flush();
      System.in.read();
    }
  }

  private Process holder(Path repo, String kind, String operation) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RepoLockTest.class.getName(),
        repo.toString(), kind, operation).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
    assertThat(out.readLine()).isEqualTo("locked");
    return p;
  }

  @Test
  void anotherProcessesExclusiveLockIsRefusedWithItsName() throws Exception {
    Repository r = Repository.open(dir.resolve("repo"), true, Duration.ZERO);
    Process p = holder(r.dir(), "exclusive", "prune");
    try {
      assertThatThrownBy(() -> r.lock(false, "snapshot of volume \"db\"")).isInstanceOf(RepositoryLockedException.class)
          .hasMessageContaining("prune (pid " + p.pid()).hasMessageContaining("wait for it to finish");
      assertThatThrownBy(() -> r.lock(true, "forget")).isInstanceOf(RepositoryLockedException.class);
    } finally {
      p.getOutputStream().close();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (RepoLock l = r.lock(true, "prune")) {
      assertThat(l).isNotNull();
    }
  }

  @Test
  void sharedLocksOfTwoProcessesGoTogetherAndExcludePrune() throws Exception {
    Repository r = Repository.open(dir.resolve("repo"), true, Duration.ZERO);
    Process p = holder(r.dir(), "shared", "snapshot of volume \"a\"");
    try (RepoLock mine = r.lock(false, "snapshot of volume \"b\"")) {
      assertThatThrownBy(() -> r.lock(true, "prune")).isInstanceOf(RepositoryLockedException.class)
          .hasMessageContaining("snapshot of volume \"a\" (pid " + p.pid());
    } finally {
      p.getOutputStream().close();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKilledHoldersLockIsGoneAndItsHolderFileIgnored() throws Exception {
    Repository r = Repository.open(dir.resolve("repo"), true, Duration.ZERO);
    Process p = holder(r.dir(), "exclusive", "prune");
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    try (Stream s = new Stream(r.dir())) {
      assertThat(s.holderFiles()).isEqualTo(1); // left behind by the killed process
    }
    try (RepoLock l = r.lock(true, "prune")) {
      try (Stream s = new Stream(r.dir())) {
        assertThat(s.holderFiles()).isEqualTo(1); // the dead one's removed, this one's written
      }
    }
  }

  @Test
  void threadsOfOneProcessShareAndExclude() {
    Repository r = Repository.open(dir.resolve("repo"), true, Duration.ZERO);
    try (RepoLock a = r.lock(false, "snapshot of volume \"a\""); RepoLock b = r.lock(false, "check")) {
      assertThatThrownBy(() -> r.lock(true, "prune")).isInstanceOf(RepositoryLockedException.class)
          .hasMessageContaining("snapshot of volume \"a\"");
    }
    try (RepoLock x = r.lock(true, "prune")) {
      assertThatThrownBy(() -> r.lock(false, "list")).isInstanceOf(RepositoryLockedException.class)
          .hasMessageContaining("prune");
    }
    long t0 = System.nanoTime();
    RepoLock held = r.lock(true, "prune");
    new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      held.close();
    }).start();
    try (RepoLock waited = r.lockTimeout(Duration.ofSeconds(10)).lock(false, "list")) {
      assertThat(System.nanoTime() - t0).isGreaterThan(250_000_000L);
    }
  }

  /** Counts holder files. */
  private static final class Stream implements AutoCloseable {
    private final java.util.stream.Stream<Path> files;

    Stream(Path repo) throws java.io.IOException {
      files = Files.list(repo.resolve("locks"));
    }

    long holderFiles() {
      return files.filter(p -> p.toString().endsWith(".json")).count();
    }

    @Override
    public void close() {
      files.close();
    }
  }
}
