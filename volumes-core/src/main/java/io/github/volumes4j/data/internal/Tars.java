package io.github.volumes4j.data.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Tar plumbing shared by every operation. */
public final class Tars {

  private Tars() {}

  /**
   * A tar writer for any name length, size and owner id. Names are written as their bytes
   * ({@link TarNames}): in the ustar field, or a GNU long name when longer, as GNU tar does, so that
   * a name that is not UTF-8 reaches the daemon unchanged (a PAX {@code path} would be UTF-8); sizes
   * and ids too large for the ustar fields go into PAX records.
   */
  public static TarArchiveOutputStream writer(OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 512, StandardCharsets.ISO_8859_1.name()) {
      @Override
      public void putArchiveEntry(TarArchiveEntry e) throws IOException {
        String name = e.getName();
        String link = e.getLinkName();
        String user = e.getUserName();
        String group = e.getGroupName();
        String rawName = TarNames.latin1(name);
        String rawLink = TarNames.latin1(link);
        // Long names as GNU long-name entries, written here: Commons Compress shortens a long name one
        // character at a time to fit the ustar field, re-encoding it each time (quadratic in its length).
        if (rawName.length() >= 100) {
          longName(this, TarConstants.LF_GNUTYPE_LONGNAME, rawName);
          // the ustar field holds a stand-in; a non-directory's must not end with "/", or it reads as a directory
          rawName = rawName.substring(0, 99);
          if (!e.isDirectory() && rawName.endsWith("/")) {
            rawName = rawName.substring(0, 98) + "_";
          }
        }
        if (rawLink.length() >= 100) {
          longName(this, TarConstants.LF_GNUTYPE_LONGLINK, rawLink);
          rawLink = rawLink.substring(0, 99);
        }
        java.util.Date mtime = e.getModTime();
        // whole seconds: a fractional time would add a PAX mtime record (the archive endpoints drop them anyway)
        e.setModTime(Math.floorDiv(mtime.getTime(), 1000L) * 1000L);
        e.setName(rawName);
        e.setLinkName(rawLink);
        e.setUserName(TarNames.latin1(user));
        e.setGroupName(TarNames.latin1(group));
        try {
          super.putArchiveEntry(e);
        } finally {
          e.setModTime(mtime);
          e.setName(name);
          e.setLinkName(link);
          e.setUserName(user);
          e.setGroupName(group);
        }
      }
    };
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(false);
    return tar;
  }

  /** A GNU long name (or link) entry: the bytes of {@code raw} (one char per byte) and a NUL. */
  private static void longName(TarArchiveOutputStream tar, byte type, String raw) throws IOException {
    byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
    TarArchiveEntry l = new TarArchiveEntry(TarConstants.GNU_LONGLINK, type);
    l.setSize(b.length + 1L);
    // whole seconds: a fractional time makes the writer add a PAX mtime record, which a reader (Go's too)
    // applies to the next real entry
    l.setModTime(0L);
    tar.putArchiveEntry(l);
    tar.write(b);
    tar.write(0);
    tar.closeArchiveEntry();
  }

  /** How a stream that starts with {@code head} (its first 4 bytes, or fewer) is compressed, by its magic bytes. */
  public static Compression.Kind compressionOf(byte[] head) {
    int m1 = head.length > 0 ? head[0] & 0xff : -1;
    int m2 = head.length > 1 ? head[1] & 0xff : -1;
    if (m1 == 0x1f && m2 == 0x8b) {
      return Compression.Kind.GZIP;
    }
    if (head.length == 4 && m1 == 0x28 && m2 == 0xb5 && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
      return Compression.Kind.ZSTD;
    }
    return Compression.Kind.NONE;
  }

  /**
   * A strict tar reader ({@link TarReader}); gzip (concatenated members too) and zstd are recognized
   * by their magic bytes and unwrapped.
   */
  public static TarReader reader(InputStream in) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in, 64 * 1024);
    b.mark(4);
    byte[] head = b.readNBytes(4);
    b.reset();
    InputStream body = switch (compressionOf(head)) {
      case GZIP -> new GZIPInputStream(b, 64 * 1024);
      case ZSTD -> new BufferedInputStream(Compression.zstdReader(b), 64 * 1024);
      case NONE -> b;
    };
    return new TarReader(body);
  }

  /**
   * A copy of an entry's header under a new name ({@code name} relative, {@code ""} for the root);
   * hard-link targets are renamed with the same prefix.
   */
  public static TarArchiveEntry copy(TarArchiveEntry src, String prefix, String name, String hardLinkTarget) {
    byte type = src.isDirectory() ? TarConstants.LF_DIR
        : src.isSymbolicLink() ? TarConstants.LF_SYMLINK
        : src.isLink() ? TarConstants.LF_LINK
        : src.isCharacterDevice() ? TarConstants.LF_CHR
        : src.isBlockDevice() ? TarConstants.LF_BLK
        : src.isFIFO() ? TarConstants.LF_FIFO
        : TarConstants.LF_NORMAL;
    String full = join(prefix, name);
    if (type == TarConstants.LF_DIR) {
      full = full.endsWith("/") ? full : full + "/";
    }
    TarArchiveEntry e = new TarArchiveEntry(full, type, true);
    e.setMode(src.getMode());
    e.setUserId(src.getLongUserId());
    e.setGroupId(src.getLongGroupId());
    e.setUserName(src.getUserName());
    e.setGroupName(src.getGroupName());
    e.setModTime(Math.floorDiv(src.getModTime().getTime(), 1000L) * 1000L);
    if (type == TarConstants.LF_SYMLINK) {
      e.setLinkName(src.getLinkName());
    } else if (type == TarConstants.LF_LINK) {
      e.setLinkName(join(prefix, hardLinkTarget));
    } else if (type == TarConstants.LF_CHR || type == TarConstants.LF_BLK) {
      e.setDevMajor(src.getDevMajor());
      e.setDevMinor(src.getDevMinor());
    } else if (type == TarConstants.LF_NORMAL) {
      e.setSize(src.getSize());
    }
    return e;
  }

  /** {@code prefix + name}; prefix ends with "/" or is "./". */
  public static String join(String prefix, String name) {
    if (name.isEmpty()) {
      return prefix.isEmpty() ? "./" : prefix;
    }
    return prefix + name;
  }

  /**
   * Copies every entry of {@code src} to {@code out} under {@code prefix}, each checked by
   * {@code tracker} before its header is written and folded into its digest.
   */
  public static void copyEntries(TarReader src, String prefix, TarArchiveOutputStream out,
      EntryTracker tracker) throws IOException {
    TarArchiveEntry e;
    while ((e = src.getNextEntry()) != null) {
      String name = tracker.check(e);
      out.putArchiveEntry(copy(e, prefix, name, e.isLink() ? tracker.normalize(e.getLinkName()) : null));
      tracker.accept(e, name, src, out);
      out.closeArchiveEntry();
    }
  }

  /** Copies exactly {@code size} bytes (fewer only at end of stream), returns how many. */
  public static long copy(InputStream in, OutputStream out, long size, byte[] buffer) throws IOException {
    long done = 0;
    int n;
    while (done < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - done))) > 0) {
      out.write(buffer, 0, n);
      done += n;
    }
    return done;
  }
}
