package io.github.volumes4j.data.internal.snap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packs written through buffers by a thread of their own, with O_DIRECT where the file system takes it: every
 * chunk reads back byte for byte whatever its size against the block and the buffer, no pack keeps padding, and
 * the chunk pipeline names a whole file's chunk by the content digest the hash lane gave, when it gave it
 * already, without hashing it again.
 */
class PackWriterTest {

  @TempDir
  Path dir;

  private Repository repo() {
    return Repository.open(dir.resolve("repo"), true, Duration.ZERO);
  }

  @Test
  void chunksOfEverySizeAroundBlocksAndBuffersReadBackAndNoPackKeepsPadding() throws IOException {
    Repository r = repo();
    Random rnd = new Random(5);
    int[] sizes = {1, 7, 511, 512, 513, 4095, 4096, 4097, (1 << 20) - 3, 4 << 20, (4 << 20) - 1, (4 << 20) + 1,
        3 << 20, 65_537, 12_345, (16 << 20) - 9, 2, 4 << 20};
    Map<ChunkId, byte[]> stored = new LinkedHashMap<>();
    boolean direct;
    try (Store store = Store.load(r.dir())) {
      PackWriter w = new PackWriter(store, 0);
      for (int size : sizes) {
        byte[] data = new byte[Math.min(size, 4 << 20)];
        rnd.nextBytes(data);
        stored.put(w.add(data, data.length), data);
      }
      direct = w.direct();
      w.finish();
      assertThat(w.written()).hasSizeGreaterThan(1);
    }
    if (Files.getFileStore(dir).type().equals("ext4")) {
      assertThat(direct).as("O_DIRECT on ext4").isTrue(); // the path under test, where it can be checked
    }
    try (Store store = Store.load(r.dir())) {
      assertThat(store.damaged()).isEmpty();
      assertThat(store.chunks()).isEqualTo(stored.size());
      for (Map.Entry<ChunkId, byte[]> e : stored.entrySet()) {
        assertThat(store.read(e.getKey())).isEqualTo(e.getValue());
      }
      long expected = 0;
      for (Map.Entry<Path, List<Packs.Blob>> p : store.packs().entrySet()) {
        long blobs = p.getValue().stream().mapToLong(Packs.Blob::stored).sum();
        long index = 4 + (long) p.getValue().size() * Packs.ENTRY;
        long size = Packs.HEAD.length + blobs + index + ChunkId.BYTES + 4 + Packs.END.length;
        assertThat(Files.size(p.getKey())).as("pack %s holds no padding", p.getKey()).isEqualTo(size);
        expected += size;
      }
      assertThat(Store.packBytes(r.dir())).isEqualTo(expected);
    }
    try (Stream<Path> s = Files.list(r.dir().resolve("tmp"))) {
      assertThat(s).as("no temporary pack left").isEmpty();
    }
  }

  @Test
  void aWholeFilesChunkIsNamedByTheDigestTheLaneGaveAndTheBuffersAreHandedOverNotCopied() throws Exception {
    Repository r = repo();
    byte[] file = new byte[700_000];
    new Random(9).nextBytes(file);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(file);
    // a digest that is not the chunk's: the pipeline takes what the lane gave as it is (proof it hashes nothing)
    byte[] other = MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
    List<ChunkId> ids = new CopyOnWriteArrayList<>();
    List<byte[]> handed = new ArrayList<>();
    try (Store store = Store.load(r.dir())) {
      PackWriter w = new PackWriter(store, 0);
      ChunkPipeline pipeline = new ChunkPipeline(w);
      byte[] buf = new byte[Chunker.MAX];
      for (int i = 0; i < 6; i++) {
        System.arraycopy(file, 0, buf, 0, file.length);
        handed.add(buf);
        byte[] ready = i % 3 == 0 ? null : i % 3 == 1 ? digest : other; // not ready yet: hashed by the pipeline
        buf = pipeline.handOver(buf, file.length, ids::add, (data, off, n) -> ready);
      }
      pipeline.flush();
      pipeline.finish();
      w.finish();
      assertThat(w.addedChunks()).isEqualTo(2);
    }
    assertThat(ids).hasSize(6).containsOnly(ChunkId.of(digest, 0), ChunkId.of(other, 0));
    assertThat(ids.get(0)).isEqualTo(ChunkId.of(digest, 0));
    assertThat(ids.get(2)).isEqualTo(ChunkId.of(other, 0));
    assertThat(handed.stream().distinct().count()).as("the caller got pooled buffers back, not copies").isLessThan(6);
    try (Store store = Store.load(r.dir())) {
      assertThat(store.read(ChunkId.of(digest, 0))).isEqualTo(file);
    }
  }

  /**
   * Small chunks are copied into batches (the caller keeps its buffer), large ones handed over, mixed as a
   * snapshot mixes them (a file's small last chunk after its large ones): every id arrives, a file's in order,
   * every chunk reads back, and flush() delivers a batch that is not full.
   */
  @Test
  void smallChunksGoInBatchesAndEveryIdArrivesInEachFilesOrder() throws Exception {
    Repository r = repo();
    Random rnd = new Random(21);
    java.util.Map<Integer, List<ChunkId>> byFile = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Map<Integer, List<byte[]>> expected = new java.util.HashMap<>();
    int files = 900; // several batches by bytes and by count
    try (Store store = Store.load(r.dir())) {
      PackWriter w = new PackWriter(store, 0);
      ChunkPipeline pipeline = new ChunkPipeline(w);
      byte[] buf = new byte[Chunker.MAX];
      for (int f = 0; f < files; f++) {
        int file = f;
        byFile.put(file, new CopyOnWriteArrayList<>());
        List<byte[]> chunks = new ArrayList<>();
        if (f % 100 == 7) {
          chunks.add(new byte[600_000]); // a large first chunk, then a small last one
        }
        chunks.add(new byte[1 + rnd.nextInt(f % 50 == 0 ? ChunkPipeline.SMALL : 5000)]);
        expected.put(file, chunks);
        for (int c = 0; c < chunks.size(); c++) {
          byte[] chunk = chunks.get(c);
          rnd.nextBytes(chunk);
          System.arraycopy(chunk, 0, buf, 0, chunk.length);
          byte[] digest = MessageDigest.getInstance("SHA-256").digest(chunk);
          ChunkPipeline.KnownId known = c == 0 && f % 3 == 0 ? (data, off, n) -> digest : null;
          byte[] next = pipeline.handOver(buf, chunk.length, id -> byFile.get(file).add(id), known);
          if (chunk.length <= ChunkPipeline.SMALL) {
            assertThat(next).as("a small chunk is copied: the caller keeps its buffer").isSameAs(buf);
          }
          buf = next;
        }
      }
      pipeline.flush();
      for (int f = 0; f < files; f++) {
        List<ChunkId> want = new ArrayList<>();
        for (byte[] c : expected.get(f)) {
          want.add(ChunkId.of(MessageDigest.getInstance("SHA-256").digest(c), 0));
        }
        assertThat(byFile.get(f)).as("file " + f).isEqualTo(want);
      }
      pipeline.finish();
      w.finish();
    }
    try (Store store = Store.load(r.dir())) {
      for (List<byte[]> chunks : expected.values()) {
        for (byte[] c : chunks) {
          assertThat(store.read(ChunkId.of(MessageDigest.getInstance("SHA-256").digest(c), 0))).isEqualTo(c);
        }
      }
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(30) // a hang is a failure
  void anErrorOnTheChunkThreadFailsTheProducerInsteadOfLeavingItWaiting() throws Exception {
    Repository r = repo();
    try (Store store = Store.load(r.dir())) {
      PackWriter w = new PackWriter(store, 0);
      ChunkPipeline pipeline = new ChunkPipeline(w);
      // what a snapshot in too small a heap met: the chunk thread's OutOfMemoryError (it used to end that thread
      // silently, and the reading thread then waited for room forever)
      pipeline.submit(new byte[1000], 1000, id -> {
        throw new OutOfMemoryError("Java heap space (a test)");
      });
      long t0 = System.nanoTime();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
        for (int i = 0; i < 100; i++) {
          pipeline.submit(new byte[4 << 20], 4 << 20, id -> { });
        }
        pipeline.flush();
      }).isInstanceOf(IOException.class).hasMessageContaining("OutOfMemoryError").hasMessageContaining("a test");
      assertThat(java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(10);
      pipeline.abort();
      w.abort();
    }
  }
}
