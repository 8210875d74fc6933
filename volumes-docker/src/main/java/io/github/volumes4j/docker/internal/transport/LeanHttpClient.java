package io.github.volumes4j.docker.internal.transport;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;

/**
 * docker-java's {@link DockerHttpClient} on httpcore5's blocking HTTP/1.1 connection
 * ({@link DefaultBHttpClientConnection}) with a small pool of kept-alive connections of its own, over a unix
 * socket or plain TCP. It does what the Engine API needs and nothing else: no redirects, cookies,
 * authentication, content decoding or proxy routes, which httpclient5's classic exec chain costs on
 * every call (about two thirds of the client's time per request, measured with JFR).
 *
 * <p>Rules:
 * <ul>
 *   <li>Bodies stream in both directions: a byte-array request body is sent with {@code Content-Length},
 *       a stream of unknown length chunked; an answer's body is read from the socket as the caller reads.
 *   <li>A connection returns to the pool only when an answer's body was read to its end (or it had none:
 *       HEAD, 1xx, 204, 304). A body closed early closes its connection, so that nothing of it is left to
 *       poison the next exchange.
 *   <li>A pooled connection idle for longer than {@code validateAfterIdle} is checked before reuse; one that
 *       the daemon closed is dropped. If a reused connection still fails before any answer arrives, the
 *       request is sent once more on a new connection, but only when that cannot repeat an action: its
 *       head could not be written, or it is idempotent (GET, HEAD, PUT, DELETE, OPTIONS); and never when its
 *       body is a stream (already partly consumed).
 *   <li>Failures surface as the exceptions httpcore5 and the JDK throw ({@code NoHttpResponseException},
 *       {@code ConnectionClosedException}, {@code MalformedChunkCodingException}, {@code SocketException}...),
 *       wrapped in {@link UncheckedIOException} or {@link IllegalStateException}, for
 *       {@link Transport#translate} to map.
 *   <li>Timeouts: connect on TCP; the response (socket read) timeout on TCP only. A unix socket has no
 *       read timeout (see {@link UnixChannelSocket}).
 * </ul>
 * Thread-safe: at most {@code maxConnections} exchanges at a time; more callers wait for a connection.
 */
final class LeanHttpClient implements DockerHttpClient {

  /** How to open a new connection, and the {@code Host} header to send on it. */
  interface Endpoint {
    Socket open() throws IOException;

    String hostHeader();

    String describe();
  }

  /** How long a caller waits for a free connection when all are busy, as httpclient5's default. */
  static final Duration LEASE_TIMEOUT = Duration.ofMinutes(3);
  static final Duration VALIDATE_AFTER_IDLE = Duration.ofMillis(500);

  private static final Http1Config HTTP1 = Http1Config.custom().setBufferSize(32 * 1024).setChunkSizeHint(32 * 1024)
      .build();

  private final Endpoint endpoint;
  private final int maxConnections;
  private final Semaphore permits;
  private final long validateAfterIdleNanos;
  private final Deque<Conn> idle = new ConcurrentLinkedDeque<>();
  private final Set<Conn> live = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  LeanHttpClient(Endpoint endpoint, int maxConnections, Duration validateAfterIdle) {
    this.endpoint = endpoint;
    this.maxConnections = maxConnections;
    this.permits = new Semaphore(maxConnections);
    this.validateAfterIdleNanos = validateAfterIdle.toNanos();
  }

  /** A client on a unix socket file. */
  static LeanHttpClient unix(Path socket, int maxConnections) {
    return unix(socket, maxConnections, VALIDATE_AFTER_IDLE);
  }

  static LeanHttpClient unix(Path socket, int maxConnections, Duration validateAfterIdle) {
    return new LeanHttpClient(new Endpoint() {
      @Override
      public Socket open() throws IOException {
        return UnixChannelSocket.connect(socket);
      }

      @Override
      public String hostHeader() {
        return "localhost";
      }

      @Override
      public String describe() {
        return "unix://" + socket;
      }
    }, maxConnections, validateAfterIdle);
  }

  /** A client on plain TCP; {@code responseTimeout} zero means none. */
  static LeanHttpClient tcp(String host, int port, Duration connectTimeout, Duration responseTimeout, int maxConnections) {
    int connectMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    int readMs = (int) Math.min(Integer.MAX_VALUE, responseTimeout.toMillis());
    String authority = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    return new LeanHttpClient(new Endpoint() {
      @Override
      public Socket open() throws IOException {
        Socket s = new Socket();
        try {
          s.setTcpNoDelay(true);
          s.connect(new InetSocketAddress(host, port), connectMs);
          s.setSoTimeout(readMs);
          return s;
        } catch (SocketTimeoutException e) {
          s.close();
          ConnectException c = new ConnectException("connect to " + authority + " timed out after " + connectTimeout);
          c.initCause(e);
          throw c;
        } catch (IOException | RuntimeException e) {
          s.close();
          throw e;
        }
      }

      @Override
      public String hostHeader() {
        return authority;
      }

      @Override
      public String describe() {
        return "tcp://" + authority;
      }
    }, maxConnections, VALIDATE_AFTER_IDLE);
  }

  /** One kept-alive connection. */
  private static final class Conn {
    final Socket socket;
    final DefaultBHttpClientConnection http;
    long idleSince;
    boolean reused;

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      this.http = new DefaultBHttpClientConnection(HTTP1);
      http.bind(socket);
    }

    boolean stale() {
      if (socket instanceof UnixChannelSocket u) {
        return u.peerClosed();
      }
      try {
        return http.isStale();
      } catch (IOException e) {
        return true;
      }
    }
  }

  @Override
  public Response execute(Request request) {
    if (request.hijackedInput() != null) {
      throw new UnsupportedOperationException("hijacked connections are not supported by this client");
    }
    byte[] bytes = request.bodyBytes();
    InputStream stream = bytes == null ? request.body() : null;
    acquire();
    boolean handedOver = false;
    try {
      for (int attempt = 0; ; attempt++) {
        Conn c;
        try {
          c = lease();
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
        Exchange x = new Exchange();
        try {
          Response r = exchange(c, request, bytes, stream, x);
          handedOver = true;
          return r;
        } catch (IOException e) {
          discard(c);
          if (attempt == 0 && c.reused && stream == null && !closed
              && (!x.headSent || !x.answerStarted && idempotent(request.method()) && isNoAnswer(e))) {
            continue;
          }
          throw new UncheckedIOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } catch (HttpException e) {
          discard(c);
          throw new IllegalStateException("the Docker engine at " + endpoint.describe() + " broke the HTTP protocol: "
              + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
          discard(c);
          throw e;
        }
      }
    } finally {
      if (!handedOver) {
        permits.release();
      }
    }
  }

  /** Where an exchange got to before it failed. */
  private static final class Exchange {
    boolean headSent;
    boolean answerStarted;
  }

  private static boolean isNoAnswer(IOException e) {
    return e instanceof NoHttpResponseException || e instanceof java.net.SocketException
        || e instanceof java.nio.channels.ClosedChannelException;
  }

  static boolean idempotent(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> true;
      default -> false;
    };
  }

  private void acquire() {
    if (closed) {
      throw new IllegalStateException("the HTTP client for " + endpoint.describe() + " is closed");
    }
    try {
      if (!permits.tryAcquire(LEASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("all " + maxConnections + " connections to " + endpoint.describe()
            + " stayed busy for " + LEASE_TIMEOUT + "; close the streams you read (readArchive, logs) or raise"
            + " maxConnections on DockerEngine.builder()");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting for a connection to "
          + endpoint.describe()));
    }
  }

  /** A pooled connection that still looks alive, or a new one. The caller holds a permit. */
  private Conn lease() throws IOException {
    long now = System.nanoTime();
    for (Conn c; (c = idle.pollFirst()) != null; ) {
      if (now - c.idleSince < validateAfterIdleNanos || !c.stale()) {
        return c;
      }
      close(c);
    }
    Socket s = endpoint.open();
    Conn c;
    try {
      c = new Conn(s);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    live.add(c);
    if (closed) {
      close(c);
      throw new IllegalStateException("the HTTP client for " + endpoint.describe() + " is closed");
    }
    return c;
  }

  private Response exchange(Conn c, Request request, byte[] bytes, InputStream stream, Exchange x)
      throws IOException, HttpException {
    String method = request.method();
    ClassicHttpRequest req = new BasicClassicHttpRequest(method, null, request.path());
    req.addHeader("Host", endpoint.hostHeader());
    req.addHeader("User-Agent", "volumes4j");
    request.headers().forEach(req::addHeader);
    if (bytes != null) {
      req.setHeader("Content-Length", Integer.toString(bytes.length));
      req.setEntity(new ByteArrayEntity(bytes, null));
    } else if (stream != null) {
      req.setHeader("Transfer-Encoding", "chunked");
      req.setEntity(new InputStreamEntity(stream, -1, null));
    }
    DefaultBHttpClientConnection http = c.http;
    boolean bodySent = true;
    ClassicHttpResponse early = null;
    if (stream == null) {
      http.sendRequestHeader(req);
      http.sendRequestEntity(req);
      http.flush();
      x.headSent = true;
    } else {
      http.sendRequestHeader(req);
      x.headSent = true;        // the body stream is being consumed from here on: never retried
      try {
        http.sendRequestEntity(req);
        http.flush();
      } catch (IOException e) {
        // The daemon may have answered early (a 404 or 500 before reading the whole body) and closed.
        bodySent = false;
        try {
          early = http.receiveResponseHeader();
        } catch (IOException | HttpException again) {
          e.addSuppressed(again);
          throw e;
        }
      }
    }
    ClassicHttpResponse response = early != null ? early : http.receiveResponseHeader();
    x.answerStarted = true;
    while (response.getCode() < 200 && response.getCode() != 101) {
      response = http.receiveResponseHeader();           // 100 Continue and other interim answers
    }
    int status = response.getCode();
    boolean hasBody = !method.equalsIgnoreCase("HEAD") && status >= 200 && status != 204 && status != 304;
    boolean reusable = bodySent && keepAlive(req, response);
    if (!hasBody) {
      release(c, reusable);
      return new LeanResponse(response, InputStream.nullInputStream());
    }
    boolean framed = response.containsHeader("Transfer-Encoding") || response.containsHeader("Content-Length");
    http.receiveResponseEntity(response);
    HttpEntity entity = response.getEntity();
    InputStream content = entity == null ? null : entity.getContent();
    if (content == null) {
      release(c, reusable);
      return new LeanResponse(response, InputStream.nullInputStream());
    }
    return new LeanResponse(response, new Body(c, content, reusable && framed));
  }

  private static boolean keepAlive(ClassicHttpRequest request, ClassicHttpResponse response) {
    if (response.getVersion() != null && !response.getVersion().greaterEquals(HttpVersion.HTTP_1_1)) {
      return false;
    }
    return !says(request, "close") && !says(response, "close");
  }

  private static boolean says(org.apache.hc.core5.http.HttpMessage m, String token) {
    if (!m.containsHeader("Connection")) {
      return false;                   // the usual case: no array, no split
    }
    for (Header h : m.getHeaders("Connection")) {
      for (String t : h.getValue().split(",")) {
        if (t.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Back to the pool, or closed; gives back the caller's permit either way. */
  private void release(Conn c, boolean reusable) {
    try {
      if (reusable && !closed && c.http.isOpen()) {
        c.reused = true;
        c.idleSince = System.nanoTime();
        idle.offerFirst(c);
        if (closed && idle.remove(c)) {
          close(c);
        }
      } else {
        close(c);
      }
    } finally {
      permits.release();
    }
  }

  private void discard(Conn c) {
    close(c);
  }

  private void close(Conn c) {
    live.remove(c);
    c.http.close(CloseMode.IMMEDIATE);
    try {
      c.socket.close();
    } catch (IOException e) {
      // gone either way
    }
  }

  /** Closes every connection, busy ones included (their streams fail); later calls are refused. */
  @Override
  public void close() {
    closed = true;
    for (Conn c; (c = idle.pollFirst()) != null; ) {
      close(c);
    }
    for (Conn c : new ArrayList<>(live)) {
      close(c);
    }
  }

  /**
   * A new connection of its own, outside the pool, for an exchange that takes the connection over
   * (an attach upgraded to a raw stream); the caller closes it.
   */
  Socket openRaw() throws IOException {
    if (closed) {
      throw new IllegalStateException("the HTTP client for " + endpoint.describe() + " is closed");
    }
    return endpoint.open();
  }

  /** The {@code Host} header this client sends. */
  String hostHeader() {
    return endpoint.hostHeader();
  }

  /** Test seam: connections open now (busy and idle). */
  int openConnections() {
    return live.size();
  }

  /** Test seam: connections waiting in the pool. */
  int idleConnections() {
    return idle.size();
  }

  /** An answer; its body holds the connection until read to the end or closed. */
  private static final class LeanResponse implements Response {
    private final ClassicHttpResponse response;
    private final InputStream body;
    private Map<String, List<String>> headers;

    LeanResponse(ClassicHttpResponse response, InputStream body) {
      this.response = response;
      this.body = body;
    }

    @Override
    public int getStatusCode() {
      return response.getCode();
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      if (headers == null) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Header h : response.getHeaders()) {
          m.computeIfAbsent(h.getName(), k -> new ArrayList<>(1)).add(h.getValue());
        }
        m.replaceAll((k, v) -> Collections.unmodifiableList(v));
        headers = Collections.unmodifiableMap(m);
      }
      return headers;
    }

    @Override
    public String getHeader(String name) {
      Header h = response.getFirstHeader(name);
      return h == null ? null : h.getValue();
    }

    @Override
    public InputStream getBody() {
      return body;
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException e) {
        // Body.close does not throw
      }
    }
  }

  /** An answer's body: at its end the connection goes back to the pool; closed before, it is closed. */
  private final class Body extends InputStream {
    private final Conn conn;
    private final InputStream in;
    private final boolean reusable;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean closedEarly;

    Body(Conn conn, InputStream in, boolean reusable) {
      this.conn = conn;
      this.in = in;
      this.reusable = reusable;
    }

    @Override
    public int read() throws IOException {
      if (done.get()) {
        return end();
      }
      try {
        int b = in.read();
        if (b < 0) {
          finish(reusable);
        }
        return b;
      } catch (IOException | RuntimeException e) {
        finish(false);
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done.get()) {
        return end();
      }
      if (len == 0) {
        return 0;
      }
      try {
        int n = in.read(b, off, len);
        if (n < 0) {
          finish(reusable);
        }
        return n;
      } catch (IOException | RuntimeException e) {
        finish(false);
        throw e;
      }
    }

    @Override
    public int available() throws IOException {
      return done.get() ? 0 : in.available();
    }

    /** After the end: -1 again; after an early close: an error, so that a cut body never looks whole. */
    private int end() throws IOException {
      if (closedEarly) {
        throw new IOException("the answer's body was closed before its end");
      }
      return -1;
    }

    private void finish(boolean reuse) {
      if (done.compareAndSet(false, true)) {
        release(conn, reuse);
      }
    }

    /** Before the end: the rest of the body is not drained (it may be a GB), the connection is closed. */
    @Override
    public void close() {
      if (!done.get()) {
        closedEarly = true;
        finish(false);
      }
    }
  }
}
