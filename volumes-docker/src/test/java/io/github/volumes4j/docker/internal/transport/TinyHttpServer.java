package io.github.volumes4j.docker.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server for client tests, on a unix socket or loopback TCP, that can misbehave: each
 * request goes to a {@link Handler} that writes whatever bytes it likes and says whether to keep the
 * connection, close it, or close it without reading the request body.
 */
final class TinyHttpServer implements AutoCloseable {

  /** A request as received. */
  record Req(int connection, int index, String method, String path, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  enum After { KEEP, CLOSE }

  interface Handler {
    After handle(Req req, OutputStream out) throws IOException;
  }

  /** Decides before the body is read; returning non-null answers without reading the body and closes. */
  interface EarlyHandler {
    byte[] early(String method, String path, Map<String, String> headers);
  }

  private final ServerSocketChannel server;
  private final Handler handler;
  private volatile EarlyHandler early = (m, p, h) -> null;
  private final AtomicInteger connections = new AtomicInteger();
  final List<Req> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<SocketChannel> open = Collections.synchronizedList(new ArrayList<>());
  private final Path dir;
  private volatile boolean closed;

  private TinyHttpServer(ServerSocketChannel server, Path dir, Handler handler) {
    this.server = server;
    this.dir = dir;
    this.handler = handler;
    Thread t = new Thread(this::acceptLoop, "tiny-http-accept");
    t.setDaemon(true);
    t.start();
  }

  static TinyHttpServer unix(Handler handler) throws IOException {
    Path dir = Files.createTempDirectory("tiny-http");
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(dir.resolve("s.sock")));
    return new TinyHttpServer(s, dir, handler);
  }

  static TinyHttpServer tcp(Handler handler) throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.INET);
    s.bind(new InetSocketAddress("127.0.0.1", 0));
    return new TinyHttpServer(s, null, handler);
  }

  TinyHttpServer early(EarlyHandler e) {
    this.early = e;
    return this;
  }

  Path socket() {
    return dir.resolve("s.sock");
  }

  int port() throws IOException {
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel c = server.accept();
        int id = connections.incrementAndGet();
        open.add(c);
        Thread t = new Thread(() -> serve(c, id), "tiny-http-" + id);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(SocketChannel c, int id) {
    try (c) {
      InputStream in = Channels.newInputStream(c);
      OutputStream out = Channels.newOutputStream(c);
      for (int index = 0; ; index++) {
        String line = line(in);
        if (line == null) {
          return;
        }
        String[] parts = line.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
          int colon = h.indexOf(':');
          headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        byte[] answer = early.early(parts[0], parts[1], headers);
        if (answer != null) {
          out.write(answer);
          out.flush();
          requests.add(new Req(id, index, parts[0], parts[1], headers, new byte[0]));
          return;
        }
        byte[] body = body(in, headers);
        Req req = new Req(id, index, parts[0], parts[1], headers, body);
        requests.add(req);
        if (handler.handle(req, out) == After.CLOSE) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      open.remove(c);
    }
  }

  private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        String size = line(in);
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          line(in);
          return b.toByteArray();
        }
        b.write(in.readNBytes(n));
        line(in);
      }
    }
    String length = headers.get("content-length");
    if (length != null) {
      b.write(in.readNBytes(Integer.parseInt(length)));
    }
    return b.toByteArray();
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); ; c = in.read()) {
      if (c < 0) {
        return sb.length() == 0 ? null : sb.toString();
      }
      if (c == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) c);
    }
  }

  /** Closes every open connection (as a daemon that restarts), but keeps listening. */
  void dropConnections() throws IOException {
    synchronized (open) {
      for (SocketChannel c : open) {
        c.close();
      }
    }
  }

  static byte[] response(int status, String reason, String body, String... headers) {
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (status != 204 && status != 304) {
      sb.append("Content-Length: ").append(b.length).append("\r\n");
    }
    sb.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(sb.toString().getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(b);
    return out.toByteArray();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    dropConnections();
    if (dir != null) {
      Files.deleteIfExists(socket());
      Files.deleteIfExists(dir);
    }
  }
}
