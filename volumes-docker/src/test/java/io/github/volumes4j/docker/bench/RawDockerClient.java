package io.github.volumes4j.docker.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The floor of the benchmark: a minimal HTTP/1.1 client over the daemon's unix socket (JDK
 * {@link SocketChannel} with {@link UnixDomainSocketAddress}), one connection kept alive, no JSON parsing.
 * Not thread-safe; for the benchmark only.
 */
final class RawDockerClient implements AutoCloseable {

  record Reply(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final SocketChannel channel;
  private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
  private final ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 16);

  RawDockerClient(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    in.flip();
  }

  Reply call(String method, String path, String json) throws IOException {
    byte[] payload = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + path + " HTTP/1.1\r\nHost: docker\r\n"
        + (json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n") + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(h.length + payload.length);
    out.put(h).put(payload).flip();
    while (out.hasRemaining()) {
      channel.write(out);
    }
    return read(method.equals("HEAD"));
  }

  private Reply read(boolean head) throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      String name = l.substring(0, colon).trim();
      String value = l.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      }
    }
    body.reset();
    if (head || status == 204 || status == 304) {
      return new Reply(status, new byte[0]);
    }
    if (chunked) {
      while (true) {
        long size = Long.parseLong(line().split(";")[0].trim(), 16);
        if (size == 0) {
          line();
          break;
        }
        copy(size);
        line();
      }
    } else if (length >= 0) {
      copy(length);
    }
    return new Reply(status, body.toByteArray());
  }

  private void copy(long n) throws IOException {
    while (n > 0) {
      fill();
      int k = (int) Math.min(n, in.remaining());
      body.write(in.array(), in.arrayOffset() + in.position(), k);
      in.position(in.position() + k);
      n -= k;
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      fill();
      byte b = in.get();
      if (b == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append((char) b);
    }
  }

  private void fill() throws IOException {
    if (in.hasRemaining()) {
      return;
    }
    in.clear();
    int n = channel.read(in);
    in.flip();
    if (n < 0) {
      throw new IOException("the daemon closed the connection");
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
