package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bombs and deep trees in a small heap (run it with {@code -Xmx256m}): two million empty entries in a
 * 14 MB gzip, a 3 GiB entry of zeros (for engines that keep data in memory), and a tree 2,000
 * directories deep. Every operation either works, in time linear in the tree, or fails with a typed
 * error, leaving no volume behind; none runs out of memory or stack.
 *
 * <pre>{@code
 * class InMemorySmallHeapTest extends SmallHeapContract {   // surefire: <argLine>-Xmx256m</argLine>
 *   @Override protected VolumeEngine createEngine() { return InMemoryEngine.dockerLike(); }
 * }
 * }</pre>
 */
public abstract class SmallHeapContract {

  /** The engine under test. */
  protected abstract VolumeEngine createEngine();

  /** Whether to send a 3 GiB entry (an engine that writes to disk would write it all). */
  protected boolean bigEntry() {
    return true;
  }

  /**
   * Whether to restore the entry bomb into a new volume (checked as it is written: an engine that
   * writes to disk creates a million files before the check refuses the rest).
   */
  protected boolean restoreBomb() {
    return true;
  }

  /** A gzip stream at level 1: bombs of zeros compress fast. */
  private static GZIPOutputStream fastGzip(OutputStream out) throws IOException {
    return new GZIPOutputStream(out, 1 << 16) {
      {
        def.setLevel(java.util.zip.Deflater.BEST_SPEED);
      }
    };
  }

  private VolumeEngine engine;
  private DataMovement data;
  private String run;
  @TempDir
  Path dir;

  @BeforeEach
  final void start() {
    engine = createEngine();
    data = DataMovement.on(engine);
    run = "v4jm" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  @AfterEach
  final void stop() {
    try {
      for (Volume v : engine.listVolumes(VolumeFilter.all())) {
        if (v.name().startsWith(run)) {
          engine.removeVolume(v.name(), true);
        }
      }
    } finally {
      engine.close();
    }
  }

  private String volume(String s) {
    return engine.createVolume(VolumeSpec.named(run + "-" + s).label(ContractBase.TEST_LABEL, run)).name();
  }

  /** Writes a raw tar header. */
  private static void header(OutputStream out, String name, char type, long size) throws IOException {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
    HostileArchives.Raw.octal(h, 100, 8, type == '5' ? 0755 : 0644);
    HostileArchives.Raw.octal(h, 108, 8, 0);
    HostileArchives.Raw.octal(h, 116, 8, 0);
    HostileArchives.Raw.octal(h, 124, 12, size);
    HostileArchives.Raw.octal(h, 136, 12, 1_650_000_000L);
    h[156] = (byte) type;
    System.arraycopy("ustar\0".getBytes(StandardCharsets.ISO_8859_1), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    HostileArchives.Raw.checksum(h, false);
    out.write(h);
  }

  /** Two million empty files in a gzip of about 14 MB; as a backup when {@code backup}. */
  static byte[] entryBomb(boolean backup) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 << 20);
    try (GZIPOutputStream gz = fastGzip(bytes)) {
      String prefix = "";
      if (backup) {
        HostileArchives.Raw r = new HostileArchives.Raw("");
        HostileArchives.manifest(r);
        gz.write(r.unfinished());
        header(gz, "data/", '5', 0);
        prefix = "data/";
      }
      for (int d = 0; d < 2000; d++) {
        header(gz, prefix + "d" + d + "/", '5', 0);
        for (int f = 0; f < 1000; f++) {
          header(gz, prefix + "d" + d + "/f" + f, '0', 0);
        }
      }
      gz.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** One entry of 3 GiB of zeros, gzipped (about 3 MB). */
  static byte[] bigEntryBomb() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 << 20);
    try (GZIPOutputStream gz = fastGzip(bytes)) {
      long size = 3L << 30;
      header(gz, "big", '0', size);
      byte[] zeros = new byte[1 << 20];
      for (long done = 0; done < size; done += zeros.length) {
        gz.write(zeros);
      }
      gz.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A tree {@code depth} directories deep ("d/d/d/..."), a file at every tenth level. */
  static byte[] deepTree(int depth) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      header(bytes, "./", '5', 0);
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < depth; i++) {
        path.append("d/");
        HostileArchives.Raw r = new HostileArchives.Raw("");
        if (path.length() > 100) {
          r.pax(HostileArchives.pax("path", path.toString().getBytes(StandardCharsets.ISO_8859_1)));
        }
        bytes.write(r.unfinished());
        header(bytes, path.length() > 100 ? "long/" : path.toString(), '5', 0);
        if (i % 10 == 0 && path.length() + 1 < 4096) {
          String f = path + "f";
          HostileArchives.Raw p = new HostileArchives.Raw("");
          if (f.length() > 100) {
            p.pax(HostileArchives.pax("path", f.getBytes(StandardCharsets.ISO_8859_1)));
          }
          bytes.write(p.unfinished());
          header(bytes, f.length() > 100 ? "long" : f, '0', 2);
          bytes.write("x\n".getBytes(StandardCharsets.US_ASCII));
          bytes.write(new byte[510]);
        }
      }
      bytes.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Test
  void twoMillionEntriesAreRefusedWithATypedError() throws IOException {
    byte[] bomb = entryBomb(false);
    assertThat(bomb.length).isLessThan(20 << 20);
    String v = volume("bomb");
    assertThatThrownBy(() -> data.copyInto(v).tar(new ByteArrayInputStream(bomb))).isInstanceOf(VolumesException.class);
    Path file = dir.resolve("bomb.tar.gz");
    Files.write(file, entryBomb(true));
    assertThatThrownBy(() -> data.restore(file).verify()).isInstanceOf(VolumesException.class);
    if (restoreBomb()) {
      assertThatThrownBy(() -> data.restore(file).toNewVolume(run + "-restored")).isInstanceOf(VolumesException.class);
      assertThat(engine.listVolumes(VolumeFilter.name(run + "-restored"))).isEmpty();
    }
  }

  @Test
  void aThreeGibEntryIsRefusedOrWrittenWithoutRunningOutOfMemory() throws IOException {
    if (!bigEntry()) {
      return;
    }
    byte[] bomb = bigEntryBomb();
    String v = volume("big");
    try {
      data.copyInto(v).limits(io.github.volumes4j.data.ArchiveLimits.defaults().withMaxEntryBytes(4L << 30))
          .tar(new ByteArrayInputStream(bomb));
    } catch (VolumesException e) {
      assertThat(e.getMessage()).containsAnyOf("no space left", "space");
    }
  }

  @Test
  void aTreeTwoThousandDirectoriesDeepWorksInLinearTime() throws IOException {
    long t0 = System.nanoTime();
    String v = volume("deep");
    data.copyInto(v).tar(new ByteArrayInputStream(deepTree(2000)));
    TreeDigest d = data.digest(v);
    assertThat(d.directories()).isEqualTo(2001);
    Path file = dir.resolve("deep.tar");
    data.backup(v).to(file);
    data.restore(file).toNewVolume(run + "-deep2");
    assertThat(data.digest(run + "-deep2")).isEqualTo(d);
    data.clone(v).to(run + "-deep3");
    assertThat(data.digest(run + "-deep3")).isEqualTo(d);
    long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
    assertThat(seconds).as("seconds for a 2,000-level tree (linear work is well under a minute)").isLessThan(60);
  }
}
