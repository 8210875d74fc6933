package io.github.volumes4j.data;

import io.github.volumes4j.data.internal.Tars;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds small tars in memory for tests. */
public final class TarFixture {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = Tars.writer(bytes);
  private long mtime = 1_700_000_000_000L;

  public static TarFixture tar() {
    return new TarFixture();
  }

  public TarFixture mtime(long millis) {
    mtime = millis;
    return this;
  }

  public TarFixture dir(String name, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
    e.setMode(mode);
    return put(e, null);
  }

  public TarFixture file(String name, String content) {
    return file(name, content, 0644, 0, 0);
  }

  public TarFixture file(String name, String content, int mode, int uid, int gid) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setMode(mode);
    e.setUserId(uid);
    e.setGroupId(gid);
    e.setSize(b.length);
    return put(e, b);
  }

  public TarFixture symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    e.setLinkName(target);
    e.setMode(0777);
    return put(e, null);
  }

  public TarFixture hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    e.setLinkName(target);
    e.setMode(0644);
    return put(e, null);
  }

  public TarFixture special(String name, byte type) {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode(0600);
    return put(e, null);
  }

  /** A regular file entry that claims {@code size} bytes (the content is not written). */
  public TarFixture claimedSize(String name, long size) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setSize(size);
    try {
      tar.putArchiveEntry(e);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return this;
  }

  private TarFixture put(TarArchiveEntry e, byte[] content) {
    try {
      e.setModTime(mtime);
      tar.putArchiveEntry(e);
      if (content != null) {
        tar.write(content);
      }
      tar.closeArchiveEntry();
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public byte[] bytes() {
    try {
      tar.finish();
      return bytes.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The raw stream so far, without the end-of-archive blocks (for truncation tests). */
  public byte[] unfinished() {
    try {
      tar.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }
}
