package io.github.volumes4j.data;

import static io.github.volumes4j.data.TarFixture.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.data.internal.BackupFormat;
import io.github.volumes4j.data.internal.EntryTracker;
import io.github.volumes4j.data.internal.ParallelGzipOutputStream;
import io.github.volumes4j.data.internal.ProgressMeter;
import io.github.volumes4j.data.internal.Tars;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import io.github.volumes4j.data.internal.TarReader;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class BackupFormatTest {

  static final byte[] TREE = tar().dir("./", 0755).file("./a.txt", "hello", 0640, 999, 999).dir("./empty", 0700)
      .symlink("./link", "a.txt").hardlink("./hard", "./a.txt").file("./sub/b.bin", "b".repeat(3000)).bytes();

  /** A backup as Mover writes it, from a volume's tar. */
  static byte[] backup(byte[] volumeTar, boolean gzip) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream body = gzip ? new ParallelGzipOutputStream(bytes, 1) : bytes;
    TarArchiveOutputStream out = Tars.writer(body);
    BackupManifest.Builder h = BackupManifest.builder().volumeName("pgdata").driver("local")
        .putDriverOption("type", "nfs").putDriverOption("o", "addr=10.0.0.1,password=" + BackupManifest.MASKED)
        .addMaskedOption("o").putLabel("app", "billing").backedUpAt(Instant.parse("2026-11-28T12:00:00Z"))
        .engine("test");
    BackupManifest probe = h.content(TreeDigest.builder().sha256("").files(0).directories(0).symlinks(0).others(0)
        .bytes(0).build()).build();
    BackupFormat.Header header = BackupFormat.writeHeader(out, probe, java.util.Optional.empty());
    EntryTracker tracker = new EntryTracker(ArchiveLimits.defaults());
    Tars.copyEntries(new TarReader(new ByteArrayInputStream(volumeTar)), BackupFormat.DATA, out, tracker);
    BackupFormat.writeTrailer(out, io.github.volumes4j.data.internal.Digests.of(tracker), Instant.now(), header);
    out.finish();
    body.close();
    return bytes.toByteArray();
  }

  static BackupManifest read(byte[] backup, ByteArrayOutputStream written) {
    TarArchiveOutputStream out = written == null ? null : Tars.writer(written);
    BackupManifest m = new BackupFormat.Reader(new ByteArrayInputStream(backup), ArchiveLimits.defaults(),
        ProgressMeter.NONE, "test.tar", java.util.Optional.empty()).readData(out, "./");
    if (out != null) {
      try {
        out.finish();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    return m;
  }

  @Test
  void roundTripKeepsManifestAndTree() throws IOException {
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    BackupManifest m = read(backup(TREE, false), written);
    assertThat(m.volumeName()).isEqualTo("pgdata");
    assertThat(m.driverOptions()).containsEntry("type", "nfs");
    assertThat(m.maskedOptions()).containsExactly("o");
    assertThat(m.labels()).isEqualTo(Map.of("app", "billing"));
    assertThat(m.content()).isEqualTo(TreeDigest.of(new ByteArrayInputStream(TREE)));
    assertThat(m.content().files()).isEqualTo(3);
    assertThat(m.content().directories()).isEqualTo(2); // the root and "empty"; "sub" has no entry of its own
    // what the reader passes on is the same tree, named relative to the volume root
    assertThat(TreeDigest.of(new ByteArrayInputStream(written.toByteArray()))).isEqualTo(m.content());
    List<String> names = new ArrayList<>();
    TarReader in = new TarReader(new ByteArrayInputStream(written.toByteArray()));
    TarArchiveEntry e;
    while ((e = in.getNextEntry()) != null) {
      names.add(e.getName() + (e.isLink() ? " -> " + e.getLinkName() : ""));
    }
    assertThat(names).contains("./", "./a.txt", "./hard -> ./a.txt", "./sub/b.bin");
  }

  @Test
  void gzipBackupsAreConcatenatedMembersThatPlainGunzipReads() throws IOException {
    byte[] big = new byte[3 << 20];
    new Random(1).nextBytes(big);
    Arrays.fill(big, 0, 1 << 20, (byte) 'z');
    byte[] tree = tar().dir("./", 0755).file("./text", "t".repeat(10_000)).bytes();
    ByteArrayOutputStream treeWithBig = new ByteArrayOutputStream();
    TarArchiveOutputStream t = Tars.writer(treeWithBig);
    TarReader src = new TarReader(new ByteArrayInputStream(tree));
    TarArchiveEntry e;
    while ((e = src.getNextEntry()) != null) {
      t.putArchiveEntry(e);
      src.transferTo(t);
      t.closeArchiveEntry();
    }
    TarArchiveEntry b = new TarArchiveEntry("./big");
    b.setSize(big.length);
    t.putArchiveEntry(b);
    t.write(big);
    t.closeArchiveEntry();
    t.finish();
    byte[] gz = backup(treeWithBig.toByteArray(), true);
    assertThat(gz[0]).isEqualTo((byte) 0x1f);
    BackupManifest m = read(gz, null);
    assertThat(m.content().bytes()).isEqualTo(10_000 + big.length);
    byte[] plain = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
    assertThat(read(plain, null)).isEqualTo(m);
  }

  @Test
  void truncatedAtABlockBoundaryIsRefused() throws IOException {
    byte[] full = backup(TREE, false);
    for (int cut = 512; cut < full.length - 1024; cut += 512) {
      byte[] part = Arrays.copyOf(full, cut);
      assertThatThrownBy(() -> read(part, null)).as("cut at %d", cut).isInstanceOf(CorruptArchiveException.class);
    }
  }

  @Test
  void truncatedInsideAnEntryIsRefused() throws IOException {
    byte[] full = backup(TREE, false);
    byte[] part = Arrays.copyOf(full, full.length / 2 + 100);
    assertThatThrownBy(() -> read(part, null)).isInstanceOf(CorruptArchiveException.class)
        .hasMessageContaining("test.tar");
  }

  @Test
  void corruptedContentIsRefusedByTheChecksum() throws IOException {
    byte[] full = backup(TREE, false);
    String s = new String(full, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = s.indexOf("hello");
    full[at] = 'j';
    assertThatThrownBy(() -> read(full, null)).isInstanceOf(CorruptArchiveException.class)
        .hasMessageContaining("does not match its own checksum");
  }

  @Test
  void aPlainTarIsNotABackup() {
    assertThatThrownBy(() -> read(TREE, null)).isInstanceOf(CorruptArchiveException.class)
        .hasMessageContaining("not a volumes4j backup").hasMessageContaining("copyInto");
  }

  @Test
  void hostileEntriesInABackupAreRefused() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TarArchiveOutputStream out = Tars.writer(bytes);
    BackupManifest.Builder h = BackupManifest.builder().volumeName("x").driver("local").backedUpAt(Instant.now());
    BackupFormat.writeHeader(out, h.content(TreeDigest.builder().sha256("").files(0).directories(0).symlinks(0)
        .others(0).bytes(0).build()).build(), java.util.Optional.empty());
    TarArchiveEntry evil = new TarArchiveEntry("data/../../etc/cron.d/x", true);
    evil.setSize(1);
    out.putArchiveEntry(evil);
    out.write('x');
    out.closeArchiveEntry();
    out.finish();
    assertThatThrownBy(() -> read(bytes.toByteArray(), null)).isInstanceOf(HostileArchiveException.class);
  }
}
