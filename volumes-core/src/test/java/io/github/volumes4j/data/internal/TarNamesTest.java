package io.github.volumes4j.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.HostileArchiveException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarNamesTest {

  @TempDir
  Path dir;

  @Test
  void everyByteStringSurvivesDecodeAndEncode() {
    Random r = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[r.nextInt(40)];
      r.nextBytes(b);
      String s = TarNames.decode(b);
      assertThat(TarNames.encode(s)).isEqualTo(b);
      assertThat(TarNames.byteLength(s)).isEqualTo(b.length);
    }
    // valid UTF-8 decodes as text; two names that differ in one invalid byte stay two
    assertThat(TarNames.decode("café".getBytes(StandardCharsets.UTF_8))).isEqualTo("café");
    assertThat(TarNames.decode(new byte[] {'c', (byte) 0xe9})).isNotEqualTo(TarNames.decode(new byte[] {'c', (byte) 0xe8}));
    assertThat(TarNames.printable(TarNames.decode(new byte[] {'a', (byte) 0xff, '\n'}))).isEqualTo("a\\xFF\\x0A");
    assertThatThrownBy(() -> TarNames.encode("a\uD800b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hostNamesKeepTheirBytesWhateverTheFileNameEncoding() throws IOException {
    List<String> names = new ArrayList<>();
    for (byte[] b : List.of(new byte[] {'a', '\\', 'b'}, new byte[] {'c', 'a', 'f', (byte) 0xe9}, new byte[] {(byte) 0xff},
        "ü".getBytes(StandardCharsets.UTF_8), new byte[] {'%', '4', '1'})) {
      String n = TarNames.decode(b);
      names.add(n);
      Path p = TarNames.resolve(dir, n);
      Files.writeString(p, "x");
      assertThat(TarNames.nameOf(p)).isEqualTo(n);
    }
    try (var s = Files.list(dir)) {
      assertThat(s.map(TarNames::nameOf).toList()).containsExactlyInAnyOrderElementsOf(names);
    }
    Path link = dir.resolve("link");
    String target = TarNames.decode(new byte[] {'.', '.', '/', (byte) 0xe9, '/', 'x'});
    Files.createSymbolicLink(link, TarNames.path(target));
    assertThat(TarNames.text(Files.readSymbolicLink(link))).isEqualTo(target);
  }

  @Test
  void theTarWriterAndReaderKeepNamesAsBytes() throws IOException {
    String longName = TarNames.decode(new byte[] {(byte) 0xe9}) + "/".repeat(1) + "n".repeat(300);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = Tars.writer(out)) {
      for (String n : List.of("caf" + TarNames.decode(new byte[] {(byte) 0xe9}), longName, "a\\b")) {
        TarArchiveEntry e = new TarArchiveEntry(n, TarConstants.LF_NORMAL, true);
        e.setSize(1);
        t.putArchiveEntry(e);
        t.write('x');
        t.closeArchiveEntry();
      }
      t.finish();
    }
    TarReader r = new TarReader(new ByteArrayInputStream(out.toByteArray()));
    List<String> read = new ArrayList<>();
    TarArchiveEntry e;
    while ((e = r.getNextEntry()) != null) {
      read.add(e.getName());
      assertThat(e.getModTime().getTime() % 1000).isZero();
    }
    assertThat(read).containsExactly("caf" + TarNames.decode(new byte[] {(byte) 0xe9}), longName, "a\\b");
  }

  @Test
  void aVolumesOwnTreeHasNoSizeLimitButAnArchiveFromElsewhereHas() {
    TarArchiveEntry big = new TarArchiveEntry("sparse.img", TarConstants.LF_NORMAL, true);
    big.setSize(65L << 30);
    assertThat(new EntryTracker(EntryTracker.FROM_VOLUME).check(big)).isEqualTo("sparse.img");
    assertThatThrownBy(() -> new EntryTracker(ArchiveLimits.defaults()).check(big))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("raise ArchiveLimits.maxEntryBytes");
  }

  @Test
  void aHostReadFailureSaysItIsTheHosts() {
    Path gone = dir.resolve("gone");
    assertThatThrownBy(() -> HostTree.read(gone, "", java.util.Optional.of("x"), HostTree.Overrides.none(),
        new EntryTracker(EntryTracker.FROM_VOLUME), (e, n, c) -> { }))
        .isInstanceOf(HostTree.HostReadException.class).hasMessageContaining("on this host failed")
        .hasMessageContaining(gone.toString());
  }
}
