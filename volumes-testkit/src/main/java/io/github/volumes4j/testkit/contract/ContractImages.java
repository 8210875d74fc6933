package io.github.volumes4j.testkit.contract;

import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The images the contract needs, imported through the SPI when an engine lacks them.
 *
 * <pre>{@code
 * ContractImages.ensure(engine);   // busybox for processes, a content image with known files for copy-up
 * }</pre>
 */
public final class ContractImages {

  private ContractImages() {}

  /** The busybox image of the project's Docker set-up (scripts/docker-engine.sh). */
  public static final String BUSYBOX = "volumes4j/busybox:test";
  /** An image with known content under {@code /seed}, for copy-up scenarios. */
  public static final String CONTENT = "volumes4j/contract-content:1";
  /** Fixed mtime of the content image's entries (seconds). */
  public static final long CONTENT_MTIME = 1_600_000_000L;

  private static volatile byte[] busyboxTar;
  private static volatile byte[] contentTar;

  /** Imports the contract's images that the engine lacks. */
  public static void ensure(VolumeEngine engine) {
    if (!engine.imageExists(BUSYBOX)) {
      if (busyboxTar == null) {
        busyboxTar = busyboxLikeRootfs();
      }
      engine.importImage(new ByteArrayInputStream(busyboxTar), BUSYBOX, Map.of("io.github.volumes4j.test-image", "busybox"));
    }
    if (!engine.imageExists(CONTENT)) {
      if (contentTar == null) {
        contentTar = contentRootfs();
      }
      engine.importImage(new ByteArrayInputStream(contentTar), CONTENT,
          Map.of("io.github.volumes4j.test-image", "contract-content"));
    }
  }

  /**
   * The directories of the busybox image that the contract relies on (no programs: an engine that
   * imports this cannot run a shell, which the contract never asks for).
   */
  static byte[] busyboxLikeRootfs() {
    return tar(t -> {
      dir(t, "bin/", 0755, 0, 0);
      file(t, "bin/sh", "", 0755, 0, 0);  // files, as busybox's links are: a mount over them is a mount over a file
      file(t, "bin/true", "", 0755, 0, 0);
      dir(t, "data/", 0755, 0, 0);
      dir(t, "etc/", 0755, 0, 0);
      // as scripts/docker-engine.sh writes them into the test image (copy-up of /etc is recorded with them)
      file(t, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644, 0, 0);
      file(t, "etc/group", "root:x:0:\n", 0644, 0, 0);
      dir(t, "tmp/", 01777, 0, 0);
    });
  }

  /**
   * {@code /seed} (0711, owner 1000:1000) with {@code hello.txt} ("hello\n", 0640),
   * {@code sub/} (0750) holding {@code deep.txt} ("deep\n"), a symlink {@code link -> hello.txt}, a
   * hard link {@code hard.txt} to {@code hello.txt} and an empty directory {@code empty/}; an empty
   * {@code /vacant} (0700).
   */
  static byte[] contentRootfs() {
    return tar(t -> {
      dir(t, "seed/", 0711, 1000, 1000);
      file(t, "seed/hello.txt", "hello\n", 0640, 1000, 1000);
      TarArchiveEntry hard = new TarArchiveEntry("seed/hard.txt", TarConstants.LF_LINK);
      hard.setLinkName("seed/hello.txt");
      meta(hard, 0640, 1000, 1000);
      put(t, hard, null);
      TarArchiveEntry link = new TarArchiveEntry("seed/link", TarConstants.LF_SYMLINK);
      link.setLinkName("hello.txt");
      meta(link, 0777, 1000, 1000);
      put(t, link, null);
      dir(t, "seed/empty/", 0755, 0, 0);
      dir(t, "seed/sub/", 0750, 1000, 1000);
      file(t, "seed/sub/deep.txt", "deep\n", 0644, 0, 0);
      dir(t, "vacant/", 0700, 0, 0);
    });
  }

  interface TarBody {
    void write(TarArchiveOutputStream t) throws IOException;
  }

  static byte[] tar(TarBody body) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      TarArchiveOutputStream t = new TarArchiveOutputStream(out);
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      body.write(t);
      t.finish();
      t.close();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void dir(TarArchiveOutputStream t, String name, int mode, int uid, int gid) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_DIR);
    meta(e, mode, uid, gid);
    put(t, e, null);
  }

  static void file(TarArchiveOutputStream t, String name, String content, int mode, int uid, int gid)
      throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
    e.setSize(data.length);
    meta(e, mode, uid, gid);
    put(t, e, data);
  }

  static void symlink(TarArchiveOutputStream t, String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    meta(e, 0777, 0, 0);
    put(t, e, null);
  }

  static void hardLink(TarArchiveOutputStream t, String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
    e.setLinkName(target);
    meta(e, 0644, 0, 0);
    put(t, e, null);
  }

  static void meta(TarArchiveEntry e, int mode, int uid, int gid) {
    e.setMode(mode);
    e.setUserId(uid);
    e.setGroupId(gid);
    e.setModTime(CONTENT_MTIME * 1000);
  }

  static void put(TarArchiveOutputStream t, TarArchiveEntry e, byte[] data) throws IOException {
    t.putArchiveEntry(e);
    if (data != null) {
      t.write(data);
    }
    t.closeArchiveEntry();
  }
}
