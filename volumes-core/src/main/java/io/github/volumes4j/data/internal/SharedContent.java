package io.github.volumes4j.data.internal;

import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * The content digest of one large file that two threads could compute: the {@link HashLane}, which
 * hashes the file as it is read, and a consumer that gets the whole content at hand in one buffer
 * later (a snapshot's chunk thread, for a file that is one chunk, whose id is its content digest).
 * The content is hashed once: by the lane when it started on the file first, else by the consumer,
 * and the lane then skips the file's bytes and takes the consumer's digest. Neither thread waits for
 * the other longer than the rest of this one file takes to hash: the consumer waits only for a file
 * the lane is hashing already, the lane only for a file the consumer is hashing already.
 *
 * <p>Made by {@link EntryTracker} when {@link EntryTracker#shareContent()} is on.
 */
public final class SharedContent {

  /** How long the consumer waits for a lane that started on the file before it hashes the content itself. */
  private static final long PATIENCE_MS = 200;

  private boolean laneStarted;
  private boolean taken;
  private boolean failed;
  private byte[] digest;

  SharedContent() {}

  /** The lane, before it hashes a buffer of the file: whether it should (false: the consumer took the file). */
  synchronized boolean laneMay() {
    if (taken) {
      return false;
    }
    laneStarted = true;
    return true;
  }

  /**
   * The lane, after the file's last buffer: the digest, its own ({@code md}) or the consumer's, which it
   * waits for.
   *
   * @throws IllegalStateException when the consumer took the file and failed to hash it
   */
  synchronized byte[] laneDigest(MessageDigest md) {
    if (!taken) {
      laneStarted = true;
      digest = md.digest();
      notifyAll();
      return digest;
    }
    boolean interrupted = false;
    while (digest == null && !failed) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failed) {
      throw new IllegalStateException("the content digest of a file was not computed: its consumer failed");
    }
    return digest;
  }

  /**
   * The consumer, with the whole content at hand: the digest, the lane's when the lane has started on the
   * file (waiting for it to finish), else computed now by {@code hash}, which then also serves the lane.
   */
  public byte[] digest(Supplier<byte[]> hash) {
    synchronized (this) {
      if (digest != null) {
        return digest;
      }
      if (laneStarted) {
        long until = System.nanoTime() + PATIENCE_MS * 1_000_000;
        boolean interrupted = false;
        long left;
        while (digest == null && (left = until - System.nanoTime()) > 0) {
          try {
            wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            interrupted = true;
            break;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        if (digest != null) {
          return digest;
        }
        return hash.get(); // the lane is stuck or gone: hash it here too, it keeps its own
      }
      taken = true;
    }
    byte[] d = null;
    try {
      d = hash.get();
      return d;
    } finally {
      synchronized (this) {
        digest = d;
        failed = d == null;
        notifyAll();
      }
    }
  }
}
