package io.github.volumes4j.docker.internal.transport;

import io.github.volumes4j.docker.internal.wire.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketImpl;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;

/**
 * Loads and links, on a daemon thread of its own, the classes that the first call needs besides the
 * socket: httpcore5's connection (a request written to nowhere and a canned chunked answer parsed),
 * jackson-core ({@link Json#warmUp()}) and slf4j. Started once per JVM when an engine is detected or
 * built, it runs while the main thread finds the daemon and connects: on two cores that takes about a
 * tenth of a second off the time to the first answer. Nothing it does is observable; failures are
 * ignored (the real call then loads what it needs itself).
 */
public final class Warmup {

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private Warmup() {}

  /** Starts the warm-up thread, once per JVM. */
  public static void start() {
    if (STARTED.compareAndSet(false, true)) {
      Thread t = new Thread(Warmup::run, "volumes4j-warm-up");
      t.setDaemon(true);
      t.start();
    }
  }

  static void run() {
    try {
      http();
    } catch (IOException | HttpException | RuntimeException | LinkageError e) {
      // only a warm-up
    }
    Json.warmUp();
    try {
      org.slf4j.LoggerFactory.getLogger(Warmup.class);
    } catch (RuntimeException | LinkageError e) {
      // only a warm-up
    }
  }

  /** One exchange through httpcore5's blocking connection on a socket made of byte arrays. */
  static String http() throws IOException, HttpException {
    byte[] answer = ("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
        + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);
    DefaultBHttpClientConnection c = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
    c.bind(new CannedSocket(new ByteArrayInputStream(answer)));
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      ClassicHttpRequest req = new BasicClassicHttpRequest("POST", null, "/v1.41/volumes/create");
      req.addHeader("Host", "localhost");
      req.addHeader("Content-Length", "2");
      req.setEntity(new ByteArrayEntity(new byte[] {'{', '}'}, null));
      c.sendRequestHeader(req);
      c.sendRequestEntity(req);
      c.flush();
      ClassicHttpResponse r = c.receiveResponseHeader();
      r.containsHeader("Transfer-Encoding");
      c.receiveResponseEntity(r);
      try (InputStream in = r.getEntity().getContent()) {
        seen.append(r.getCode()).append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    c.close(CloseMode.IMMEDIATE);
    return seen.toString();
  }

  /** Reads a canned answer, writes to nowhere. */
  private static final class CannedSocket extends Socket {
    private final InputStream in;

    CannedSocket(InputStream in) throws IOException {
      super((SocketImpl) null);
      this.in = in;
    }

    @Override
    public InputStream getInputStream() {
      return in;
    }

    @Override
    public OutputStream getOutputStream() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public boolean isConnected() {
      return true;
    }

    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public void setSoTimeout(int timeout) {
      // canned
    }

    @Override
    public int getSoTimeout() {
      return 0;
    }

    @Override
    public void setSoLinger(boolean on, int linger) {
      // canned
    }

    @Override
    public void close() {
      // canned
    }
  }
}
