package io.github.volumes4j.data.internal.snap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index files are a cache of what packs hold: opening a repository reads them instead of every pack's end, a
 * pack none names is read as before, a damaged or lying one costs nothing but speed and is named by check, and
 * entries of packs that are gone count for nothing.
 */
class PackIndexTest {

  @TempDir
  Path dir;

  private Repository repo;

  private Map<ChunkId, byte[]> chunks = new LinkedHashMap<>();

  /** Three packs of random chunks, as a snapshot writes them: the packs, then their index file. */
  private Map<Path, List<Packs.Blob>> threePacks(boolean index) throws IOException {
    repo = Repository.open(dir.resolve("repo"), true, Duration.ZERO);
    Random rnd = new Random(3);
    try (Store store = Store.load(repo.dir())) {
      PackWriter w = new PackWriter(store, 0);
      for (int i = 0; i < 12; i++) {
        byte[] data = new byte[(4 << 20) + i];
        rnd.nextBytes(data);
        chunks.put(w.add(data, data.length), data);
      }
      w.finish();
      assertThat(w.placed()).hasSize(3);
      if (index) {
        PackIndex.write(repo.dir(), w.placed());
      }
      return w.placed();
    }
  }

  private void assertEveryChunkReads(Store s) throws IOException {
    assertThat(s.damaged()).isEmpty();
    assertThat(s.chunks()).isEqualTo(chunks.size());
    for (Map.Entry<ChunkId, byte[]> e : chunks.entrySet()) {
      assertThat(s.read(e.getKey())).isEqualTo(e.getValue());
    }
  }

  @Test
  void anIndexFileSparesReadingEveryPackAndSaysWhatTheyHold() throws IOException {
    Map<Path, List<Packs.Blob>> placed = threePacks(true);
    assertThat(PackIndex.files(repo.dir())).hasSize(1);
    try (Store cached = Store.load(repo.dir()); Store verified = Store.load(repo.dir(), true)) {
      assertThat(cached.unindexed()).isZero();
      assertThat(verified.unindexed()).isEqualTo(3);
      assertThat(cached.packs()).isEqualTo(verified.packs()).isEqualTo(placed);
      assertEveryChunkReads(cached);
    }
    assertThat(Maintenance.check(repo).problems()).isEmpty();
  }

  @Test
  void aPackNoIndexFileNamesIsReadFromItsEnd() throws IOException {
    Map<Path, List<Packs.Blob>> placed = threePacks(false); // killed between the packs and the index file
    Path first = placed.keySet().iterator().next();
    Map<Path, List<Packs.Blob>> two = new LinkedHashMap<>(placed);
    two.remove(first);
    PackIndex.write(repo.dir(), two);
    try (Store s = Store.load(repo.dir())) {
      assertThat(s.unindexed()).isEqualTo(1);
      assertThat(s.packs()).isEqualTo(placed);
      assertEveryChunkReads(s);
    }
  }

  @Test
  void aDamagedIndexFileCostsOnlySpeedAndCheckNamesIt() throws IOException {
    threePacks(true);
    Path idx = PackIndex.files(repo.dir()).get(0);
    try (RandomAccessFile f = new RandomAccessFile(idx.toFile(), "rw")) {
      f.seek(40);
      int b = f.read();
      f.seek(40);
      f.write(b ^ 0x10);
    }
    try (Store s = Store.load(repo.dir())) {
      assertThat(s.unindexed()).isEqualTo(3);
      assertEveryChunkReads(s);
    }
    assertThat(Maintenance.check(repo).problems()).singleElement().asString().contains(idx.toString())
        .contains("does not match its checksum").contains("prune writes the index again");
    Files.write(idx, new byte[] {1, 2, 3});
    assertThat(Maintenance.check(repo).problems()).singleElement().asString().contains("is not whole");
  }

  @Test
  void anIndexFileThatLiesIsNamedByCheck() throws IOException {
    Map<Path, List<Packs.Blob>> placed = threePacks(false);
    Map<Path, List<Packs.Blob>> lie = new LinkedHashMap<>();
    placed.forEach((p, blobs) -> {
      List<Packs.Blob> moved = new ArrayList<>();
      for (Packs.Blob b : blobs) {
        moved.add(new Packs.Blob(b.id(), p, b.kind(), b.offset() + 1, b.stored(), b.raw()));
      }
      lie.put(p, moved);
    });
    PackIndex.write(repo.dir(), lie);
    assertThat(Maintenance.check(repo).problems()).hasSize(3).allSatisfy(p -> assertThat(p)
        .contains("does not say what pack").contains("prune writes the index again"));
  }

  @Test
  void entriesOfPacksThatAreGoneCountForNothing() throws IOException {
    Map<Path, List<Packs.Blob>> placed = threePacks(true);
    Path gone = placed.keySet().iterator().next();
    for (Packs.Blob b : placed.get(gone)) {
      chunks.remove(b.id());
    }
    Files.delete(gone); // a prune killed after removing a pack, before removing the old index file
    try (Store s = Store.load(repo.dir())) {
      assertThat(s.packs()).doesNotContainKey(gone).hasSize(2);
      assertThat(s.unindexed()).isZero();
      assertEveryChunkReads(s);
      for (Packs.Blob b : placed.get(gone)) {
        assertThat(s.has(b.id())).isFalse();
      }
    }
    assertThat(Maintenance.check(repo).problems()).isEmpty();
  }

  @Test
  void aSnapshotFoldsManyIndexFilesIntoOneAndLeavesThoseItDidNotRead() throws IOException {
    Map<Path, List<Packs.Blob>> placed = threePacks(false);
    Path[] packs = placed.keySet().toArray(new Path[0]);
    for (int i = 0; i <= PackIndex.FOLD_ABOVE; i++) { // one file per nightly snapshot that added a pack
      Path p = packs[i % 3];
      PackIndex.write(repo.dir(), Map.of(p, placed.get(p)));
    }
    try (Store s = Store.load(repo.dir())) {
      assertThat(s.indexFiles()).hasSize(PackIndex.FOLD_ABOVE + 1);
      Path written = PackIndex.files(repo.dir()).get(0).resolveSibling("written-meanwhile.idx");
      Files.copy(PackIndex.files(repo.dir()).get(0), written); // by another snapshot, after this one's open
      PackIndex.writeForSnapshot(s, Map.of());
      assertThat(PackIndex.files(repo.dir())).hasSize(2).contains(written);
    }
    try (Store s = Store.load(repo.dir())) {
      assertThat(s.unindexed()).isZero();
      assertThat(s.packs()).isEqualTo(placed);
      assertEveryChunkReads(s);
    }
    try (Store s = Store.load(repo.dir())) {
      PackIndex.writeForSnapshot(s, Map.of()); // few files: only the snapshot's own (none here) is written
      assertThat(PackIndex.files(repo.dir())).hasSize(2);
    }
    assertThat(Maintenance.check(repo).problems()).isEmpty();
  }
}
