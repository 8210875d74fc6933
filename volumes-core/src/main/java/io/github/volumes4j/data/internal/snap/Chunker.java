package io.github.volumes4j.data.internal.snap;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;

/**
 * Content-defined chunking with a gear hash (as FastCDC): a cut falls where the hash of the last 64
 * bytes has its low {@value #MASK_BITS} bits zero, at least {@value #MIN} bytes after the previous cut
 * and at most {@value #MAX}, so chunks average about 1 MiB and an insertion moves only the cuts near
 * it. Each file is chunked on its own ({@link #endFile()}): a changed file never changes its
 * neighbours' chunks. Constant memory: one buffer of {@value #MAX} bytes.
 */
final class Chunker extends OutputStream {

  static final int MIN = 512 << 10;
  static final int MAX = 4 << 20;
  static final int MASK_BITS = 19;
  private static final long MASK = (1L << MASK_BITS) - 1;
  private static final int WINDOW = 64;
  private static final long[] GEAR = new long[256];

  static {
    SplittableRandom r = new SplittableRandom(0x766f6c756d657334L); // fixed: the same data always cuts alike
    for (int i = 0; i < 256; i++) {
      GEAR[i] = r.nextLong();
    }
  }

  /** Where a finished chunk goes; {@code buf} is reused after the call. */
  @FunctionalInterface
  interface Sink {
    void chunk(byte[] buf, int len) throws IOException;
  }

  /**
   * Where a finished chunk goes in the chunker's own buffer, which the sink keeps: it returns another of the
   * same size to go on with (the chunker copies what follows the chunk into it and never writes the old one),
   * or the same one when it copied the chunk.
   */
  @FunctionalInterface
  interface Taker {
    byte[] take(byte[] buf, int len) throws IOException;
  }

  private final Taker sink;
  private byte[] buf;
  private int fill;
  private int scanned;
  private long hash;

  Chunker(Sink sink) {
    this((Taker) (b, len) -> {
      sink.chunk(b, len);
      return b;
    });
  }

  private Chunker(Taker sink) {
    this.sink = sink;
    this.buf = new byte[MAX];
  }

  /** A chunker that hands its buffer over with each chunk ({@link Taker}). */
  static Chunker handingOver(Taker sink) {
    return new Chunker(sink);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      // small steps: what follows a cut is always shorter than MIN - WINDOW, so it needs no hashing yet
      int n = Math.min(len, Math.min(64 << 10, MAX - fill));
      System.arraycopy(b, off, buf, fill, n);
      fill += n;
      off += n;
      len -= n;
      scan();
    }
  }

  private void scan() throws IOException {
    while (true) {
      int from = Math.max(scanned, MIN - WINDOW);
      int end = fill;
      if (from >= end) {
        break;
      }
      long h = hash;
      byte[] a = buf;
      long[] gear = GEAR;
      int i = from;
      // bytes before MIN only fill the window: no cut can fall there
      int warm = Math.min(end, MIN);
      for (; i < warm; i++) {
        h = (h << 1) + gear[a[i] & 0xff];
      }
      int cut = -1;
      for (; i < end; i++) {
        h = (h << 1) + gear[a[i] & 0xff];
        if ((h & MASK) == 0) {
          cut = i + 1;
          break;
        }
      }
      if (cut < 0) {
        hash = h;
        scanned = end;
        break;
      }
      cut(cut);
    }
    if (fill == MAX) {
      cut(MAX);
    }
  }

  /** Hands {@code buf[0, at)} to the sink and keeps what follows it. */
  private void cut(int at) throws IOException {
    byte[] from = buf;
    buf = sink.take(from, at);
    int rest = fill - at;
    System.arraycopy(from, at, buf, 0, rest);
    fill = rest;
    scanned = rest;
    hash = 0;
  }

  /** Ends the current file (or stream): what is left becomes its last chunk. */
  void endFile() throws IOException {
    if (fill > 0) {
      buf = sink.take(buf, fill);
    }
    fill = 0;
    scanned = 0;
    hash = 0;
  }
}
