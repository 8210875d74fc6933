package io.github.volumes4j.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalkAheadTest {

  @TempDir
  Path dir;

  private static long walkers() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("volumes4j-walk")).count();
  }

  @Test
  void theVisitorSeesWhatTheWalkSeesInItsOrder() throws IOException {
    for (int i = 0; i < 30; i++) {
      Path d = Files.createDirectories(dir.resolve("d" + i % 3).resolve("e" + i));
      for (int k = 0; k < 200; k++) {
        Files.writeString(d.resolve("f" + k), "x");
      }
    }
    List<String> direct = new ArrayList<>();
    HostTree.walk(dir, (p, rel, a) -> direct.add(rel + "|" + a.get("ino")));
    List<String> ahead = new ArrayList<>();
    WalkAhead.walk(dir, HostTree::walk, (p, rel, a) -> ahead.add(rel + "|" + a.get("ino")));
    assertThat(ahead).hasSize(6000 + 30 + 3 + 1).isEqualTo(direct);
    assertThat(walkers()).isZero();
  }

  @Test
  void aWalkerThatFailsFailsTheCallWithItsOwnException() {
    AtomicInteger seen = new AtomicInteger();
    IOException boom = new HostTree.HostReadException(dir, new IOException("gone"));
    assertThatThrownBy(() -> WalkAhead.walk(dir, (root, v) -> {
      for (int i = 0; i < 1000; i++) {
        v.visit(root, "f" + i, Map.of());
      }
      throw boom;
    }, (p, rel, a) -> seen.incrementAndGet())).isSameAs(boom);
    assertThat(seen.get()).isEqualTo(1000); // everything before the failure was visited
    assertThat(walkers()).isZero();
  }

  @Test
  void aVisitorThatFailsStopsTheWalkerAndLeavesNoThread() {
    AtomicInteger walked = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("raced");
    assertThatThrownBy(() -> WalkAhead.walk(dir, (root, v) -> {
      for (int i = 0; i < 10_000_000; i++) {
        walked.incrementAndGet();
        v.visit(root, "f" + i, Map.of());
      }
    }, (p, rel, a) -> {
      if (rel.equals("f10")) {
        throw boom;
      }
    })).isSameAs(boom);
    assertThat(walkers()).isZero();
    // bounded: the walker got at most the hand-overs in flight ahead of the visitor
    assertThat(walked.get()).isLessThanOrEqualTo((WalkAhead.DEPTH + 3) * WalkAhead.BATCH);
  }

  @Test
  void anInterruptedCallerStopsTheWalkAndKeepsItsInterrupt() throws InterruptedException {
    Thread.interrupted();
    List<Throwable> failed = new ArrayList<>();
    boolean[] stillInterrupted = new boolean[1];
    Thread caller = new Thread(() -> {
      try {
        WalkAhead.walk(dir, (root, v) -> {
          while (true) {
            v.visit(root, "f", Map.of());
          }
        }, (p, rel, a) -> Thread.currentThread().interrupt());
      } catch (IOException | RuntimeException e) {
        failed.add(e);
      }
      stillInterrupted[0] = Thread.currentThread().isInterrupted();
    });
    caller.start();
    caller.join(10_000);
    assertThat(caller.isAlive()).isFalse();
    assertThat(failed).singleElement().isInstanceOf(java.io.InterruptedIOException.class);
    assertThat(stillInterrupted[0]).isTrue();
    assertThat(walkers()).isZero();
  }
}
