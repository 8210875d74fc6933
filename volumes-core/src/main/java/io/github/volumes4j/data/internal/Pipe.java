package io.github.volumes4j.data.internal;

import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.DataMovementException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A bounded pipe from a producer thread to a consumer (an engine reading an upload): constant
 * memory (at most {@code 8 x 256 KiB} in flight), and failures travel both ways: a producer's
 * error fails the consumer's next read (so a half-produced upload is aborted, never ended cleanly),
 * a consumer that stops reading fails the producer's next write.
 */
public final class Pipe {

  /** What a producer writes. */
  @FunctionalInterface
  public interface Producer {
    void produce(OutputStream out) throws IOException;
  }

  /** The consumer stopped reading (it finished early or failed). */
  public static final class ConsumerGoneException extends IOException {
    private static final long serialVersionUID = 1L;

    ConsumerGoneException(String message) {
      super(message);
    }
  }

  private static final int CHUNK = 256 * 1024;
  private static final byte[] EOF = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(8);
  private final AtomicReference<Throwable> producerError = new AtomicReference<>();
  private volatile boolean consumerClosed;

  private Pipe() {}

  /**
   * Runs {@code producer} in a new thread and {@code consumer} in this one on the produced stream.
   * When both fail, the producer's error is thrown (it is the cause: a damaged archive, a hostile
   * entry); the consumer's is added as suppressed.
   */
  public static void run(String what, Producer producer, Consumer<InputStream> consumer) {
    Pipe pipe = new Pipe();
    Thread t = pipe.startProducer(what, producer);
    RuntimeException consumerError = null;
    try (InputStream in = pipe.new In()) {
      consumer.accept(in);
      // Drain what the consumer did not read, so that the producer finishes and reports its errors.
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      consumerError = new UncheckedIOException(e);
    } catch (RuntimeException e) {
      consumerError = e;
    } finally {
      pipe.consumerClosed = true;
      pipe.queue.clear();
    }
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataMovementException(what + " interrupted", e);
    }
    Throwable pe = pipe.producerError.get();
    // ConsumerGoneException is never the cause: either the consumer failed (its error is thrown), or it
    // read to the end, EOF included, and the producer only saw it close right after its last offer.
    if (pe != null && !(pe instanceof ConsumerGoneException)) {
      if (consumerError != null && consumerError != pe && !isCausedBy(consumerError, pe)) {
        pe.addSuppressed(consumerError);
      }
      if (pe instanceof RuntimeException) {
        throw (RuntimeException) pe;
      }
      if (pe instanceof Error) {
        throw (Error) pe;
      }
      throw new DataMovementException(what + " failed: " + pe.getMessage(), pe);
    }
    if (consumerError != null) {
      throw consumerError;
    }
  }

  /** Starts the thread that runs {@code producer} into this pipe; a failure is kept and ends the stream. */
  private Thread startProducer(String what, Producer producer) {
    Thread t = new Thread(() -> {
      // No try-with-resources: closing ends the stream cleanly, which only success may do.
      Out out = new Out();
      try {
        producer.produce(out);
        out.close();
      } catch (Throwable e) {
        producerError.set(e);
        queue.clear();
        queue.offer(EOF);
      }
    }, "volumes4j-" + what);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Runs {@code producer} in a new thread and returns what it writes, to be read by the caller. A
   * producer's failure fails the next read (the stream never ends cleanly then); closing the stream
   * before its end makes the producer's next write fail, so that its thread ends.
   */
  public static InputStream produce(String what, Producer producer) {
    Pipe pipe = new Pipe();
    Thread t = pipe.startProducer(what, producer);
    return new java.io.FilterInputStream(pipe.new In()) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
      }

      /** Stops the producer and waits (up to 10 s) for its thread to end, so that what it holds is released. */
      @Override
      public void close() {
        pipe.consumerClosed = true;
        long deadline = System.nanoTime() + 10_000_000_000L;
        try {
          while (t.isAlive() && System.nanoTime() < deadline) {
            pipe.queue.clear();
            t.join(20);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        pipe.queue.clear();
      }
    };
  }

  /**
   * The other way round from {@link #run}: {@code consumer} runs in a new thread on the stream, and the
   * caller writes it through {@link Upload#out()}, then {@link Upload#finish()}es (the stream ends
   * cleanly) or {@link Upload#abort}s (the consumer's next read fails, so an upload is never ended
   * cleanly by a failure).
   */
  public static Upload start(String what, Consumer<InputStream> consumer) {
    Pipe pipe = new Pipe();
    Upload u = new Upload(pipe, what);
    u.thread = new Thread(() -> {
      try (InputStream in = pipe.new In()) {
        consumer.accept(in);
        in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        u.consumerError = new UncheckedIOException(e);
      } catch (RuntimeException | Error e) {
        u.consumerError = e;
      } finally {
        pipe.consumerClosed = true;
        pipe.queue.clear();
      }
    }, "volumes4j-" + what);
    u.thread.setDaemon(true);
    u.thread.start();
    return u;
  }

  /** A stream written by the caller into a consumer on its own thread; see {@link #start}. */
  public static final class Upload {
    private final Pipe pipe;
    private final String what;
    private final Out out;
    private Thread thread;
    private volatile Throwable consumerError;
    private boolean done;

    private Upload(Pipe pipe, String what) {
      this.pipe = pipe;
      this.what = what;
      this.out = pipe.new Out();
    }

    /** Where to write; a failed write means the consumer stopped ({@link ConsumerGoneException}). */
    public OutputStream out() {
      return out;
    }

    /** Ends the stream cleanly and waits for the consumer; rethrows its failure. */
    public void finish() {
      done = true;
      try {
        out.close();
      } catch (IOException e) {
        // the consumer is gone: its own error says why
      }
      join();
      if (consumerError != null) {
        throw Pipe.unchecked(consumerError);
      }
    }

    /** Fails the consumer's next read with {@code cause}, waits for it; a no-op after {@link #finish()}. */
    public void abort(Throwable cause) {
      if (done) {
        return;
      }
      done = true;
      pipe.producerError.set(cause);
      pipe.queue.clear();
      pipe.queue.offer(EOF);
      join();
    }

    /** What the consumer failed with, if it did. */
    public Throwable consumerError() {
      return consumerError;
    }

    private void join() {
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          pipe.producerError.compareAndSet(null, new IOException(what + " interrupted"));
          pipe.queue.clear();
          pipe.queue.offer(EOF);
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean isCausedBy(Throwable t, Throwable cause) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c == cause) {
        return true;
      }
    }
    return false;
  }

  private final class Out extends OutputStream {
    private byte[] buf = new byte[CHUNK];
    private int len;

    @Override
    public void write(int b) throws IOException {
      if (len == buf.length) {
        flushChunk();
      }
      buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
      while (n > 0) {
        if (len == buf.length) {
          flushChunk();
        }
        int k = Math.min(n, buf.length - len);
        System.arraycopy(b, off, buf, len, k);
        len += k;
        off += k;
        n -= k;
      }
    }

    private void flushChunk() throws IOException {
      if (len == 0) {
        return;
      }
      byte[] chunk = len == buf.length ? buf : java.util.Arrays.copyOf(buf, len);
      offer(chunk);
      buf = new byte[CHUNK];
      len = 0;
    }

    private void offer(byte[] chunk) throws IOException {
      try {
        while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          if (consumerClosed) {
            throw new ConsumerGoneException("the reader of the stream stopped");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    @Override
    public void close() throws IOException {
      flushChunk();
      offer(EOF);
    }
  }

  private final class In extends InputStream {
    private byte[] cur = new byte[0];
    private int pos;
    private boolean eof;

    private boolean fill() throws IOException {
      while (pos >= cur.length) {
        if (eof) {
          return false;
        }
        try {
          byte[] next = queue.take();
          Throwable err = producerError.get();
          if (err != null) {
            eof = true;
            throw new IOException("the producer of the stream failed: " + err.getMessage(), err);
          }
          if (next == EOF) {
            eof = true;
            return false;
          }
          cur = next;
          pos = 0;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      return fill() ? cur[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
      if (n == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int k = Math.min(n, cur.length - pos);
      System.arraycopy(cur, pos, b, off, k);
      pos += k;
      return k;
    }

    @Override
    public int available() {
      return cur.length - pos;
    }

    @Override
    public void close() {
      // Engines close the upload once they saw the tar's end; what follows is padding, drained by
      // run(). The producer is told to stop only when the consumer failed (see run()).
    }
  }

  /** Rethrows a producer failure wrapped as {@link VolumesException} unchanged. */
  static RuntimeException unchecked(Throwable t) {
    return t instanceof RuntimeException ? (RuntimeException) t : new DataMovementException(t.getMessage(), t);
  }
}
