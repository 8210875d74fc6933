package io.github.volumes4j.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * A tar reader that parses exactly as the Docker daemon's Go {@code archive/tar} does, and keeps
 * names as bytes ({@link TarNames}): ustar, PAX ({@code path}, {@code linkpath}, {@code size},
 * {@code uid}, {@code gid}, {@code mtime}, names), GNU long names and links, base-256 numbers, the
 * legacy trailing-slash directory. Header-only types (links, devices, directories, fifos) have no
 * content whatever their size field says, as in Go, so that what this reader checks is what the
 * daemon would extract.
 *
 * <p>Strict where Go is lenient: a header checksum that does not match, a truncated block, an entry
 * type the daemon does not extract ({@code 7}, {@code S} sparse, {@code V}, {@code M}, ...) are
 * {@link TarFormatException}s. So is an archive that stops at a block boundary without its
 * end-of-archive block (Go takes that as the end: the daemon's archive {@code PUT} then extracts the
 * first half of a cut archive and answers 200), unless the reader was built {@code dockerLike}.
 *
 * <p>It is also the entry's content stream: {@link #read} returns the current entry's bytes.
 */
public final class TarReader extends InputStream {

  /** The archive is not a tar this reader (or the daemon) accepts, or it is truncated. */
  public static final class TarFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public TarFormatException(String message) {
      super(message);
    }
  }

  private static final int BLOCK = 512;
  /** The most bytes of one PAX header or GNU long name: far above any name Linux accepts. */
  private static final int MAX_META = 1 << 20;

  private final InputStream in;
  private final boolean dockerLike;
  private final byte[] block = new byte[BLOCK];
  private final byte[] skipBuffer = new byte[8192];
  private long remaining;
  private long padding;
  private long offset;
  private boolean ended;

  /** A strict reader: an archive without its end-of-archive block is truncated. */
  public TarReader(InputStream in) {
    this(in, false);
  }

  /** @param dockerLike whether an archive that ends at a block boundary without end marker simply ends, as for the daemon */
  public TarReader(InputStream in, boolean dockerLike) {
    this.in = in;
    this.dockerLike = dockerLike;
  }

  /** Bytes of the archive consumed so far. */
  public long offset() {
    return offset;
  }

  /** The next entry, positioned at its content; {@code null} after the end-of-archive block. */
  public TarArchiveEntry getNextEntry() throws IOException {
    if (ended) {
      return null;
    }
    discard(remaining + padding);
    remaining = 0;
    padding = 0;
    Map<String, byte[]> pax = null;
    byte[] longName = null;
    byte[] longLink = null;
    while (true) {
      long at = offset;
      if (!readBlock()) {
        if (dockerLike && pax == null && longName == null && longLink == null) {
          ended = true;
          return null;
        }
        throw new TarFormatException("the archive stops after " + offset + " bytes without its end-of-archive block: "
            + "it is truncated");
      }
      if (allZero(block)) {
        if (pax != null || longName != null || longLink != null) {
          throw new TarFormatException("the archive ends right after an extended header at byte " + at);
        }
        if (readBlock() && !allZero(block)) {
          throw new TarFormatException("a zero block at byte " + at + " is followed by a header: the archive is damaged");
        }
        ended = true;
        return null;
      }
      checkChecksum(at);
      byte type = block[156];
      long size = number(124, 12, "size", at);
      if (size < 0) {
        throw new TarFormatException("the entry at byte " + at + " has a negative size");
      }
      switch (type) {
        case 'x':
          pax = parsePax(readMeta(size, "PAX header", at), at);
          continue;
        case 'g':
          discard(size + pad(size));
          continue;
        case 'L':
          longName = cString(readMeta(size, "GNU long name", at));
          continue;
        case 'K':
          longLink = cString(readMeta(size, "GNU long link", at));
          continue;
        default:
          return entry(type, size, pax, longName, longLink, at);
      }
    }
  }

  private TarArchiveEntry entry(byte type, long size, Map<String, byte[]> pax, byte[] longName, byte[] longLink, long at)
      throws IOException {
    boolean posix = block[257] == 'u' && block[258] == 's' && block[259] == 't' && block[260] == 'a' && block[261] == 'r'
        && block[262] == 0;
    boolean star = posix && block[508] == 't' && block[509] == 'a' && block[510] == 'r' && block[511] == 0;
    byte[] name = field(0, 100);
    if (posix) {
      byte[] prefix = field(345, star ? 131 : 155);
      if (prefix.length > 0) {
        byte[] full = new byte[prefix.length + 1 + name.length];
        System.arraycopy(prefix, 0, full, 0, prefix.length);
        full[prefix.length] = '/';
        System.arraycopy(name, 0, full, prefix.length + 1, name.length);
        name = full;
      }
    }
    byte[] link = field(157, 100);
    long uid = number(108, 8, "uid", at);
    long gid = number(116, 8, "gid", at);
    long mtimeMillis = number(136, 12, "mtime", at) * 1000L;
    int mode = (int) (number(100, 8, "mode", at) & 07777);
    long major = number(329, 8, "devmajor", at);
    long minor = number(337, 8, "devminor", at);
    String uname = TarNames.decode(field(265, 32));
    String gname = TarNames.decode(field(297, 32));
    if (pax != null) {
      if (pax.containsKey("path")) {
        name = pax.get("path");
      }
      if (pax.containsKey("linkpath")) {
        link = pax.get("linkpath");
      }
      size = paxNumber(pax, "size", size, at);
      uid = paxNumber(pax, "uid", uid, at);
      gid = paxNumber(pax, "gid", gid, at);
      if (pax.containsKey("mtime")) {
        mtimeMillis = paxTime(pax.get("mtime"), at);
      }
      if (pax.containsKey("uname")) {
        uname = TarNames.decode(pax.get("uname"));
      }
      if (pax.containsKey("gname")) {
        gname = TarNames.decode(pax.get("gname"));
      }
      for (String k : pax.keySet()) {
        if (k.startsWith("GNU.sparse.")) {
          throw new TarFormatException("entry " + TarNames.printable(TarNames.decode(name)) + " is a sparse file "
              + "(PAX " + k + "), which the Docker daemon does not extract; make the archive without --sparse");
        }
      }
    }
    if (longName != null) {
      name = longName;
    }
    if (longLink != null) {
      link = longLink;
    }
    String n = TarNames.decode(name);
    byte flag = type;
    if (flag == 0) {
      flag = n.endsWith("/") ? (byte) '5' : (byte) '0';
    }
    String what;
    switch (flag) {
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
        what = null;
        break;
      case '7':
        what = "a contiguous file (type '7')";
        break;
      case 'S':
        what = "a GNU sparse file (type 'S')";
        break;
      case 'V':
        what = "a volume label (type 'V')";
        break;
      case 'M':
        what = "a multi-volume continuation (type 'M')";
        break;
      default:
        what = flag >= 0x20 && flag < 0x7f ? "of tar type '" + (char) flag + "'" : "of tar type " + (flag & 0xff);
    }
    if (what != null) {
      throw new TarFormatException("entry " + TarNames.printable(n) + " at byte " + at + " is " + what
          + ", which the Docker daemon does not extract; volumes4j refuses it");
    }
    if (flag == '0' && n.endsWith("/")) {
      throw new TarFormatException("entry " + TarNames.printable(n) + " at byte " + at
          + " is a regular file whose name ends with \"/\"; the archive is damaged");
    }
    boolean headerOnly = flag != '0';
    if (major < 0 || minor < 0 || major > Integer.MAX_VALUE || minor > Integer.MAX_VALUE) {
      throw new TarFormatException("entry " + TarNames.printable(n) + " has device numbers out of range");
    }
    TarArchiveEntry e = new TarArchiveEntry(n, flag, true);
    e.setMode(mode);
    e.setUserId(uid);
    e.setGroupId(gid);
    e.setUserName(uname);
    e.setGroupName(gname);
    e.setModTime(mtimeMillis);
    if (flag == '1' || flag == '2') {
      e.setLinkName(TarNames.decode(link));
    }
    if (flag == '3' || flag == '4') {
      e.setDevMajor((int) major);
      e.setDevMinor((int) minor);
    }
    long data = headerOnly ? 0 : size;   // Go ignores the size field of header-only types
    e.setSize(data);
    remaining = data;
    padding = headerOnly ? 0 : pad(data);
    return e;
  }

  private static long pad(long size) {
    long r = size % BLOCK;
    return r == 0 ? 0 : BLOCK - r;
  }

  private byte[] readMeta(long size, String what, long at) throws IOException {
    if (size > MAX_META) {
      throw new TarFormatException("the " + what + " at byte " + at + " has " + size + " bytes, more than " + MAX_META);
    }
    byte[] b = new byte[(int) size];
    readFully(b, 0, b.length);
    discard(pad(size));
    return b;
  }

  private static byte[] cString(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        return java.util.Arrays.copyOf(b, i);
      }
    }
    return b;
  }

  /** PAX records: {@code "<length> <key>=<value>\n"}, the length counting the whole record. */
  private static Map<String, byte[]> parsePax(byte[] b, long at) throws TarFormatException {
    Map<String, byte[]> out = new HashMap<>();
    int i = 0;
    while (i < b.length) {
      if (b[i] == 0 && allZeroFrom(b, i)) {
        break;
      }
      int sp = i;
      long len = 0;
      while (sp < b.length && b[sp] >= '0' && b[sp] <= '9') {
        len = len * 10 + (b[sp] - '0');
        if (len > b.length) {
          throw new TarFormatException("a PAX record at byte " + at + " claims more bytes than its header holds");
        }
        sp++;
      }
      if (sp == i || sp >= b.length || b[sp] != ' ' || len < 5 || i + len > b.length || b[(int) (i + len - 1)] != '\n') {
        throw new TarFormatException("a PAX record at byte " + at + " is malformed");
      }
      int end = (int) (i + len - 1);
      int eq = sp + 1;
      while (eq < end && b[eq] != '=') {
        eq++;
      }
      if (eq >= end || eq == sp + 1) {
        throw new TarFormatException("a PAX record at byte " + at + " has no key");
      }
      String key = new String(b, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
      byte[] value = java.util.Arrays.copyOfRange(b, eq + 1, end);
      if ((key.equals("path") || key.equals("linkpath")) && indexOf(value, (byte) 0) >= 0) {
        throw new TarFormatException("the PAX " + key + " at byte " + at + " contains a NUL byte");
      }
      out.put(key, value);
      i = (int) (i + len);
    }
    return out;
  }

  private static boolean allZeroFrom(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  private static long paxNumber(Map<String, byte[]> pax, String key, long dflt, long at) throws TarFormatException {
    byte[] v = pax.get(key);
    if (v == null) {
      return dflt;
    }
    String s = new String(v, StandardCharsets.US_ASCII);
    try {
      long n = Long.parseLong(s);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new TarFormatException("the PAX " + key + " at byte " + at + " is not a number: \"" + s + "\"");
    }
  }

  private static long paxTime(byte[] v, long at) throws TarFormatException {
    String s = new String(v, StandardCharsets.US_ASCII);
    try {
      java.math.BigDecimal d = new java.math.BigDecimal(s);
      return d.movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new TarFormatException("the PAX mtime at byte " + at + " is not a time: \"" + s + "\"");
    }
  }

  /** A NUL-terminated field. */
  private byte[] field(int off, int len) {
    int end = off;
    while (end < off + len && block[end] != 0) {
      end++;
    }
    return java.util.Arrays.copyOfRange(block, off, end);
  }

  /** An octal or base-256 number, as Go's {@code parseNumeric} reads it. */
  private long number(int off, int len, String what, long at) throws TarFormatException {
    if ((block[off] & 0x80) != 0) {
      if ((block[off] & 0x40) != 0) {
        throw new TarFormatException("the " + what + " of the entry at byte " + at + " is negative");
      }
      long v = block[off] & 0x3f;
      for (int i = 1; i < len; i++) {
        if ((v >>> 55) != 0) {
          throw new TarFormatException("the " + what + " of the entry at byte " + at + " is too large");
        }
        v = (v << 8) | (block[off + i] & 0xff);
      }
      return v;
    }
    int s = off;
    int e = off + len;
    while (s < e && (block[s] == ' ' || block[s] == 0)) {
      s++;
    }
    while (e > s && (block[e - 1] == ' ' || block[e - 1] == 0)) {
      e--;
    }
    long v = 0;
    for (int i = s; i < e; i++) {
      int d = block[i] - '0';
      if (d < 0 || d > 7 || (v >>> 60) != 0) {
        throw new TarFormatException("the " + what + " field of the entry at byte " + at + " is not an octal number");
      }
      v = (v << 3) | d;
    }
    return v;
  }

  private void checkChecksum(long at) throws TarFormatException {
    long stored;
    try {
      stored = number(148, 8, "checksum", at);
    } catch (TarFormatException e) {
      throw new TarFormatException("the header at byte " + at + " is not a tar header (bad checksum field): "
          + "the archive is damaged, or not a tar");
    }
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = i >= 148 && i < 156 ? (byte) ' ' : block[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (stored != unsigned && stored != signed) {
      throw new TarFormatException("the header at byte " + at + " fails its checksum: the archive is damaged, or not a tar");
    }
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /** Reads one block; false at a clean end of stream, a {@link TarFormatException} inside a block. */
  private boolean readBlock() throws IOException {
    int n = in.readNBytes(block, 0, BLOCK);
    offset += n;
    if (n == 0) {
      return false;
    }
    if (n < BLOCK) {
      throw new TarFormatException("the archive stops inside a header after " + offset + " bytes: it is truncated");
    }
    return true;
  }

  private void readFully(byte[] b, int off, int len) throws IOException {
    int n = in.readNBytes(b, off, len);
    offset += n;
    if (n < len) {
      throw new TarFormatException("the archive stops after " + offset + " bytes, inside an entry: it is truncated");
    }
  }

  private void discard(long n) throws IOException {
    while (n > 0) {
      int k = in.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, n));
      if (k < 0) {
        throw new TarFormatException("the archive stops after " + offset + " bytes, inside an entry: it is truncated");
      }
      offset += k;
      n -= k;
    }
  }

  // ---- the current entry's content -----------------------------------------------------------

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new TarFormatException("the archive stops after " + offset + " bytes, " + remaining
          + " bytes before the end of an entry: it is truncated");
    }
    offset += n;
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long k = Math.min(Math.max(n, 0), remaining);
    discard(k);
    remaining -= k;
    return k;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(Math.min(in.available(), remaining), Integer.MAX_VALUE);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
