package io.github.volumes4j.docker.internal.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the log stream of a container without a TTY: frames of an 8-byte header
 * ({@code [stream, 0, 0, 0, size as 4 bytes big-endian]}) then {@code size} bytes. A container with a TTY
 * sends raw text, which is passed through.
 */
public final class LogDecoder {

  private LogDecoder() {}

  public static String decode(InputStream raw) throws IOException {
    PushbackInputStream in = new PushbackInputStream(raw, 8);
    byte[] header = new byte[8];
    int n = in.readNBytes(header, 0, 8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (n < 8 || !isHeader(header)) {
      out.write(header, 0, n);
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
    while (true) {
      int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      byte[] frame = in.readNBytes(size);
      out.write(frame);
      if (frame.length < size) {
        break;
      }
      n = in.readNBytes(header, 0, 8);
      if (n < 8) {
        break;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static boolean isHeader(byte[] h) {
    return (h[0] == 0 || h[0] == 1 || h[0] == 2) && h[1] == 0 && h[2] == 0 && h[3] == 0;
  }
}
