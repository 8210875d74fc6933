package io.github.volumes4j.data.internal.snap;

import io.github.volumes4j.data.internal.TarNames;
import io.github.volumes4j.data.internal.Tars;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A snapshot's tree: one binary record per entry (type, name as bytes, mode, owners, mtime, link or
 * device, and for a regular file its size, content SHA-256, chunks and the stat that tells the
 * next snapshot the file did not change), between a magic and an end record with the count. It is
 * stored as chunks like file data, so an unchanged part of a tree is stored once.
 */
final class Tree {

  private static final byte[] MAGIC = "V4JTREE1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int MAX_NAME = 1 << 16;
  private static final int MAX_CHUNKS = 1 << 22;

  private Tree() {}

  /** One entry. {@code name} is relative to the volume's root ("" for the root). */
  record Entry(byte type, String name, int mode, long uid, long gid, String uname, String gname, long mtime,
      long size, String link, int devMajor, int devMinor, byte[] content, List<ChunkId> chunks, long[] stat) {

    static Entry of(TarArchiveEntry e, String name, String link, byte[] content, List<ChunkId> chunks, long[] stat) {
      byte type = io.github.volumes4j.data.internal.EntryTypes.typeFlag(e);
      return new Entry(type, name, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
          e.getUserName() == null ? "" : e.getUserName(), e.getGroupName() == null ? "" : e.getGroupName(),
          Math.floorDiv(e.getModTime().getTime(), 1000L), type == TarConstants.LF_NORMAL ? e.getSize() : 0,
          link == null ? "" : link, e.getDevMajor(), e.getDevMinor(), content, chunks, stat);
    }

    boolean file() {
      return type == TarConstants.LF_NORMAL;
    }

    /** The tar entry under {@code prefix} ("data/" in a backup), as a backup writes it. */
    TarArchiveEntry tar(String prefix) {
      TarArchiveEntry src = new TarArchiveEntry(type == TarConstants.LF_DIR ? (name.isEmpty() ? "./" : name + "/")
          : name.isEmpty() ? "./" : name, type, true);
      src.setMode(mode);
      src.setUserId(uid);
      src.setGroupId(gid);
      src.setUserName(uname);
      src.setGroupName(gname);
      src.setModTime(mtime * 1000L);
      if (type == TarConstants.LF_SYMLINK || type == TarConstants.LF_LINK) {
        src.setLinkName(link);
      } else if (type == TarConstants.LF_CHR || type == TarConstants.LF_BLK) {
        src.setDevMajor(devMajor);
        src.setDevMinor(devMinor);
      } else if (type == TarConstants.LF_NORMAL) {
        src.setSize(size);
      }
      return prefix == null ? src : Tars.copy(src, prefix, name, type == TarConstants.LF_LINK ? link : null);
    }

    /** What a diff compares: everything but the stat. */
    String signature() {
      return (char) type + "|" + mode + "|" + uid + "|" + gid + "|" + mtime + "|" + size + "|" + link + "|" + devMajor
          + "|" + devMinor + "|" + (content == null ? "" : ChunkId.of(content, 0).hex());
    }
  }

  /** Writes entries into a stream (the tree's chunker). */
  static final class Writer {
    private final DataOutputStream out;
    private long count;

    Writer(OutputStream sink) throws IOException {
      this.out = new DataOutputStream(new BufferedOutputStream(sink, 64 << 10));
      out.write(MAGIC);
    }

    void add(Entry e) throws IOException {
      out.writeByte(1);
      out.writeByte(e.type);
      bytes(TarNames.encode(e.name));
      out.writeInt(e.mode);
      out.writeLong(e.uid);
      out.writeLong(e.gid);
      out.writeUTF(e.uname);
      out.writeUTF(e.gname);
      out.writeLong(e.mtime);
      switch (e.type) {
        case TarConstants.LF_NORMAL -> {
          out.writeLong(e.size);
          out.write(e.content);
          out.writeInt(e.chunks.size());
          for (ChunkId c : e.chunks) {
            out.writeLong(c.a());
            out.writeLong(c.b());
            out.writeLong(c.c());
            out.writeLong(c.d());
          }
          out.writeByte(e.stat == null ? 0 : 1);
          if (e.stat != null) {
            for (long s : e.stat) {
              out.writeLong(s);
            }
          }
        }
        case TarConstants.LF_SYMLINK, TarConstants.LF_LINK -> bytes(TarNames.encode(e.link));
        case TarConstants.LF_CHR, TarConstants.LF_BLK -> {
          out.writeInt(e.devMajor);
          out.writeInt(e.devMinor);
        }
        default -> { }
      }
      count++;
    }

    private void bytes(byte[] b) throws IOException {
      out.writeInt(b.length);
      out.write(b);
    }

    /** Writes the end record and flushes into the sink (which the caller ends). */
    void end() throws IOException {
      out.writeByte(0);
      out.writeLong(count);
      out.flush();
    }
  }

  /** Reads a tree's entries one by one from its chunks; a truncated or malformed tree is an IOException. */
  static void read(Store store, List<ChunkId> chunks, Consumer<Entry> each) throws IOException {
    Cursor in = new Cursor(new ChunkStream(store, chunks));
    long count = 0;
    try {
      if (!Arrays.equals(in.bytes(MAGIC.length), MAGIC)) {
        throw new IOException("the tree does not start as a volumes4j tree");
      }
      while (true) {
        int marker = in.u8();
        if (marker == 0) {
          long claimed = in.i64();
          if (claimed != count || !in.atEnd()) {
            throw new IOException("the tree's end does not match it (" + claimed + " entries claimed, " + count + " read)");
          }
          return;
        }
        if (marker != 1) {
          throw new IOException("the tree has a malformed record after " + count + " entries");
        }
        each.accept(entry(in));
        count++;
      }
    } catch (EOFException e) {
      throw new IOException("the tree ends early, after " + count + " entries", e);
    }
  }

  private static Entry entry(Cursor in) throws IOException {
    byte type = (byte) in.u8();
    String name = TarNames.decode(bytes(in));
    int mode = in.i32();
    long uid = in.i64();
    long gid = in.i64();
    String uname = in.utf();
    String gname = in.utf();
    long mtime = in.i64();
    long size = 0;
    String link = "";
    int major = 0;
    int minor = 0;
    byte[] content = null;
    List<ChunkId> chunks = List.of();
    long[] stat = null;
    switch (type) {
      case TarConstants.LF_NORMAL -> {
        size = in.i64();
        content = in.bytes(ChunkId.BYTES);
        int n = in.i32();
        if (n < 0 || n > MAX_CHUNKS) {
          throw new IOException("the tree's entry " + TarNames.printable(name) + " is malformed");
        }
        List<ChunkId> ids = new ArrayList<>(Math.min(n, 4096)); // a forged count fails at the tree's end, not here
        for (int i = 0; i < n; i++) {
          ids.add(new ChunkId(in.i64(), in.i64(), in.i64(), in.i64()));
        }
        chunks = ids;
        if (in.u8() == 1) {
          stat = new long[] {in.i64(), in.i64(), in.i64(), in.i64()};
        }
      }
      case TarConstants.LF_SYMLINK, TarConstants.LF_LINK -> link = TarNames.decode(bytes(in));
      case TarConstants.LF_CHR, TarConstants.LF_BLK -> {
        major = in.i32();
        minor = in.i32();
      }
      case TarConstants.LF_DIR, TarConstants.LF_FIFO -> { }
      default -> throw new IOException("the tree has an entry of unknown type " + type);
    }
    return new Entry(type, name, mode, uid, gid, uname, gname, mtime, size, link, major, minor, content,
        Collections.unmodifiableList(chunks), stat);
  }

  private static byte[] bytes(Cursor in) throws IOException {
    int n = in.i32();
    if (n < 0 || n > MAX_NAME) {
      throw new IOException("the tree holds a name of " + n + " bytes: it is malformed");
    }
    return in.bytes(n);
  }

  /**
   * Big-endian fields straight from a buffer over the tree's bytes (what {@link DataOutputStream}
   * wrote): no stream call per field. A field never spans more than the buffer, which holds the
   * longest one ({@link #MAX_NAME}) twice over.
   */
  private static final class Cursor {
    private static final java.lang.invoke.VarHandle I64 =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle I32 =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private final InputStream src;
    private final byte[] buf = new byte[2 * MAX_NAME + 64];
    private int pos;
    private int lim;

    Cursor(InputStream src) {
      this.src = src;
    }

    /** Makes {@code n} bytes available at {@link #pos}, or fails with EOFException. */
    private void need(int n) throws IOException {
      if (lim - pos >= n) {
        return;
      }
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
      while (lim < n) {
        int r = src.read(buf, lim, buf.length - lim);
        if (r < 0) {
          throw new EOFException();
        }
        lim += r;
      }
    }

    boolean atEnd() throws IOException {
      return lim == pos && src.read() == -1;
    }

    int u8() throws IOException {
      need(1);
      return buf[pos++] & 0xff;
    }

    int i32() throws IOException {
      need(4);
      int v = (int) I32.get(buf, pos);
      pos += 4;
      return v;
    }

    long i64() throws IOException {
      need(8);
      long v = (long) I64.get(buf, pos);
      pos += 8;
      return v;
    }

    byte[] bytes(int n) throws IOException {
      need(n);
      byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return b;
    }

    /** What {@link DataOutputStream#writeUTF} wrote: ASCII directly, anything else through the JDK's decoder. */
    String utf() throws IOException {
      need(2);
      int n = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
      need(2 + n);
      for (int i = pos + 2; i < pos + 2 + n; i++) {
        if (buf[i] <= 0) { // not ASCII, or a NUL (written as two bytes): the JDK decodes it
          String s = new DataInputStream(new java.io.ByteArrayInputStream(buf, pos, 2 + n)).readUTF();
          pos += 2 + n;
          return s;
        }
      }
      String s = new String(buf, pos + 2, n, java.nio.charset.StandardCharsets.ISO_8859_1);
      pos += 2 + n;
      return s;
    }
  }

  /** The bytes of a list of chunks, one after another. */
  static final class ChunkStream extends InputStream {
    private final Store store;
    private final Iterator<ChunkId> ids;
    private byte[] cur = new byte[0];
    private int pos;

    ChunkStream(Store store, List<ChunkId> chunks) {
      this.store = store;
      this.ids = chunks.iterator();
    }

    private boolean fill() throws IOException {
      while (pos >= cur.length) {
        if (!ids.hasNext()) {
          return false;
        }
        cur = store.read(ids.next());
        pos = 0;
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      return fill() ? cur[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, cur.length - pos);
      System.arraycopy(cur, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
