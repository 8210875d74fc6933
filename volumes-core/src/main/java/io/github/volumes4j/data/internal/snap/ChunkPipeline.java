package io.github.volumes4j.data.internal.snap;

import io.github.volumes4j.data.internal.FileSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Hashes and stores chunks on a thread of its own ({@link PackWriter} is used by it alone), in the
 * order they were handed over, while the reading thread goes on. A chunk is either copied
 * ({@link #submit}: at most {@value #IN_FLIGHT} bytes of copies wait) or handed over in the caller's
 * buffer, which the caller swaps for one of {@value #POOLED} pooled buffers ({@link #handOver}: a
 * file's data is not copied again), or, when it is small (at most {@value #SMALL} bytes), copied
 * into a batch of {@value #BATCH} bytes handed over when full: ten thousand small files wake the
 * thread a few dozen times, not ten thousand, and do not cycle the pool. A file's first chunk is hashed once with the file's content
 * ({@link KnownId}): by the hash lane when it got to the file first, else here (and the lane goes on
 * from this chunk's state); a chunk that is a whole file is named by the content digest. Each
 * chunk's id goes to the consumer given with it. A failure is kept and thrown by the next
 * {@link #submit} or by {@link #finish()}; pack write failures are {@link FileSink.WriteFailedException}s.
 */
final class ChunkPipeline {

  private static final int IN_FLIGHT = 8 << 20;
  private static final int POOLED = 4;
  /** Chunks up to this size are batched; a batch always has room for one. */
  static final int SMALL = 64 << 10;
  private static final int BATCH = 256 << 10;
  private static final int BATCH_PARTS = 1024;
  private static final int BATCHES = 4;

  /**
   * The id of a file's first chunk {@code data[0, len)} when it comes with the file's content digest (see {@link
   * io.github.volumes4j.data.internal.SharedContent}: the chunk thread waits only for a lane busy with this
   * file), or null: the chunk thread hashes the chunk itself.
   */
  @FunctionalInterface
  interface KnownId {
    byte[] id(byte[] data, int off, int len);
  }

  /** A small chunk in a batch: {@code batch[off, off + len)}. */
  private record Part(int off, int len, Consumer<ChunkId> onId, KnownId known) {}

  /**
   * A chunk: {@code data[0, len)}; {@code known} may give its id; a pooled buffer goes back to the pool. Or a
   * batch ({@code parts} not null): its buffer goes back to the batches' pool.
   */
  private record Work(byte[] data, int len, Consumer<ChunkId> onId, KnownId known, boolean pooled, List<Part> parts) {}

  private static final Work END = new Work(new byte[0], 0, id -> { }, null, false, null);

  private final PackWriter packs;
  private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(64);
  private final Semaphore budget = new Semaphore(IN_FLIGHT);
  private final BlockingQueue<byte[]> pool = new java.util.concurrent.LinkedBlockingQueue<>();
  private int pooled;
  private final BlockingQueue<byte[]> batches = new java.util.concurrent.LinkedBlockingQueue<>();
  private int batchesMade;
  private byte[] batch;
  private int batchFill;
  private List<Part> parts;
  private final Thread thread;
  private volatile IOException failure;
  private volatile boolean stopped;

  ChunkPipeline(PackWriter packs) {
    this.packs = packs;
    this.thread = new Thread(this::run, "volumes4j-chunks");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Hands over a copy of {@code buf[0, len)}. */
  void submit(byte[] buf, int len, Consumer<ChunkId> onId) throws IOException {
    check();
    try {
      while (!budget.tryAcquire(len, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        check();
        if (!thread.isAlive()) {
          throw new IllegalStateException("the chunk thread ended before its work");
        }
      }
      put(new Work(java.util.Arrays.copyOf(buf, len), len, onId, null, false, null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while chunks were stored");
    }
  }

  /**
   * Hands over {@code buf} itself (its first {@code len} bytes are the chunk; the caller reads no more than
   * the rest of it afterwards, and never writes it again) and returns an empty buffer of {@code buf}'s size
   * to go on with: a new one while fewer than {@value #POOLED} exist, else one whose chunk is stored. A chunk
   * of at most {@value #SMALL} bytes is copied into a batch instead, and {@code buf} itself is returned.
   *
   * @param known gives the chunk's id when it is known without hashing, or null
   */
  byte[] handOver(byte[] buf, int len, Consumer<ChunkId> onId, KnownId known) throws IOException {
    check();
    if (len <= SMALL) {
      batch(buf, len, onId, known);
      return buf;
    }
    try {
      byte[] next;
      if (pooled < POOLED) {
        pooled++;
        next = new byte[buf.length];
      } else {
        next = returned(pool);
      }
      put(new Work(buf, len, onId, known, true, null));
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while chunks were stored");
    }
  }

  /** Copies a small chunk into the batch, which goes to the thread when the chunk does not fit. */
  private void batch(byte[] buf, int len, Consumer<ChunkId> onId, KnownId known) throws IOException {
    if (batch != null && (batchFill + len > BATCH || parts.size() >= BATCH_PARTS)) {
      send();
    }
    if (batch == null) {
      batch = freeBatch();
      batchFill = 0;
      parts = new ArrayList<>();
    }
    System.arraycopy(buf, 0, batch, batchFill, len);
    parts.add(new Part(batchFill, len, onId, known));
    batchFill += len;
  }

  private byte[] freeBatch() throws IOException {
    if (batchesMade < BATCHES) {
      batchesMade++;
      return new byte[BATCH];
    }
    try {
      return returned(batches);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while chunks were stored");
    }
  }

  /** A buffer the chunk thread gives back to {@code q}, waiting for it; fails when the thread failed or ended. */
  private byte[] returned(BlockingQueue<byte[]> q) throws IOException, InterruptedException {
    byte[] b;
    while ((b = q.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
      check();
      if (!thread.isAlive()) {
        throw new IllegalStateException("the chunk thread ended before its work");
      }
    }
    return b;
  }

  /** Hands the batch of small chunks over now, if there is one, full or not. */
  void send() throws IOException {
    if (batch == null) {
      return;
    }
    Work w = new Work(batch, batchFill, null, null, false, parts);
    batch = null;
    parts = null;
    try {
      put(w);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while chunks were stored");
    }
  }

  private void put(Work w) throws IOException, InterruptedException {
    while (!queue.offer(w, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      check();
    }
  }

  private void check() throws IOException {
    IOException f = failure;
    if (f != null) {
      throw f instanceof FileSink.WriteFailedException ? f : new FileSink.WriteFailedException(f);
    }
  }

  private void run() {
    while (true) {
      Work w;
      try {
        w = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (w == END) {
        return;
      }
      try {
        if (w.parts() != null) {
          for (Part p : w.parts()) {
            if (failure != null || stopped) {
              break;
            }
            store(w.data(), p.off(), p.len(), p.onId(), p.known());
          }
        } else if (w.len() == 0) {
          w.onId().accept(null); // a flush: everything before it is done
        } else if (failure == null && !stopped) {
          store(w.data(), 0, w.len(), w.onId(), w.known());
        }
      } catch (IOException | RuntimeException | Error e) {
        // an Error too (out of memory): kept for the producer, which would otherwise wait for this thread forever
        failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
      } finally {
        if (w.parts() != null) {
          batches.add(w.data());
        } else if (w.pooled()) {
          pool.add(w.data());
        } else {
          budget.release(w.len());
        }
      }
    }
  }

  private void store(byte[] data, int off, int len, Consumer<ChunkId> onId, KnownId known) throws IOException {
    byte[] sha = known == null ? null : known.id(data, off, len);
    if (sha == null) {
      onId.accept(packs.add(data, off, len));
    } else {
      ChunkId id = ChunkId.of(sha, 0);
      packs.addKnown(id, data, off, len);
      onId.accept(id);
    }
  }

  /** Waits until every chunk handed over so far is stored; throws the first failure. */
  void flush() throws IOException {
    send();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    try {
      queue.put(new Work(new byte[0], 0, id -> done.countDown(), null, false, null));
      while (!done.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        check();
        if (!thread.isAlive()) {
          throw new IllegalStateException("the chunk thread ended before its work");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while chunks were stored");
    }
    check();
  }

  /** Waits until every chunk handed over is stored and ends the thread; throws the first failure. */
  void finish() throws IOException {
    send();
    end();
    check();
  }

  /** Stops: what waits is dropped. Never throws. */
  void abort() {
    stopped = true;
    batch = null;
    parts = null;
    queue.clear();
    try {
      end();
    } catch (InterruptedIOException e) {
      // the thread stops on its own once it sees stopped
    }
  }

  private void end() throws InterruptedIOException {
    try {
      queue.put(END);
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while chunks were stored");
    }
  }
}
