package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.HostileArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An {@link Extractor} on its own thread: the caller reads, checks and hashes the entries and
 * queues them with their content; the thread creates and writes them in the same order, so file
 * creation (slow on a busy journal) overlaps with reading. Bounded: at most {@value #CHUNKS}
 * content chunks of {@value #CHUNK} bytes and {@value #OPS} queued entries.
 */
public final class ExtractorThread {
  private static final int CHUNK = 256 * 1024;
  private static final int CHUNKS = 8;
  private static final int OPS = 1024;
  private static final Object FINISH = new Object();
  private static final Object ABORT = new Object();

  private final HostExtractor.Extractor x;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(OPS + CHUNKS);
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
  private final Thread thread;
  private volatile Throwable failure;
  private int allocated;
  private byte[] chunk;
  private int len;

  private static final class Begin {
    final TarArchiveEntry e;
    final String name;

    Begin(TarArchiveEntry e, String name) {
      this.e = e;
      this.name = name;
    }
  }

  private static final class Chunk {
    final byte[] b;
    final int len;

    Chunk(byte[] b, int len) {
      this.b = b;
      this.len = len;
    }
  }

  private static final class End {
    final TarArchiveEntry e;
    final String name;

    End(TarArchiveEntry e, String name) {
      this.e = e;
      this.name = name;
    }
  }

  public ExtractorThread(HostExtractor.Extractor x) {
    this.x = x;
    this.thread = new Thread(this::run, "volumes4j-extract");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void run() {
    OutputStream out = null;
    try {
      while (true) {
        Object op = queue.take();
        if (op == FINISH || op == ABORT) {
          if (op == FINISH && failure == null) {
            try {
              x.finish();
            } catch (IOException | RuntimeException ex) {
              failure = ex;
            }
          }
          if (out != null) {
            try {
              out.close();
            } catch (IOException ignored) {
              // a failed or aborted extraction
            }
          }
          return;
        }
        try {
          if (op instanceof Chunk) {
            Chunk c = (Chunk) op;
            if (failure == null && out != null) {
              out.write(c.b, 0, c.len);
            }
            free.add(c.b);
          } else if (failure == null && op instanceof Begin) {
            out = x.begin(((Begin) op).e, ((Begin) op).name);
          } else if (failure == null && op instanceof End && out != null) {
            OutputStream o = out;
            out = null;
            x.end(((End) op).e, ((End) op).name, o);
          }
        } catch (IOException | RuntimeException ex) {
          failure = ex;
        }
      }
    } catch (InterruptedException ex) {
      failure = new java.io.InterruptedIOException("extraction interrupted");
    }
  }

  private void put(Object op) throws IOException {
    check();
    try {
      queue.put(op);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("extraction interrupted");
    }
  }

  /** Rethrows the thread's failure: its IOException, wrapped in a {@link HostExtractor.WriteFailedException}, or its RuntimeException. */
  private void check() throws IOException {
    Throwable f = failure;
    if (f instanceof RuntimeException) {
      throw (RuntimeException) f;
    }
    if (f != null) {
      throw new HostExtractor.WriteFailedException((IOException) f);
    }
  }

  /** Writes the entry, its content read from {@code in} and folded into {@code tracker} on this thread. */
  public void entry(TarArchiveEntry e, String name, InputStream in, EntryTracker tracker) throws IOException {
    put(new Begin(e, name));
    boolean file = !e.isDirectory() && !e.isSymbolicLink() && !e.isLink() && !e.isCharacterDevice()
        && !e.isBlockDevice() && !e.isFIFO();
    tracker.accept(e, name, in, file ? content : null);
    if (file) {
      flushChunk();
      put(new End(e, name));
    }
  }

  private final OutputStream content = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
      while (n > 0) {
        if (chunk == null) {
          chunk = takeChunk();
          len = 0;
        }
        int k = Math.min(n, chunk.length - len);
        System.arraycopy(b, off, chunk, len, k);
        len += k;
        off += k;
        n -= k;
        if (len == chunk.length) {
          flushChunk();
        }
      }
    }
  };

  private byte[] takeChunk() throws IOException {
    if (allocated < CHUNKS) {
      allocated++;
      return new byte[CHUNK];
    }
    try {
      byte[] b;
      while ((b = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
        check();
        if (!thread.isAlive()) {
          throw new IOException("the extraction thread ended unexpectedly");
        }
      }
      return b;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("extraction interrupted");
    }
  }

  private void flushChunk() throws IOException {
    if (chunk != null) {
      byte[] b = chunk;
      chunk = null;
      put(new Chunk(b, len));
    }
  }

  /** Waits for every queued entry, applies the directories' attributes; rethrows the thread's failure. */
  public void finish() throws IOException {
    put(FINISH);
    join();
    check();
  }

  /** Stops after the entry being written; nothing more is written. */
  public void abort() {
    if (!thread.isAlive()) {
      return;
    }
    failure = failure == null ? new IOException("aborted") : failure;
    try {
      while (thread.isAlive() && !queue.offer(ABORT, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        // the thread drains the queue: there is room soon
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return;
    }
    join();
  }

  private void join() {
    try {
      thread.join();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}

