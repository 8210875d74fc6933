package io.github.volumes4j.data.internal.snap;

import io.github.volumes4j.data.internal.FileSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes new chunks into packs of about {@value #PACK_BYTES} bytes: a chunk the repository has is
 * skipped. Each pack is synced and renamed into place when full and by {@link #finish()};
 * {@link #abort()} deletes the pack being written (the packs already in place are whole and stay).
 *
 * <p>The caller's thread only copies chunks into buffers of {@value #BUFFER} bytes; a thread of its own
 * writes them, syncs each pack and puts it in place. Where the repository's file system takes it the packs
 * are written with {@code O_DIRECT}, as backups are ({@link FileSink}): a pack is written once and read
 * rarely, and its copy into the page cache was the largest cost of a first snapshot here (a third of its
 * samples, all system time on the chunking thread; the first touch of guest memory on these VMs).
 */
final class PackWriter {

  static final int PACK_BYTES = 16 << 20;
  /** A whole number of blocks: O_DIRECT writes of 4 MiB ran at 1.6 GB/s here, of 1 MiB at 0.6. */
  private static final int BUFFER = 4 << 20;
  private static final int BUFFERS = 3;

  private final Store store;
  private final int zstdLevel;
  private final MessageDigest sha = ChunkId.sha256();
  private final Set<ChunkId> pending = new HashSet<>();
  private final List<Packs.Blob> blobs = new ArrayList<>();
  /** The packs put in place, with their blobs, in order (written by the writer thread, read by others). */
  private final java.util.Map<Path, List<Packs.Blob>> placed = new java.util.LinkedHashMap<>();
  private FileChannel ch;
  private int align;
  private Path temp;
  private String name;
  private ByteBuffer buf;
  private long pos;
  private long addedBytes;
  private long addedChunks;

  /** @param zstdLevel 0 to store chunks as they are */
  PackWriter(Store store, int zstdLevel) {
    this.store = store;
    this.zstdLevel = zstdLevel;
  }

  /** Stores {@code buf[0, len)} unless the repository has it. @return its id */
  ChunkId add(byte[] buf, int len) throws IOException {
    return add(buf, 0, len);
  }

  /** Stores {@code buf[off, off + len)} unless the repository has it. @return its id */
  ChunkId add(byte[] buf, int off, int len) throws IOException {
    ChunkId id = ChunkId.hash(sha, buf, off, len);
    addKnown(id, buf, off, len);
    return id;
  }

  /** Stores a chunk whose id is known, unless the repository has it. @return whether it was written */
  boolean addKnown(ChunkId id, byte[] buf, int len) throws IOException {
    return addKnown(id, buf, 0, len);
  }

  /** Stores {@code buf[off, off + len)}, whose id is known, unless the repository has it. @return whether it was written */
  boolean addKnown(ChunkId id, byte[] buf, int off, int len) throws IOException {
    if (store.has(id) || pending.contains(id)) {
      return false;
    }
    byte kind = Packs.RAW;
    byte[] data = buf;
    int from = off;
    int n = len;
    if (zstdLevel > 0) {
      byte[] z = ChunkCodec.compress(buf, off, len, zstdLevel);
      if (z != null) {
        kind = Packs.ZSTD;
        data = z;
        from = 0;
        n = z.length;
      }
    }
    append(id, kind, data, from, n, len);
    return true;
  }

  /** Copies a blob as it is stored (compressed or not) into the pack being written, whatever the store has (prune). */
  void copy(Packs.Blob b, byte[] stored) throws IOException {
    if (!pending.contains(b.id())) {
      append(b.id(), b.kind(), stored, 0, stored.length, b.raw());
    }
  }

  private void append(ChunkId id, byte kind, byte[] data, int from, int n, int raw) throws IOException {
    if (ch == null) {
      open();
    }
    long at = pos;
    put(data, from, n);
    blobs.add(new Packs.Blob(id, null, kind, at, n, raw));
    pending.add(id);
    addedBytes += n;
    addedChunks++;
    if (pos >= PACK_BYTES) {
      closePack();
    }
  }

  /** Copies bytes into the pack's buffers; a full buffer goes to the writer thread. */
  private void put(byte[] data, int n) throws IOException {
    put(data, 0, n);
  }

  /** Copies {@code data[from, from + n)} into the pack's buffers; a full buffer goes to the writer thread. */
  private void put(byte[] data, int from, int n) throws IOException {
    int off = from;
    int end = from + n;
    while (off < end) {
      if (buf == null) {
        buf = writer().free();
      }
      int k = Math.min(end - off, buf.remaining());
      buf.put(data, off, k);
      off += k;
      pos += k;
      if (!buf.hasRemaining()) {
        writer().submit(new Write(ch, align, buf.flip(), null));
        buf = null;
      }
    }
  }

  private void open() throws IOException {
    Path tmp = Files.createDirectories(store.repo.resolve("tmp"));
    name = UUID.randomUUID().toString().replace("-", "");
    temp = tmp.resolve(name + ".pack.tmp");
    FileSink.NewFile f = FileSink.create(temp);
    ch = f.channel();
    align = f.align();
    writer(); // fails here, before anything is written, when the writer failed on an earlier pack
    pos = 0;
    put(Packs.HEAD, Packs.HEAD.length);
  }

  /**
   * Writes the index and end, and hands the pack to the writer thread, which writes what is left of it,
   * syncs it, renames it into place and adds its chunks to the store's index, while this thread goes on with
   * the next.
   */
  private void closePack() throws IOException {
    ByteBuffer idx = ByteBuffer.allocate(4 + blobs.size() * Packs.ENTRY);
    idx.putInt(blobs.size());
    for (Packs.Blob b : blobs) {
      Packs.writeEntry(idx, b);
    }
    idx.flip();
    sha.reset();
    sha.update(idx.array(), 0, idx.limit());
    ByteBuffer tail = ByteBuffer.allocate(ChunkId.BYTES + 4 + Packs.END.length);
    tail.put(sha.digest()).putInt(idx.limit()).put(Packs.END).flip();
    put(idx.array(), idx.limit());
    put(tail.array(), tail.limit());
    Closing c = new Closing(ch, temp, name, new ArrayList<>(blobs));
    ByteBuffer last = buf == null ? null : buf.flip();
    buf = null;
    ch = null;
    temp = null;
    blobs.clear();
    writer().submit(new Write(c.ch(), align, last, c));
  }

  /** A pack written whole, to be synced and put in place. */
  private record Closing(FileChannel ch, Path temp, String name, List<Packs.Blob> blobs) {}

  /** A buffer to write at the end of {@code ch} (may be null when {@code close} is set), then the pack to close. */
  private record Write(FileChannel ch, int align, ByteBuffer buffer, Closing close) {}

  private Writer writer;

  private Writer writer() throws IOException {
    if (writer == null) {
      writer = new Writer();
    }
    writer.check();
    return writer;
  }

  /**
   * Writes the buffers, syncs and renames packs on a thread of its own; at most {@value #BUFFERS} buffers
   * exist (a caller that runs ahead of the disk waits for one). The first failure is kept, thrown by the
   * caller's next call and by {@link #finish()}, and every pack after it is discarded.
   */
  private final class Writer {
    private final java.util.concurrent.BlockingQueue<Write> queue = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.BlockingQueue<ByteBuffer> free = new java.util.concurrent.LinkedBlockingQueue<>();
    private final Write end = new Write(null, 0, null, null);
    private final Thread thread;
    private int allocated;
    private volatile IOException failure;
    private volatile boolean stop;

    Writer() {
      thread = new Thread(this::run, "volumes4j-pack-writer");
      thread.setDaemon(true);
      thread.start();
    }

    void check() throws IOException {
      if (failure != null) {
        throw failure;
      }
    }

    /** An empty buffer: a new one while fewer than {@value #BUFFERS} exist, else one the thread wrote. */
    ByteBuffer free() throws IOException {
      if (allocated < BUFFERS) {
        allocated++;
        return FileSink.buffer(BUFFER, align);
      }
      try {
        ByteBuffer b;
        while ((b = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
          check();
          if (!thread.isAlive()) {
            throw new IOException("the pack writer thread ended unexpectedly");
          }
        }
        return b;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while a pack was written");
      }
    }

    void submit(Write w) throws IOException {
      queue.add(w);
      check();
    }

    private void run() {
      while (true) {
        Write w;
        try {
          w = queue.take();
        } catch (InterruptedException e) {
          return;
        }
        if (w == end) {
          return;
        }
        try {
          if (failure == null && !stop) {
            if (w.buffer() != null) {
              FileSink.write(w.ch(), w.buffer(), w.align());
            }
            if (w.close() != null) {
              place(w.close());
            }
          } else if (w.close() != null) {
            discard(w.close());
          }
        } catch (IOException | RuntimeException e) {
          if (failure == null) {
            failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
          }
          if (w.close() != null) {
            discard(w.close());
          }
        } finally {
          if (w.buffer() != null) {
            free.add(w.buffer().clear());
          }
        }
      }
    }

    private void place(Closing c) throws IOException {
      c.ch().force(true);
      c.ch().close();
      Path dir = Files.createDirectories(store.repo.resolve("packs").resolve(c.name().substring(0, 2)));
      Path target = dir.resolve(c.name() + ".pack");
      Files.move(c.temp(), target, StandardCopyOption.ATOMIC_MOVE);
      Repository.syncDirectory(dir);
      List<Packs.Blob> placed = new ArrayList<>(c.blobs().size());
      for (Packs.Blob b : c.blobs()) {
        placed.add(new Packs.Blob(b.id(), target, b.kind(), b.offset(), b.stored(), b.raw()));
      }
      store.added(placed);
      synchronized (PackWriter.this.placed) {
        PackWriter.this.placed.put(target, placed);
      }
    }

    private void discard(Closing c) {
      try {
        c.ch().close();
      } catch (IOException e) {
        // deleted anyway
      }
      try {
        Files.deleteIfExists(c.temp());
      } catch (IOException e) {
        // left for prune, which removes every temporary file
      }
    }

    /** Waits until every pack handed over is in place (or discarded after {@code stop}). */
    void drain(boolean discardRest) throws IOException {
      stop = discardRest;
      queue.add(end);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while packs were written");
      }
      if (failure != null && !discardRest) {
        throw failure;
      }
    }
  }

  /** Puts the last pack in place. */
  void finish() throws IOException {
    if (ch != null) {
      closePack();
    }
    if (writer != null) {
      Writer w = writer;
      writer = null;
      w.drain(false);
    }
    pending.clear();
  }

  /** Deletes the pack being written and those not yet in place; never throws. */
  void abort() {
    if (writer != null) {
      try {
        writer.drain(true);
      } catch (IOException e) {
        // interrupted: the writer discards what is left on its own
      }
      writer = null;
    }
    buf = null;
    try {
      if (ch != null) {
        ch.close();
      }
    } catch (IOException e) {
      // the file goes anyway
    }
    ch = null;
    try {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // left for prune, which removes every temporary file
    }
    temp = null;
  }

  /** Whether the last pack opened is written with O_DIRECT (its file system took it). */
  boolean direct() {
    return align != 0;
  }

  /** The packs put in place so far. */
  List<Path> written() {
    synchronized (placed) {
      return List.copyOf(placed.keySet());
    }
  }

  /** The packs put in place so far, with their blobs, in the order they were placed. */
  java.util.Map<Path, List<Packs.Blob>> placed() {
    synchronized (placed) {
      return new java.util.LinkedHashMap<>(placed);
    }
  }

  long addedBytes() {
    return addedBytes;
  }

  long addedChunks() {
    return addedChunks;
  }
}
