package io.github.volumes4j.data.internal.snap;

import io.github.volumes4j.data.internal.FileSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Hashes and stores chunks on a thread of its own ({@link PackWriter} is used by it alone), in the
 * order they were handed over, while the reading thread goes on: at most {@value #IN_FLIGHT} bytes
 * wait. Each chunk's id goes to the consumer given with it. A failure is kept and thrown by the
 * next {@link #submit} or by {@link #finish()}; pack write failures are
 * {@link FileSink.WriteFailedException}s.
 */
final class ChunkPipeline {

  private static final int IN_FLIGHT = 8 << 20;

  private record Work(byte[] data, Consumer<ChunkId> onId) {}

  private static final Work END = new Work(new byte[0], id -> { });

  private final PackWriter packs;
  private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(64);
  private final Semaphore budget = new Semaphore(IN_FLIGHT);
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
      budget.acquire(len);
      byte[] copy = java.util.Arrays.copyOf(buf, len);
      while (!queue.offer(new Work(copy, onId), 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        check();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while chunks were stored");
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
        if (w.data().length == 0) {
          w.onId().accept(null); // a flush: everything before it is done
        } else if (failure == null && !stopped) {
          w.onId().accept(packs.add(w.data(), w.data().length));
        }
      } catch (IOException | RuntimeException e) {
        failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
      } finally {
        budget.release(w.data().length);
      }
    }
  }

  /** Waits until every chunk handed over so far is stored; throws the first failure. */
  void flush() throws IOException {
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    try {
      queue.put(new Work(new byte[0], id -> done.countDown()));
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
    end();
    check();
  }

  /** Stops: what waits is dropped. Never throws. */
  void abort() {
    stopped = true;
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
