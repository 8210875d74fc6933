package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.SnapshotRepository;
import io.github.volumes4j.data.TreeDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The snapshot operations of {@link DataFaultsContract}: a snapshot with every engine call failed in
 * turn is either recorded whole or not listed at all, with the repository checked and no temporary
 * pack left; a restore of a snapshot leaves its new volume complete or absent.
 */
final class SnapshotFaults {

  private final DataFaultsContract c;

  SnapshotFaults(DataFaultsContract c) {
    this.c = c;
  }

  /** A filled volume {@code src} and a new repository holding one snapshot of it. */
  private abstract class SnapshotOp implements DataFaultsContract.Op {
    SnapshotRepository repo;
    String first;

    @Override
    public void setUp() {
      c.volume("src", true);
      repo = SnapshotRepository.create(c.dir.resolve("repo-" + UUID.randomUUID()));
      first = c.plain.snapshot(c.name("src")).into(repo).id();
    }
  }

  void exercise(TreeDigest full) throws IOException {
    c.exercise("snapshot", new SnapshotOp() {
      @Override
      public void run() {
        c.plain.copyInto(c.name("src")).string("y".repeat(100_000), "/later.bin");
        c.data.snapshot(c.name("src")).into(repo);
      }

      @Override
      public void check(VolumesException failure) throws IOException {
        var list = repo.list();
        if (failure == null) {
          assertThat(list).extracting(s -> s.content()).containsExactly(full, c.digest(c.name("src")));
        } else {
          assertThat(list).as("an interrupted snapshot is never listed").extracting(s -> s.id()).containsExactly(first);
        }
        assertThat(repo.check().problems()).isEmpty();
        try (Stream<Path> tmp = Files.list(repo.dir().resolve("tmp"))) {
          assertThat(tmp).as("temporary packs").isEmpty();
        }
      }
    });
    c.exercise("restore of a snapshot into a new volume", new SnapshotOp() {
      @Override
      public void run() {
        c.data.restore(repo, first).toNewVolume(c.name("target"));
      }

      @Override
      public void check(VolumesException failure) {
        if (failure == null) {
          assertThat(c.digest(c.name("target"))).isEqualTo(full);
        } else {
          assertThat(c.volumeNames()).as("a failed restore's new volume").doesNotContain(c.name("target"));
        }
      }
    });
  }
}
