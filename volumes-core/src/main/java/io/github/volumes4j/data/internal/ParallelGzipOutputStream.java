package io.github.volumes4j.data.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip on every core, the way pigz does it: the stream is cut into 1 MiB blocks, each compressed
 * on its own into a complete gzip member, and the members are written in order. Concatenated
 * members are valid gzip ({@code gunzip}, {@code GZIPInputStream} read them as one stream).
 * Memory: at most {@code 2 x cores} blocks in flight.
 */
public final class ParallelGzipOutputStream extends OutputStream {

  private static final int BLOCK = 1 << 20;

  private final OutputStream out;
  private final int level;
  private final ExecutorService pool;
  private final int maxPending;
  private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
  private byte[] buf = new byte[BLOCK];
  private int len;
  private boolean closed;

  public ParallelGzipOutputStream(OutputStream out, int level) {
    this.out = out;
    this.level = level < 0 ? Deflater.BEST_SPEED : level;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.maxPending = 2 * threads;
    ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "volumes4j-gzip");
      t.setDaemon(true);
      return t;
    });
    p.allowCoreThreadTimeOut(true); // no threads left behind when a failed backup never closes the stream
    this.pool = p;
  }

  @Override
  public void write(int b) throws IOException {
    if (len == BLOCK) {
      submit();
    }
    buf[len++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int n) throws IOException {
    while (n > 0) {
      if (len == BLOCK) {
        submit();
      }
      int k = Math.min(n, BLOCK - len);
      System.arraycopy(b, off, buf, len, k);
      len += k;
      off += k;
      n -= k;
    }
  }

  private void submit() throws IOException {
    if (len == 0) {
      return;
    }
    final byte[] block = buf;
    final int size = len;
    pending.add(pool.submit(() -> compress(block, size, level)));
    buf = new byte[BLOCK];
    len = 0;
    while (pending.size() >= maxPending) {
      drainOne();
    }
  }

  private void drainOne() throws IOException {
    try {
      out.write(pending.poll().get());
    } catch (ExecutionException e) {
      throw new IOException("gzip compression failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    }
  }

  private static byte[] compress(byte[] block, int size, int level) {
    Deflater d = new Deflater(level, true);
    try {
      ByteArrayOutputStream o = new ByteArrayOutputStream(size / 2 + 64);
      o.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, 0, 10);
      d.setInput(block, 0, size);
      d.finish();
      byte[] tmp = new byte[64 * 1024];
      while (!d.finished()) {
        int n = d.deflate(tmp);
        o.write(tmp, 0, n);
      }
      CRC32 crc = new CRC32();
      crc.update(block, 0, size);
      long c = crc.getValue();
      o.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
          (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)}, 0, 8);
      return o.toByteArray();
    } finally {
      d.end();
    }
  }

  @Override
  public void flush() throws IOException {
    submit();
    while (!pending.isEmpty()) {
      drainOne();
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flush();
    } finally {
      pool.shutdownNow();
      out.close();
    }
  }
}
