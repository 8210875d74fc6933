package io.github.volumes4j.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.CorruptArchiveException;
import io.github.volumes4j.data.Progress;
import io.github.volumes4j.data.TreeDigest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalsTest {

  @TempDir
  Path dir;

  @Test
  void compressionIsToldByTheMagicBytes() {
    assertThat(Tars.compressionOf(new byte[] {0x1f, (byte) 0x8b, 8, 0})).isEqualTo(Compression.Kind.GZIP);
    assertThat(Tars.compressionOf(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd})).isEqualTo(Compression.Kind.ZSTD);
    assertThat(Tars.compressionOf(new byte[] {0x28, (byte) 0xb5, 0x2f})).isEqualTo(Compression.Kind.NONE);
    assertThat(Tars.compressionOf(".vol".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo(Compression.Kind.NONE);
    assertThat(Tars.compressionOf(new byte[0])).isEqualTo(Compression.Kind.NONE);
  }

  @Test
  void jsonRoundTrip() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "quote\" back\\ slash\n tab\t \u0001 ü");
    m.put("n", 42L);
    m.put("ok", true);
    m.put("nested", Map.of("a", "b"));
    m.put("empty", Map.of());
    Map<String, Object> back = Json.parse(Json.write(m));
    assertThat(back).isEqualTo(m);
    assertThatThrownBy(() -> Json.parse("{\"a\": }")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secretsAreMaskedByKeyAndInsideMountOptions() {
    Set<String> masked = new TreeSet<>();
    Map<String, String> options = new LinkedHashMap<>();
    options.put("type", "cifs");
    options.put("device", "//srv/share");
    options.put("o", "addr=10.0.0.5,username=ann,password=s3cr3t,vers=3.0");
    options.put("api_key", "abc");
    Map<String, String> out = io.github.volumes4j.internal.Secrets.mask(options, masked);
    assertThat(out.get("o")).isEqualTo("addr=10.0.0.5,username=ann,password=" + BackupManifest.MASKED + ",vers=3.0");
    assertThat(out.get("api_key")).isEqualTo(BackupManifest.MASKED);
    assertThat(out.get("device")).isEqualTo("//srv/share");
    assertThat(masked).containsExactly("api_key", "o");
  }

  @Test
  void aProducerFailureFailsTheConsumerAndIsWhatIsThrown() {
    AtomicReference<Throwable> seenByConsumer = new AtomicReference<>();
    assertThatThrownBy(() -> Pipe.run("t", out -> {
      out.write(new byte[300_000]);
      throw new CorruptArchiveException("bad archive");
    }, in -> {
      try {
        in.transferTo(OutputStream0.INSTANCE);
      } catch (IOException e) {
        seenByConsumer.set(e);
        throw new java.io.UncheckedIOException(e);
      }
    })).isInstanceOf(CorruptArchiveException.class).hasMessage("bad archive");
    assertThat(seenByConsumer.get()).isNotNull(); // the upload never ends cleanly
  }

  @Test
  void aConsumerFailureStopsTheProducerAndIsWhatIsThrown() {
    assertThatThrownBy(() -> Pipe.run("t", out -> {
      byte[] chunk = new byte[64 * 1024];
      while (true) {
        out.write(chunk); // would run forever without the consumer's failure
      }
    }, in -> {
      throw new IllegalStateException("engine refused");
    })).isInstanceOf(IllegalStateException.class).hasMessage("engine refused");
  }

  @Test
  void aConsumerClosingAfterTheTarEndStillLetsTheProducerFinish() {
    byte[] data = new byte[2_000_000];
    Pipe.run("t", out -> out.write(data), in -> {
      try (InputStream i = in) {
        i.readNBytes(1000);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void fileSinkRenamesOnlyOnCommitAndLeavesNothingOnAbort() throws IOException {
    Path target = dir.resolve("b.tar");
    try (FileSink sink = new FileSink(target, false)) {
      sink.stream().write("abc".getBytes());
      assertThat(target).doesNotExist();
      assertThat(sink.temp()).exists();
      sink.commit();
    }
    assertThat(Files.readString(target)).isEqualTo("abc");
    Path other = dir.resolve("c.tar");
    Path temp;
    try (FileSink sink = new FileSink(other, false)) {
      sink.stream().write("partial".getBytes());
      temp = sink.temp();
    }
    assertThat(other).doesNotExist();
    assertThat(temp).doesNotExist();
    assertThatThrownBy(() -> new FileSink(target, false)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("b.tar");
    }
  }

  @Test
  void aHostTreeRoundTripKeepsLinksModesMtimesAndEmptyDirectories() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/sub/empty"));
    Path root = dir.resolve("src");
    Files.writeString(root.resolve("a.txt"), "A");
    Files.createLink(root.resolve("hard"), root.resolve("a.txt"));
    Files.createSymbolicLink(root.resolve("sub/up"), Path.of("../a.txt"));
    Files.setAttribute(root.resolve("sub"), "unix:mode", 0750);
    Files.setLastModifiedTime(root.resolve("a.txt"), java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_500L));
    assertThat(src).isDirectory();

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EntryTracker written = new EntryTracker(ArchiveLimits.defaults());
    try (TarArchiveOutputStream tar = Tars.writer(bytes)) {
      HostTree.write(root, "./", java.util.Optional.empty(), HostTree.Overrides.none(), tar, written);
    }
    Path copy = dir.resolve("copy");
    EntryTracker extracted = new EntryTracker(ArchiveLimits.defaults());
    HostExtractor.extract(new TarReader(new ByteArrayInputStream(bytes.toByteArray())), copy, extracted, false);
    TreeDigest original = Digests.of(written);
    assertThat(Digests.of(extracted)).isEqualTo(original);
    assertThat(HostTree.treeDigest(copy)).isEqualTo(HostTree.treeDigest(root));
    assertThat(Files.isSameFile(copy.resolve("a.txt"), copy.resolve("hard"))).isTrue();
    assertThat(Files.readSymbolicLink(copy.resolve("sub/up"))).isEqualTo(Path.of("../a.txt"));
    assertThat(copy.resolve("sub/empty")).isDirectory();
    assertThat(Files.getLastModifiedTime(copy.resolve("a.txt")).toMillis()).isEqualTo(1_600_000_000_000L);
  }

  @Test
  void fileSinkKeepsEveryByteInOrderAcrossItsBuffers() throws IOException {
    byte[] data = new byte[5 * 1024 * 1024 + 77];
    new java.util.Random(7).nextBytes(data);
    Path target = dir.resolve("big.tar");
    try (FileSink sink = new FileSink(target, false)) {
      int off = 0;
      int step = 1;
      while (off < data.length) {
        int n = Math.min(step, data.length - off);
        sink.stream().write(data, off, n);
        off += n;
        step = step * 3 + 1; // 1, 4, 13, ... up to several buffers at once
      }
      sink.stream().write(42);
      sink.commit();
      assertThat(sink.written()).isEqualTo(data.length + 1L);
    }
    byte[] back = Files.readAllBytes(target);
    assertThat(java.util.Arrays.copyOf(back, data.length)).isEqualTo(data);
    assertThat(back[data.length]).isEqualTo((byte) 42);
  }

  @Test
  void theExtractorThreadWritesTheSameTreeAndWriteTimeDigestsStillSeeLaterChanges() throws IOException {
    Path root = Files.createDirectories(dir.resolve("src/sub/empty"));
    root = dir.resolve("src");
    byte[] big = new byte[700_000]; // spans several chunks
    new java.util.Random(3).nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    Files.writeString(root.resolve("a.txt"), "A");
    Files.createFile(root.resolve("empty.txt"));
    Files.createLink(root.resolve("sub/hard"), root.resolve("a.txt"));
    Files.createSymbolicLink(root.resolve("sub/up"), Path.of("../a.txt"));
    Files.setAttribute(root.resolve("sub"), "unix:mode", 0750);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EntryTracker written = new EntryTracker(ArchiveLimits.defaults());
    try (TarArchiveOutputStream tar = Tars.writer(bytes)) {
      HostTree.write(root, "./", java.util.Optional.empty(), HostTree.Overrides.none(), tar, written);
    }

    Path copy = dir.resolve("copy");
    EntryTracker extracted = new EntryTracker(ArchiveLimits.defaults()).recordContents();
    ExtractorThread x = new ExtractorThread(new HostExtractor.Extractor(copy, false, extracted));
    try (TarReader in = new TarReader(new ByteArrayInputStream(bytes.toByteArray()))) {
      org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        x.entry(e, extracted.check(e), in, extracted);
      }
      x.finish();
    } finally {
      x.abort();
    }
    assertThat(Digests.of(extracted)).isEqualTo(Digests.of(written));
    assertThat(Files.readAllBytes(copy.resolve("big.bin"))).isEqualTo(big);
    assertThat(Files.isSameFile(copy.resolve("a.txt"), copy.resolve("sub/hard"))).isTrue();
    assertThat(HostTree.treeDigest(copy)).isEqualTo(HostTree.treeDigest(root));
    assertThat(landed(copy, extracted)).isEqualTo(HostTree.treeDigest(root));

    // what changes after the write shows: metadata from the walk, a size change by reading the file
    Files.setAttribute(copy.resolve("big.bin"), "unix:mode", 0600);
    assertThat(landed(copy, extracted).sha256()).isNotEqualTo(HostTree.treeDigest(root).sha256());
    Files.setAttribute(copy.resolve("big.bin"), "unix:mode", Files.getAttribute(root.resolve("big.bin"), "unix:mode"));
    Files.writeString(copy.resolve("a.txt"), "AB");
    assertThat(landed(copy, extracted).sha256()).isNotEqualTo(HostTree.treeDigest(root).sha256());
    assertThat(landed(copy, extracted)).isEqualTo(HostTree.treeDigest(copy));
  }

  private static TreeDigest landed(Path dir, EntryTracker known) throws IOException {
    EntryTracker t = new EntryTracker(ArchiveLimits.defaults().withAllowAbsoluteSymlinks(true));
    HostTree.digest(dir, known, t);
    return Digests.of(t);
  }

  @Test
  void theExtractorThreadReportsAnEntryLandingOutsideWithItsType() throws IOException {
    Path copy = dir.resolve("x");
    EntryTracker t = new EntryTracker(ArchiveLimits.defaults());
    ExtractorThread x = new ExtractorThread(new HostExtractor.Extractor(copy, false, t));
    try {
      org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
          new org.apache.commons.compress.archivers.tar.TarArchiveEntry("f");
      assertThatThrownBy(() -> {
        x.entry(e, "../escape", InputStream.nullInputStream(), t);
        x.finish();
      }).isInstanceOf(io.github.volumes4j.data.HostileArchiveException.class);
    } finally {
      x.abort();
    }
    assertThat(dir.resolve("escape")).doesNotExist();
  }

  @Test
  void progressEstimatesTheTimeLeftFromTheAverageRate() {
    Progress p = Progress.builder().bytes(25).entries(3).expectedBytes(OptionalLong.of(100))
        .elapsed(Duration.ofSeconds(5)).build();
    assertThat(p.fraction()).contains(0.25);
    assertThat(p.estimatedRemaining()).contains(Duration.ofSeconds(15));
    Progress unknown = Progress.builder().bytes(25).entries(3).elapsed(Duration.ofSeconds(5)).build();
    assertThat(unknown.estimatedRemaining()).isEmpty();
    assertThat(unknown.withDone(true).estimatedRemaining()).contains(Duration.ZERO);
  }

  /** A sink. */
  static final class OutputStream0 extends java.io.OutputStream {
    static final OutputStream0 INSTANCE = new OutputStream0();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
