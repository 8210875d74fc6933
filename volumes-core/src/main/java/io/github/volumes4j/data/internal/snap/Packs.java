package io.github.volumes4j.data.internal.snap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pack files: chunks stored one after another, then an index of them, its SHA-256, its length and
 * an end magic. A pack is written under {@code tmp/}, synced, and renamed into {@code packs/xx/}
 * only when complete, so a pack in place is always whole; an interrupted one stays a temporary file
 * that the next {@code prune} removes.
 *
 * <pre>
 * "V4JPACK1" | blob ... | index: count (int), per blob id (32) kind (1) offset (long) stored (int) raw (int)
 *            | SHA-256 of the index (32) | index length (int) | "V4JPEND1"
 * </pre>
 */
final class Packs {

  static final byte[] HEAD = "V4JPACK1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  static final byte[] END = "V4JPEND1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  static final int ENTRY = ChunkId.BYTES + 1 + 8 + 4 + 4;
  static final byte RAW = 0;
  static final byte ZSTD = 1;

  private Packs() {}

  /** Where one chunk lies. */
  record Blob(ChunkId id, Path pack, byte kind, long offset, int stored, int raw) {}

  /** Every pack file in place under {@code packs/}. */
  static List<Path> list(Path repo) throws IOException {
    List<Path> out = new ArrayList<>();
    Path root = repo.resolve("packs");
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        if (!Files.isDirectory(d)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(d, "*.pack")) {
          files.forEach(out::add);
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** The index of a pack, its checksum checked. @throws IOException naming the pack when it is damaged */
  static List<Blob> index(Path pack) throws IOException {
    try (FileChannel ch = FileChannel.open(pack, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEAD.length + 4 + ChunkId.BYTES + 4 + END.length) {
        throw new IOException("pack " + pack + " is too short (" + size + " bytes) to be whole");
      }
      ByteBuffer tail = ByteBuffer.allocate(4 + END.length);
      read(ch, tail, size - tail.capacity());
      tail.flip();
      int len = tail.getInt();
      byte[] end = new byte[END.length];
      tail.get(end);
      if (!Arrays.equals(end, END) || len < 4 || len > size) {
        throw new IOException("pack " + pack + " has no valid end: it is damaged");
      }
      ByteBuffer idx = ByteBuffer.allocate(len + ChunkId.BYTES);
      long at = size - 4 - END.length - ChunkId.BYTES - len;
      if (at < HEAD.length) {
        throw new IOException("pack " + pack + " has an index longer than itself: it is damaged");
      }
      read(ch, idx, at);
      idx.flip();
      MessageDigest sha = ChunkId.sha256();
      sha.update(idx.array(), 0, len);
      byte[] want = Arrays.copyOfRange(idx.array(), len, len + ChunkId.BYTES);
      if (!MessageDigest.isEqual(sha.digest(), want)) {
        throw new IOException("pack " + pack + "'s index does not match its checksum: it is damaged");
      }
      int count = idx.getInt();
      if (count < 0 || (long) count * ENTRY != len - 4) {
        throw new IOException("pack " + pack + "'s index has a wrong count: it is damaged");
      }
      List<Blob> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        Blob b = readEntry(idx, pack);
        if (b.offset() < HEAD.length || b.stored() < 0 || b.raw() < 0 || b.offset() + b.stored() > at
            || (b.kind() != RAW && b.kind() != ZSTD)) {
          throw new IOException("pack " + pack + "'s index points outside its data: it is damaged");
        }
        out.add(b);
      }
      return out;
    } catch (NoSuchFileException e) {
      throw new IOException("pack " + pack + " is gone: was the repository changed by another program?", e);
    }
  }

  /** Writes one entry of an index (a pack's own or an index file's, {@link PackIndex}): {@value #ENTRY} bytes. */
  static void writeEntry(ByteBuffer out, Blob b) {
    b.id().write(out);
    out.put(b.kind()).putLong(b.offset()).putInt(b.stored()).putInt(b.raw());
  }

  /** Reads one entry written by {@link #writeEntry}, of a blob in {@code pack}. */
  static Blob readEntry(ByteBuffer in, Path pack) {
    ChunkId id = new ChunkId(in.getLong(), in.getLong(), in.getLong(), in.getLong());
    return new Blob(id, pack, in.get(), in.getLong(), in.getInt(), in.getInt());
  }

  static void read(FileChannel ch, ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, at);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      at += n;
    }
  }

  /** Reads a blob, uncompressed: exactly {@code raw} bytes. */
  static byte[] readBlob(FileChannel ch, Blob b) throws IOException {
    ByteBuffer stored = ByteBuffer.allocate(b.stored());
    read(ch, stored, b.offset());
    if (b.kind() == RAW) {
      return stored.array();
    }
    return ChunkCodec.decompress(stored.array(), b.raw());
  }
}
