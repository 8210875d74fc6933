package io.github.volumes4j.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The output of a helper reached through a port, up to the end marker the helper writes after its
 * tool exits. The helper must not exit before the caller has everything: when its container exits,
 * the daemon stops the port's proxy, and what the proxy still held is lost (recorded on Docker 20.10
 * with a second daemon over TCP). So the helper writes a marker of its own (random per helper, never
 * in the volume: a file that contains it cannot know it) and waits; this stream ends at the marker.
 * A connection that ends before the marker is a failure ({@link IOException}), never a short read that
 * looks whole: a tar cut at an entry's boundary would otherwise read as a complete, smaller archive.
 *
 * <p>Holds back at most the marker's length, so a marker split across reads is still found.
 */
final class EndMarkedInput extends InputStream {

  private final InputStream in;
  private final byte[] marker;
  private final int[] skip;
  private byte[] buf = new byte[64 * 1024];
  private int start;
  private int end;
  private boolean eof;
  private boolean complete;
  /** Bytes before this index are data for sure; -1 when not yet known. */
  private int safe;

  EndMarkedInput(InputStream in, byte[] marker) {
    if (marker.length == 0) {
      throw new IllegalArgumentException("an end marker must not be empty");
    }
    this.in = in;
    this.marker = marker.clone();
    this.skip = new int[256];
    java.util.Arrays.fill(skip, marker.length);
    for (int i = 0; i < marker.length - 1; i++) {
      skip[marker[i] & 0xff] = marker.length - 1 - i;
    }
  }

  /** Whether the helper's end marker arrived (the output is whole), rather than the end of the connection. */
  boolean complete() {
    return complete;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (safe <= start) {
      if (complete) {
        return -1;
      }
      if (eof && start == end) {
        throw new IOException("the helper's output ended before its end marker: the connection to it was cut, or "
            + "it was stopped");
      }
      fill();
    }
    int n = Math.min(len, safe - start);
    System.arraycopy(buf, start, b, off, n);
    start += n;
    return n;
  }

  /** Reads more and works out how much of the buffer is data for sure. */
  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      safe -= start;
      start = 0;
    }
    if (end == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);   // only when the buffer is all a partial marker: never in practice
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
      safe = end;                                  // no marker: the connection ended, all that came is data
      return;
    }
    end += n;
    int at = indexOf(Math.max(0, end - n - marker.length + 1));
    if (at >= 0) {
      safe = at;
      complete = true;
      end = at;                                    // nothing after the marker is read as data
      return;
    }
    safe = Math.max(start, end - marker.length + 1);
  }

  /** Boyer-Moore-Horspool: most positions are skipped by the marker's length (a naive scan cost 70% of a backup). */
  private int indexOf(int from) {
    int last = marker.length - 1;
    for (int i = from; i + last < end; ) {
      byte b = buf[i + last];
      if (b == marker[last]) {
        int j = last - 1;
        while (j >= 0 && buf[i + j] == marker[j]) {
          j--;
        }
        if (j < 0) {
          return i;
        }
      }
      i += skip[b & 0xff];
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
