package io.github.volumes4j.data.internal;

import java.security.MessageDigest;

/**
 * The hashing of one large file shared by two threads: the {@link HashLane}, which computes the file's
 * content digest as it is read, and a consumer that gets the file's first chunk at hand in one buffer
 * later (a snapshot's chunk thread) and needs that chunk's own SHA-256. Both digests begin with the same
 * bytes, so the first chunk is hashed once: by the lane when it started on the file first (it takes a
 * copy of its digest's state where the chunk ends and finishes that copy: the chunk's id), else by the
 * consumer (which hands the state after the chunk to the lane: the lane skips those bytes and goes on
 * from there). A file that is one chunk is named by its content digest.
 *
 * <p>Neither thread waits for the other longer than the rest of one chunk takes to hash: the consumer
 * waits only for a lane that started on this file, the lane only for a consumer hashing this file's
 * first chunk. Made by {@link EntryTracker} when {@link EntryTracker#shareContent()} is on.
 *
 * <pre>{@code
 * SharedContent s = tracker.lastShare();   // after accept() of a large file
 * s.firstChunk(len);                       // where the chunker cut first (the file's size: one chunk)
 * byte[] id = s.firstChunkId(buf, 0, len); // on the chunk thread
 * }</pre>
 */
public final class SharedContent {

  /** How long the consumer waits for a lane that started on the file before it hashes the chunk itself. */
  private static final long PATIENCE_MS = 200;

  /**
   * Whether this JVM's SHA-256 can be cloned mid-stream (the JDK's can; a provider that cannot gets no sharing:
   * {@link EntryTracker#shareContent()} is then a no-op and every chunk is hashed on its own).
   */
  static final boolean POSSIBLE = cloneable();

  private static boolean cloneable() {
    try {
      MessageDigest m = TreeSum.newSha();
      m.update((byte) 1);
      return ((MessageDigest) m.clone()).digest().length == 32;
    } catch (CloneNotSupportedException | RuntimeException e) {
      return false;
    }
  }

  private final long size;
  /** The lane's digest (the lane's thread only; replaced by the consumer's state when it took the file). */
  private MessageDigest md;
  /** How many of the file's bytes the lane has been handed (the lane's thread only). */
  private long laneOffset;

  // guarded by this
  private long boundary = -1;
  private boolean laneStarted;
  private boolean taken;
  private boolean failed;
  private byte[] firstId;
  private byte[] content;
  private MessageDigest afterFirst;

  SharedContent(MessageDigest md, long size) {
    this.md = md;
    this.size = size;
  }

  /** The reading thread: the file's first chunk ends after {@code length} bytes (its size: the file is one chunk). */
  public synchronized void firstChunk(long length) {
    if (boundary < 0) {
      boundary = length;
    }
  }

  /** The lane: the file's next {@code n} bytes, in order. */
  void laneUpdate(byte[] b, int n) {
    long off = laneOffset;
    laneOffset += n;
    long cut;
    boolean skip;
    boolean idMissing;
    synchronized (this) {
      if (!taken) {
        laneStarted = true;
      }
      skip = taken;
      cut = boundary;
      idMissing = firstId == null;
    }
    if (!skip) {
      if (cut > off && cut <= off + n && cut < size && idMissing) {
        int k = (int) (cut - off);
        md.update(b, 0, k);
        byte[] id;
        try {
          id = ((MessageDigest) md.clone()).digest();
        } catch (CloneNotSupportedException e) {
          throw new IllegalStateException("this JVM's SHA-256 cannot be cloned", e);
        }
        synchronized (this) {
          firstId = id;
          notifyAll();
        }
        md.update(b, k, n - k);
      } else {
        md.update(b, 0, n);
      }
      return;
    }
    // the consumer hashed [0, cut): skip it, go on from its state
    if (off + n <= cut) {
      return;
    }
    try {
      adopt();
    } catch (IllegalStateException e) {
      return; // laneDigest() throws it again: the tracker's totals fail rather than miss this file
    }
    int k = (int) Math.max(0, cut - off);
    md.update(b, k, n - k);
  }

  /** Takes the consumer's state after the first chunk once (waiting while the consumer hashes it). */
  private void adopt() {
    MessageDigest s;
    synchronized (this) {
      boolean interrupted = false;
      while (afterFirst == null && !failed) {
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
      s = afterFirst;
    }
    if (md != s) {
      md = s;
    }
  }

  /**
   * The lane, after the file's last bytes: its content digest.
   *
   * @throws IllegalStateException when the consumer took the file and failed to hash its first chunk
   */
  byte[] laneDigest() {
    boolean skipped;
    synchronized (this) {
      skipped = taken;
    }
    if (skipped) {
      adopt(); // a file that is one chunk: every byte was skipped
    }
    byte[] c = md.digest();
    synchronized (this) {
      content = c;
      notifyAll();
    }
    return c;
  }

  /**
   * The consumer, with the file's first chunk {@code data[off, off + len)} at hand (after {@link #firstChunk}): the
   * chunk's SHA-256. The lane's when the lane has started on the file (waiting for it to get there), else
   * computed now, and its state then serves the lane.
   */
  public byte[] firstChunkId(byte[] data, int off, int len) {
    synchronized (this) {
      if (boundary != len) {
        throw new IllegalStateException("the first chunk has " + len + " bytes, not " + boundary);
      }
      byte[] known = known();
      if (known != null) {
        return known;
      }
      if (laneStarted) {
        long until = System.nanoTime() + PATIENCE_MS * 1_000_000;
        boolean interrupted = false;
        long left;
        while ((known = known()) == null && (left = until - System.nanoTime()) > 0) {
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
        if (known != null) {
          return known;
        }
        return TreeSum.sha256(data, off, len); // the lane is stuck or gone: hash it here too, it keeps its own
      }
      taken = true;
    }
    MessageDigest m = null;
    byte[] id = null;
    try {
      m = TreeSum.newSha();
      m.update(data, off, len);
      MessageDigest state = (MessageDigest) m.clone();
      id = m.digest();
      m = state;
      return id;
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("this JVM's SHA-256 cannot be cloned", e);
    } finally {
      synchronized (this) {
        if (id != null) {
          firstId = id;
          afterFirst = m;
        } else {
          failed = true;
        }
        notifyAll();
      }
    }
  }

  /** The first chunk's id if one of the threads has it (guarded by this). */
  private byte[] known() {
    if (firstId != null) {
      return firstId;
    }
    return boundary == size ? content : null;
  }
}
