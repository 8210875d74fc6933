package io.github.volumes4j.data.internal.snap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.data.internal.TarNames;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeAndPacksTest {

  @TempDir
  Path dir;

  private Repository repo() {
    return Repository.open(dir.resolve("repo"), true, java.time.Duration.ZERO);
  }

  /** The tree of {@code in}, stored in {@code r}'s packs: its chunk ids. */
  private static List<ChunkId> write(Repository r, List<Tree.Entry> in) throws IOException {
    List<ChunkId> chunks = new ArrayList<>();
    try (Store store = Store.load(r.dir())) {
      PackWriter w = new PackWriter(store, 0);
      Chunker ch = new Chunker((buf, len) -> chunks.add(w.add(buf, len)));
      Tree.Writer tw = new Tree.Writer(ch);
      for (Tree.Entry e : in) {
        tw.add(e);
      }
      tw.end();
      ch.endFile();
      w.finish();
    }
    return chunks;
  }

  /** Every field of every entry read back is the one written. */
  private static void assertSameEntries(List<Tree.Entry> out, List<Tree.Entry> in) {
    assertThat(out).hasSameSizeAs(in);
    for (int i = 0; i < in.size(); i++) {
      assertThat(out.get(i).signature()).isEqualTo(in.get(i).signature());
      assertThat(out.get(i).name()).isEqualTo(in.get(i).name());
      assertThat(out.get(i).stat()).isEqualTo(in.get(i).stat());
      assertThat(out.get(i).chunks()).isEqualTo(in.get(i).chunks());
      assertThat(out.get(i).uname()).isEqualTo(in.get(i).uname());
      assertThat(out.get(i).gname()).isEqualTo(in.get(i).gname());
    }
  }

  @Test
  void aTreeKeepsEveryNameByteForByteAndEveryField() throws IOException {
    Repository r = repo();
    // a name that is not UTF-8 (café in Latin-1), one with a newline, a long one
    String latin1 = TarNames.decode("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    List<Tree.Entry> in = new ArrayList<>();
    TarArchiveEntry d = new TarArchiveEntry("./", TarConstants.LF_DIR, true);
    d.setMode(0751);
    in.add(Tree.Entry.of(d, "", null, null, List.of(), null));
    for (String n : List.of(latin1, "new\nline", "x".repeat(300))) {
      TarArchiveEntry e = new TarArchiveEntry(n, TarConstants.LF_NORMAL, true);
      e.setSize(3);
      e.setMode(0640);
      e.setUserId(100_000L);
      e.setGroupId(7);
      e.setUserName("app");
      e.setModTime(1_650_000_000_000L);
      in.add(Tree.Entry.of(e, n, null, new byte[32], List.of(new ChunkId(1, 2, 3, 4)), new long[] {1, 2, 3, 4}));
    }
    TarArchiveEntry l = new TarArchiveEntry("link", TarConstants.LF_SYMLINK, true);
    l.setLinkName("../" + latin1);
    in.add(Tree.Entry.of(l, "link", l.getLinkName(), null, List.of(), null));
    TarArchiveEntry c = new TarArchiveEntry("dev", TarConstants.LF_CHR, true);
    c.setDevMajor(1);
    c.setDevMinor(3);
    in.add(Tree.Entry.of(c, "dev", null, null, List.of(), null));

    List<ChunkId> chunks = write(r, in);
    List<Tree.Entry> out = new ArrayList<>();
    try (Store store = Store.load(r.dir())) {
      Tree.read(store, chunks, out::add);
    }
    assertSameEntries(out, in);
    assertThat(TarNames.encode(out.get(1).name())).containsExactly('c', 'a', 'f', 0xe9);
  }

  @Test
  void aTreeOfManyChunksReadsBackAcrossEveryBoundaryAndATruncatedOneIsAnError() throws IOException {
    Repository r = repo();
    Random rnd = new Random(7);
    List<Tree.Entry> in = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String n = "d/" + i + "-" + "n".repeat(rnd.nextInt(i == 3000 ? 1 : 200)) + (i == 3000 ? "L".repeat(60_000) : "");
      TarArchiveEntry e = new TarArchiveEntry(n, TarConstants.LF_NORMAL, true);
      e.setSize(i);
      e.setUserName(i % 7 == 0 ? "us\u00e9r\u0000" : "u" + i); // not ASCII: the JDK's decoder
      e.setGroupName(i % 11 == 0 ? "\u65e5\u672c" : "");
      List<ChunkId> ids = new ArrayList<>();
      for (int k = 0; k < i % 5; k++) {
        ids.add(new ChunkId(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()));
      }
      byte[] content = new byte[32];
      rnd.nextBytes(content);
      in.add(Tree.Entry.of(e, n, null, content, ids, i % 2 == 0 ? null : new long[] {i, -i, Long.MAX_VALUE, -1}));
    }
    List<ChunkId> chunks = write(r, in);
    assertThat(chunks).hasSizeGreaterThan(2);
    List<Tree.Entry> out = new ArrayList<>();
    try (Store store = Store.load(r.dir())) {
      Tree.read(store, chunks, out::add);
      assertSameEntries(out, in);
      assertThatThrownBy(() -> Tree.read(store, chunks.subList(0, chunks.size() - 1), e -> { }))
          .isInstanceOf(IOException.class).hasMessageContaining("ends early");
      List<ChunkId> twice = new ArrayList<>(chunks);
      twice.add(chunks.get(chunks.size() - 1));
      assertThatThrownBy(() -> Tree.read(store, twice, e -> { }))
          .isInstanceOf(IOException.class).hasMessageContaining("does not match");
      assertThatThrownBy(() -> Tree.read(store, chunks.subList(1, chunks.size()), e -> { }))
          .isInstanceOf(IOException.class).hasMessageContaining("does not start as a volumes4j tree");
    }
  }

  @Test
  void chunkIdsReadBackFromTheirHex() {
    ChunkId id = ChunkId.hash(ChunkId.sha256(), new byte[] {1, 2, 3}, 0, 3);
    assertThat(id.hex()).isEqualTo("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
    assertThat(ChunkId.parse(id.hex())).isEqualTo(id);
    assertThat(new ChunkId(0, -1, 1, Long.MIN_VALUE).hex())
        .isEqualTo("0000000000000000ffffffffffffffff00000000000000018000000000000000");
  }

  @Test
  void aDamagedPackIndexLeavesThePackOutAndNamesIt() throws IOException {
    Repository r = repo();
    byte[] data = new byte[1 << 20];
    new Random(1).nextBytes(data);
    ChunkId id;
    try (Store store = Store.load(r.dir())) {
      PackWriter w = new PackWriter(store, 0);
      id = w.add(data, data.length);
      assertThat(w.add(data, data.length)).isEqualTo(id); // stored once
      w.finish();
      assertThat(w.addedChunks()).isEqualTo(1);
    }
    Path pack;
    try (Stream<Path> s = Files.walk(r.dir().resolve("packs"))) {
      pack = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
    }
    try (Store store = Store.load(r.dir())) {
      assertThat(store.read(id)).isEqualTo(data);
    }
    try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
      long at = f.length() - 20 - 8 - 10;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 1);
    }
    try (Store store = Store.load(r.dir())) {
      assertThat(store.has(id)).isFalse();
      assertThat(store.damaged()).singleElement().asString().contains(pack.toString()).contains("damaged");
      assertThatThrownBy(() -> store.read(id)).hasMessageContaining("missing").hasMessageContaining("check()");
    }
  }

  @Test
  void anAbortedPackLeavesNoFileAndATruncatedOneIsNotAPack() throws IOException {
    Repository r = repo();
    try (Store store = Store.load(r.dir())) {
      PackWriter w = new PackWriter(store, 0);
      w.add(new byte[1000], 1000);
      w.abort();
    }
    try (Stream<Path> s = Files.walk(r.dir())) {
      assertThat(s.filter(Files::isRegularFile).map(p -> r.dir().relativize(p).toString()))
          .containsExactly(Repository.CONFIG);
    }
    Path fake = Files.createDirectories(r.dir().resolve("packs/ab")).resolve("ab00.pack");
    Files.write(fake, "V4JPACK1 and then nothing".getBytes(StandardCharsets.US_ASCII));
    try (Store store = Store.load(r.dir())) {
      assertThat(store.chunks()).isZero();
      assertThat(store.damaged()).hasSize(1);
    }
  }

  @Test
  void aRepositoryIsCreatedOnlyInAnEmptyDirectory() throws IOException {
    Path busy = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(busy.resolve("mine.txt"), "do not touch");
    assertThatThrownBy(() -> Repository.open(busy, true, java.time.Duration.ZERO))
        .hasMessageContaining("is not empty and holds no snapshot repository");
    assertThatThrownBy(() -> Repository.open(dir.resolve("none"), false, java.time.Duration.ZERO))
        .hasMessageContaining("no snapshot repository at").hasMessageContaining("create");
    assertThat(Files.readString(busy.resolve("mine.txt"))).isEqualTo("do not touch");
  }
}
