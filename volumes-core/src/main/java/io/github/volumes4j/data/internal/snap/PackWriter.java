package io.github.volumes4j.data.internal.snap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 */
final class PackWriter {

  static final int PACK_BYTES = 16 << 20;

  private final Store store;
  private final int zstdLevel;
  private final MessageDigest sha = ChunkId.sha256();
  private final Set<ChunkId> pending = new HashSet<>();
  private final List<Packs.Blob> blobs = new ArrayList<>();
  private final List<Path> written = new ArrayList<>();
  private FileChannel ch;
  private Path temp;
  private String name;
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
    ChunkId id = ChunkId.hash(sha, buf, 0, len);
    addKnown(id, buf, len);
    return id;
  }

  /** Stores a chunk whose id is known, unless the repository has it. @return whether it was written */
  boolean addKnown(ChunkId id, byte[] buf, int len) throws IOException {
    if (store.has(id) || pending.contains(id)) {
      return false;
    }
    if (ch == null) {
      open();
    }
    byte kind = Packs.RAW;
    byte[] data = buf;
    int n = len;
    if (zstdLevel > 0) {
      byte[] z = ChunkCodec.compress(buf, len, zstdLevel);
      if (z != null) {
        kind = Packs.ZSTD;
        data = z;
        n = z.length;
      }
    }
    ByteBuffer bb = ByteBuffer.wrap(data, 0, n);
    while (bb.hasRemaining()) {
      ch.write(bb);
    }
    blobs.add(new Packs.Blob(id, null, kind, pos, n, len));
    pending.add(id);
    pos += n;
    addedBytes += n;
    addedChunks++;
    if (pos >= PACK_BYTES) {
      closePack();
    }
    return true;
  }

  /** Copies a blob as it is stored (compressed or not) into the pack being written, whatever the store has (prune). */
  void copy(Packs.Blob b, byte[] stored) throws IOException {
    if (!pending.add(b.id())) {
      return;
    }
    if (ch == null) {
      open();
    }
    ByteBuffer bb = ByteBuffer.wrap(stored);
    while (bb.hasRemaining()) {
      ch.write(bb);
    }
    blobs.add(new Packs.Blob(b.id(), null, b.kind(), pos, stored.length, b.raw()));
    pos += stored.length;
    addedBytes += stored.length;
    addedChunks++;
    if (pos >= PACK_BYTES) {
      closePack();
    }
  }

  private void open() throws IOException {
    Path tmp = Files.createDirectories(store.repo.resolve("tmp"));
    name = UUID.randomUUID().toString().replace("-", "");
    temp = tmp.resolve(name + ".pack.tmp");
    ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    ch.write(ByteBuffer.wrap(Packs.HEAD));
    pos = Packs.HEAD.length;
  }

  /**
   * Writes the index and end, and hands the pack to the syncer thread, which syncs it, renames it
   * into place and adds its chunks to the store's index, while this thread goes on with the next.
   */
  private void closePack() throws IOException {
    ByteBuffer idx = ByteBuffer.allocate(4 + blobs.size() * Packs.ENTRY);
    idx.putInt(blobs.size());
    for (Packs.Blob b : blobs) {
      b.id().write(idx);
      idx.put(b.kind()).putLong(b.offset()).putInt(b.stored()).putInt(b.raw());
    }
    idx.flip();
    sha.reset();
    sha.update(idx.array(), 0, idx.limit());
    ByteBuffer tail = ByteBuffer.allocate(ChunkId.BYTES + 4 + Packs.END.length);
    tail.put(sha.digest()).putInt(idx.limit()).put(Packs.END).flip();
    while (idx.hasRemaining()) {
      ch.write(idx);
    }
    while (tail.hasRemaining()) {
      ch.write(tail);
    }
    Closing c = new Closing(ch, temp, name, new ArrayList<>(blobs));
    ch = null;
    temp = null;
    blobs.clear();
    syncer().submit(c);
  }

  /** A pack written whole, to be synced and put in place. */
  private record Closing(FileChannel ch, Path temp, String name, List<Packs.Blob> blobs) {}

  private Syncer syncer;

  private Syncer syncer() {
    if (syncer == null) {
      syncer = new Syncer();
    }
    return syncer;
  }

  /**
   * Syncs and renames packs on a thread of its own, at most two waiting (a writer that runs ahead
   * of the disk waits). The first failure is kept and thrown by {@link #finish()}.
   */
  private final class Syncer {
    private final java.util.concurrent.BlockingQueue<Closing> queue = new java.util.concurrent.ArrayBlockingQueue<>(2);
    private final Closing end = new Closing(null, null, null, List.of());
    private final Thread thread;
    private volatile IOException failure;
    private volatile boolean stop;

    Syncer() {
      thread = new Thread(this::run, "volumes4j-pack-sync");
      thread.setDaemon(true);
      thread.start();
    }

    void submit(Closing c) throws IOException {
      if (failure != null) {
        discard(c);
        throw failure;
      }
      try {
        queue.put(c);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        discard(c);
        throw new java.io.InterruptedIOException("interrupted while a pack was synced");
      }
    }

    private void run() {
      while (true) {
        Closing c;
        try {
          c = queue.take();
        } catch (InterruptedException e) {
          return;
        }
        if (c == end) {
          return;
        }
        if (failure != null || stop) {
          discard(c);
          continue;
        }
        try {
          place(c);
        } catch (IOException | RuntimeException e) {
          failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
          discard(c);
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
      synchronized (written) {
        written.add(target);
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
      try {
        queue.put(end);
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while packs were synced");
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
    if (syncer != null) {
      Syncer sy = syncer;
      syncer = null;
      sy.drain(false);
    }
    pending.clear();
  }

  /** Deletes the pack being written and those not yet in place; never throws. */
  void abort() {
    if (syncer != null) {
      try {
        syncer.drain(true);
      } catch (IOException e) {
        // interrupted: the syncer discards what is left on its own
      }
      syncer = null;
    }
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

  List<Path> written() {
    return written;
  }

  long addedBytes() {
    return addedBytes;
  }

  long addedChunks() {
    return addedChunks;
  }
}
