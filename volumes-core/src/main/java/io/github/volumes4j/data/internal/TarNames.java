package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.HostileArchiveException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names as Linux and Docker have them: bytes, not text. A name is carried in a Java string
 * decoded from UTF-8 where the bytes are UTF-8, and with every other byte {@code b} kept as the lone
 * surrogate {@code U+DC00 + b} (Python's "surrogateescape"), so that {@link #decode} and
 * {@link #encode} are exact inverses for every byte string: two names that differ in one invalid
 * byte stay two names, and {@code caf\xE9} is written back as {@code caf\xE9}.
 *
 * <p>Host paths go through the same bytes ({@link #nameOf}, {@link #resolve}), whatever the JVM's
 * file-name encoding ({@code sun.jnu.encoding} is ASCII when no locale is set).
 */
public final class TarNames {

  private static final boolean JNU_UTF8 = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", ""));

  private TarNames() {}

  /** The name of these bytes: UTF-8, with each byte that is not part of valid UTF-8 as {@code U+DC00 + byte}. */
  public static String decode(byte[] b, int off, int len) {
    StringBuilder s = null;
    int end = off + len;
    int i = off;
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if (s != null) {
          s.append((char) c);
        }
        i++;
        continue;
      }
      if (s == null) {
        s = new StringBuilder(len);
        for (int k = off; k < i; k++) {
          s.append((char) b[k]);
        }
      }
      int n = sequenceLength(b, i, end);
      if (n == 0) {
        s.append((char) (0xDC00 + c));
        i++;
      } else {
        s.append(new String(b, i, n, StandardCharsets.UTF_8));
        i += n;
      }
    }
    return s == null ? new String(b, off, len, StandardCharsets.ISO_8859_1) : s.toString();
  }

  public static String decode(byte[] b) {
    return decode(b, 0, b.length);
  }

  /** The length of the valid UTF-8 sequence at {@code i} (shortest form, no surrogates, at most U+10FFFF), or 0. */
  private static int sequenceLength(byte[] b, int i, int end) {
    int c = b[i] & 0xff;
    int n;
    int min;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      min = 0x10000;
    } else {
      return 0;
    }
    if (i + n > end) {
      return 0;
    }
    int cp = c & (0xFF >> (n + 1));
    for (int k = 1; k < n; k++) {
      int x = b[i + k] & 0xff;
      if ((x & 0xC0) != 0x80) {
        return 0;
      }
      cp = (cp << 6) | (x & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return 0;
    }
    return n;
  }

  /**
   * The bytes of a name: UTF-8, each {@code U+DC80..U+DCFF} as the byte it stands for.
   *
   * @throws IllegalArgumentException for any other unpaired surrogate, which no byte string decodes to
   */
  public static byte[] encode(String name) {
    int n = name.length();
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      if (name.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return name.getBytes(StandardCharsets.ISO_8859_1);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(n + 16);
    int i = 0;
    while (i < n) {
      char c = name.charAt(i);
      if (c >= 0xDC80 && c <= 0xDCFF) {
        out.write(c - 0xDC00);
        i++;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(name.charAt(i + 1))) {
        out.writeBytes(name.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i += 2;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("name " + printable(name) + " holds an unpaired surrogate U+"
            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at " + i + "; it stands for no bytes");
      } else {
        int j = i;
        while (j < n && !Character.isSurrogate(name.charAt(j))) {
          j++;
        }
        out.writeBytes(name.substring(i, j).getBytes(StandardCharsets.UTF_8));
        i = j;
      }
    }
    return out.toByteArray();
  }

  /** How many bytes {@link #encode} gives. */
  public static int byteLength(String name) {
    int n = name.length();
    int len = 0;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c < 0x80) {
        len++;
      } else if (c < 0x800) {
        len += 2;
      } else if (c >= 0xDC80 && c <= 0xDCFF) {
        len++;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(name.charAt(i + 1))) {
        len += 4;
        i++;
      } else {
        len += 3;
      }
    }
    return len;
  }

  /** The name as the tar writer takes it: one char per byte (ISO-8859-1), see {@link Tars#writer}. */
  public static String latin1(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        return new String(encode(name), StandardCharsets.ISO_8859_1);
      }
    }
    return name;
  }

  /** The name for messages: printable, every escaped byte as {@code \xNN} and control characters escaped. */
  public static String printable(String name) {
    StringBuilder b = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      String esc = null;
      if (c >= 0xDC80 && c <= 0xDCFF) {
        esc = String.format("\\x%02X", c - 0xDC00);
      } else if (c < 0x20 || c == 0x7f) {
        esc = String.format("\\x%02X", (int) c);
      }
      if (esc != null && b == null) {
        b = new StringBuilder(name.length() + 8).append(name, 0, i);
      }
      if (b != null) {
        b.append(esc != null ? esc : String.valueOf(c));
      }
    }
    return b == null ? name : b.toString();
  }

  // ---- host paths ------------------------------------------------------------------------------

  /** The name of a directory entry as bytes decoded by {@link #decode}, whatever the JVM's file-name encoding. */
  public static String nameOf(Path entry) {
    Path f = entry.getFileName();
    String s = f.toString();
    boolean ascii = true;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if ((ascii || JNU_UTF8) && f.equals(f.getFileSystem().getPath(s)) && (ascii || !s.contains("\uFFFD"))) {
      return s;
    }
    return decode(rawLastSegment(entry));
  }

  /** {@code dir/name} for a name of {@link #decode}'s kind, with exactly its bytes. */
  public static Path resolve(Path dir, String name) {
    if (plainText(name)) {
      return dir.resolve(name);
    }
    String base = dir.toAbsolutePath().toUri().getRawPath();
    return Path.of(URI.create("file://" + base + (base.endsWith("/") ? "" : "/") + percentEncode(encode(name))));
  }

  /** The text of a path (a link target, say) as bytes decoded by {@link #decode}, whatever the file-name encoding. */
  public static String text(Path p) {
    String s = p.toString();
    if (plainText(s) && p.equals(p.getFileSystem().getPath(s))) {
      return s;
    }
    Path abs = p.isAbsolute() ? p : p.getFileSystem().getPath("/").resolve(p);
    String raw = abs.toUri().getRawPath();
    if (raw.endsWith("/") && raw.length() > 1) {
      raw = raw.substring(0, raw.length() - 1);
    }
    String decoded = decode(percentDecode(raw));
    return p.isAbsolute() ? decoded : decoded.substring(1);
  }

  /** A path (a link target) whose bytes are those of {@code text}, absolute or relative as it is. */
  public static Path path(String text) {
    if (plainText(text)) {
      return Path.of(text);
    }
    // segment by segment: a URI would be normalized ("a/../b" is not "b" for a link), resolve() is not
    Path root = Path.of("/");
    Path out = text.startsWith("/") ? root : null;
    for (String seg : text.split("/")) {
      if (seg.isEmpty()) {
        continue;
      }
      Path p = plainText(seg) ? Path.of(seg)
          : root.relativize(Path.of(URI.create("file:///" + percentEncode(encode(seg)))));
      out = out == null ? p : out.resolve(p);
    }
    return out == null ? Path.of(".") : out;
  }

  private static boolean plainText(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 && (!JNU_UTF8 || Character.isSurrogate(c) || c == 0xFFFD)) {
        return false;
      }
    }
    return true;
  }

  private static String percentEncode(byte[] bytes) {
    StringBuilder b = new StringBuilder(bytes.length + 16);
    for (byte x : bytes) {
      int c = x & 0xff;
      if (c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
          || c == '.') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
      }
    }
    return b.toString();
  }

  private static byte[] percentDecode(String seg) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(seg.length());
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (c == '%' && i + 2 < seg.length()) {
        out.write(Integer.parseInt(seg.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  /** The bytes of the last segment of a path, read from its URI (which percent-encodes them). */
  private static byte[] rawLastSegment(Path p) {
    String raw = p.toAbsolutePath().toUri().getRawPath();
    if (raw.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    return percentDecode(raw.substring(raw.lastIndexOf('/') + 1));
  }

  /**
   * A tar entry's name relative to the tree's root: no leading {@code ./}, no trailing {@code /}, the root is
   * {@code ""}. @throws HostileArchiveException for absolute names, {@code ..}, NUL, names over {@code maxBytes}
   */
  static String normalize(String raw, int maxBytes) {
    if (raw.indexOf('\0') >= 0) {
      throw new HostileArchiveException(raw, "archive entry " + EntryTracker.quote(raw) + " contains a NUL character; refusing the archive");
    }
    int bytes = byteLength(raw);
    if (bytes > maxBytes) {
      throw new HostileArchiveException(raw, "archive entry name of " + bytes + " bytes is longer than "
          + maxBytes + " bytes; refusing the archive (raise ArchiveLimits.maxNameBytes if it is genuine)");
    }
    if (raw.startsWith("/")) {
      throw new HostileArchiveException(raw, "archive entry " + EntryTracker.quote(raw)
          + " has an absolute name, which would write outside the volume; refusing the archive");
    }
    StringBuilder b = new StringBuilder(raw.length());
    int i = 0;
    int n = raw.length();
    while (i <= n) {
      int j = raw.indexOf('/', i);
      if (j < 0) {
        j = n;
      }
      int len = j - i;
      if (len == 2 && raw.charAt(i) == '.' && raw.charAt(i + 1) == '.') {
        throw new HostileArchiveException(raw, "archive entry " + EntryTracker.quote(raw)
            + " contains \"..\", which would write outside the volume; refusing the archive");
      }
      if (len > 0 && !(len == 1 && raw.charAt(i) == '.')) {
        if (b.length() > 0) {
          b.append('/');
        }
        b.append(raw, i, j);
      }
      i = j + 1;
    }
    return b.toString();
  }
}
