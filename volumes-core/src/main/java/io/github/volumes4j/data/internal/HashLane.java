package io.github.volumes4j.data.internal;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hashes content on one background thread, in the order it was handed over, while the caller goes
 * on reading and copying: on a machine with two cores the SHA-256 of a backup no longer runs on the
 * thread that moves the bytes. The caller reads into buffers it {@link #take()}s from a small pool
 * ({@value #BUFFERS} of {@value #BUFFER} bytes); a buffer handed to {@link #update} comes back to the
 * pool once hashed, so the caller waits when it runs ahead by more than the pool. The pool is deep
 * enough (6 MiB) that the caller rarely waits on a two-core machine where a third thread (a snapshot's
 * chunk hashing) shares the cores: with 6 buffers a first snapshot ran at 0.81-0.86x a backup's speed,
 * with 24 at 0.87-0.95x (same JVM, rounds alternated).
 *
 * <p>The thread ends after two idle seconds: nothing needs closing. Not thread-safe: one producer.
 */
final class HashLane {

  static final int BUFFER = 256 * 1024;
  private static final int BUFFERS = 24;

  /** Whether a lane is worth it: on one core it only adds hand-overs. */
  static final boolean USEFUL = Runtime.getRuntime().availableProcessors() > 1;

  private final ThreadPoolExecutor worker = new ThreadPoolExecutor(0, 1, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
      r -> {
        Thread t = new Thread(r, "volumes4j-hash");
        t.setDaemon(true);
        return t;
      });
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final AtomicLong pending = new AtomicLong();
  private int allocated;

  /** A buffer to read into; waits while every buffer is still being hashed. */
  byte[] take() throws InterruptedIOException {
    byte[] b = free.poll();
    if (b != null) {
      return b;
    }
    if (allocated < BUFFERS) {
      allocated++;
      return new byte[BUFFER];
    }
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the hashing thread");
    }
  }

  /** Gives back a buffer that was taken but not handed to {@link #update}. */
  void give(byte[] buffer) {
    free.offer(buffer);
  }

  /**
   * Hashes {@code n} bytes of {@code buffer} into {@code md} later (or into {@code share}, when not null, which
   * holds the file's digest and may skip what its consumer hashed), then returns the buffer to the pool.
   */
  void update(MessageDigest md, byte[] buffer, int n, SharedContent share) {
    run(() -> {
      try {
        if (share == null) {
          md.update(buffer, 0, n);
        } else {
          share.laneUpdate(buffer, n);
        }
      } finally {
        free.offer(buffer);
      }
    });
  }

  /** Runs {@code task} on the lane after everything handed over before it. */
  void run(Runnable task) {
    pending.incrementAndGet();
    worker.execute(() -> {
      try {
        task.run();
      } finally {
        pending.decrementAndGet();
      }
    });
  }

  /** Waits until everything handed over so far is done; what it did is visible to the caller afterwards. */
  void await() {
    if (pending.get() == 0) {
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    worker.execute(done::countDown);
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
