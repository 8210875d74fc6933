package io.github.volumes4j.data.internal;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Tar entry types as the daemon extracts them, by the type flag alone. */
public final class EntryTypes {

  private EntryTypes() {}

  /** Whether the entry is a regular file ({@code '0'}, or the old NUL type of a file). */
  static boolean isRegular(TarArchiveEntry e) {
    return typeFlag(e) == '0';
  }

  /**
   * The entry's type as one of {@code 0 1 2 3 4 5 6}, by its tar type flag alone (Commons Compress's
   * {@code isFile()} calls any unknown type a file); {@code 'x'} for a type the daemon does not extract.
   */
  public static byte typeFlag(TarArchiveEntry e) {
    byte f = e.getLinkFlag();
    switch (f) {
      case TarConstants.LF_NORMAL:
        return '0';
      case TarConstants.LF_OLDNORM:
        return e.getName().endsWith("/") ? (byte) '5' : (byte) '0';
      case TarConstants.LF_LINK:
      case TarConstants.LF_SYMLINK:
      case TarConstants.LF_CHR:
      case TarConstants.LF_BLK:
      case TarConstants.LF_DIR:
      case TarConstants.LF_FIFO:
        return f;
      default:
        return 'x';
    }
  }

  static String describeFlag(byte f) {
    return f >= 0x20 && f < 0x7f ? "'" + (char) f + "'" : String.valueOf(f & 0xff);
  }

  static String kind(byte t) {
    switch (t) {
      case '0':
        return "regular file";
      case '1':
        return "hard link";
      case '2':
        return "symbolic link";
      case '3':
      case '4':
        return "device node";
      case '6':
        return "fifo";
      default:
        return "non-directory";
    }
  }
}
