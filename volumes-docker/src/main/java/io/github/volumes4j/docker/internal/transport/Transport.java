package io.github.volumes4j.docker.internal.transport;

import com.github.dockerjava.transport.DockerHttpClient;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.EngineUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Our thin HTTP layer over docker-java's {@link DockerHttpClient}: one pooled client, versioned paths,
 * responses read whole (small JSON) or streamed, transport failures mapped to our exceptions.
 *
 * <p>The client is our {@link LeanHttpClient} (httpcore5's blocking connection, our own pool) on unix
 * sockets and plain TCP, and docker-java's {@code ApacheDockerHttpClient} (httpclient5) on TLS and
 * named pipes ({@link ApacheClients}).
 *
 * <p>Thread-safe. A response's {@code close()} closes its connection unless the body was read to its
 * end, so every small response is drained before it is closed to keep the connection alive.
 */
public final class Transport implements AutoCloseable {

  private final DockerHttpClient client;
  private final URI host;
  private final SSLContext ssl;
  private final Duration connectTimeout;
  private final String hostDescription;
  private final Duration responseTimeout;
  private volatile String prefix = "";
  private volatile boolean closed;

  public Transport(URI host, SSLContext ssl, Duration connectTimeout, Duration responseTimeout, int maxConnections) {
    this.hostDescription = io.github.volumes4j.internal.Secrets.maskUri(host.toString());
    this.host = host;
    this.ssl = ssl;
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
    String scheme = host.getScheme();
    if (ssl == null && "unix".equals(scheme)) {
      this.client = LeanHttpClient.unix(java.nio.file.Path.of(host.getPath()), maxConnections);
    } else if (ssl == null && ("tcp".equals(scheme) || "http".equals(scheme))) {
      int port = host.getPort() > 0 ? host.getPort() : "http".equals(scheme) ? 80 : 2375;
      this.client = LeanHttpClient.tcp(host.getHost(), port, connectTimeout, responseTimeout, maxConnections);
    } else {
      // TLS and Windows named pipes keep docker-java's httpclient5 client (see ApacheClients)
      this.client = ApacheClients.create(host, ssl, connectTimeout, responseTimeout, maxConnections);
    }
  }

  /** Test seam: any {@link DockerHttpClient}. */
  public Transport(DockerHttpClient client, String hostDescription) {
    this.client = client;
    this.host = null;
    this.ssl = null;
    this.connectTimeout = Duration.ZERO;
    this.hostDescription = hostDescription;
    this.responseTimeout = Duration.ZERO;
  }

  /**
   * A connection of its own to the daemon, outside the pool, for a request that takes the connection
   * over ({@code attach} upgraded to a raw stream): on a unix socket, plain TCP, or TLS (a socket of this
   * engine's SSL context, handshake done). The caller sends the request and closes the socket.
   *
   * @throws io.github.volumes4j.UnsupportedFeatureException on a named pipe
   */
  public java.net.Socket openRaw() {
    try {
      if (client instanceof LeanHttpClient lean) {
        return lean.openRaw();
      }
      if (ssl != null && host != null && "tcp".equals(host.getScheme())) {
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ssl.getSocketFactory().createSocket();
        try {
          s.connect(new java.net.InetSocketAddress(host.getHost(), host.getPort() > 0 ? host.getPort() : 2376),
              (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
          s.startHandshake();
          return s;
        } catch (IOException | RuntimeException e) {
          s.close();
          throw e;
        }
      }
    } catch (IOException e) {
      throw translate(e, "CONNECT", "(a connection of its own)");
    }
    throw new io.github.volumes4j.UnsupportedFeatureException("attached streams", "the Docker engine at "
        + hostDescription + " is reached through a transport that cannot hand over a raw connection (a named pipe);"
        + " use the archive endpoints");
  }

  /** The {@code Host} header for {@link #openRaw()} requests. */
  public String hostHeader() {
    if (client instanceof LeanHttpClient lean) {
      return lean.hostHeader();
    }
    return host == null ? "localhost" : host.getRawAuthority() == null ? "localhost" : host.getRawAuthority();
  }

  /** The host the daemon listens on when reached over TCP ({@code tcp://host:port}); empty for a local socket. */
  public java.util.Optional<String> tcpHost() {
    return host != null && ("tcp".equals(host.getScheme()) || "http".equals(host.getScheme())
        || "https".equals(host.getScheme())) ? java.util.Optional.ofNullable(host.getHost()) : java.util.Optional.empty();
  }

  /** Whether the connection to the daemon is encrypted (TLS). */
  public boolean encrypted() {
    return ssl != null;
  }

  /** The {@code /v1.xx} prefix of every path. */
  public String prefix() {
    return prefix;
  }

  /** Prefixes every later path with {@code /v1.xx}. */
  public void useApiVersion(String version) {
    this.prefix = "/v" + version;
  }

  public String hostDescription() {
    return hostDescription;
  }

  /** A response read whole. */
  public record Reply(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** A response whose body is streamed; closing the stream releases the connection. */
  public record Streamed(int status, Map<String, String> headers, InputStream body) {
    public String header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }
  }

  /** Sends a request with an optional JSON (or other) body and reads the whole answer. */
  public Reply call(String method, String path, byte[] body, Map<String, String> headers) {
    DockerHttpClient.Request request = request(method, path, headers, body, null);
    try (DockerHttpClient.Response response = execute(request)) {
      byte[] bytes = readAll(response, method, path);
      // only HEAD answers carry what we need in headers; reading them all costs a map per call
      return new Reply(response.getStatusCode(), method.equals("HEAD") ? headersOf(response) : Map.of(), bytes);
    }
  }

  public Reply call(String method, String path) {
    return call(method, path, null, Map.of());
  }

  /**
   * A call the daemon may answer "busy" (for example 409 "a prune operation is already running": it runs
   * one prune at a time): asked again, with growing pauses, while {@code busy} says so, up to {@code max};
   * only for idempotent requests. Returns the last answer.
   */
  public Reply callWhileBusy(String method, String path, java.util.function.Predicate<Reply> busy, java.time.Duration max) {
    Reply r = call(method, path);
    long deadline = System.nanoTime() + max.toNanos();
    for (long pause = 50; busy.test(r) && System.nanoTime() < deadline; pause = Math.min(pause * 2, 1000)) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      r = call(method, path);
    }
    return r;
  }

  /** Unversioned call (for {@code /_ping} and {@code /version} before negotiation). */
  public Reply callRaw(String method, String rawPath) {
    DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(method).path(rawPath)
        .putHeader("Accept-Encoding", "identity").build();
    try (DockerHttpClient.Response response = execute(request)) {
      byte[] bytes = readAll(response, method, rawPath);
      return new Reply(response.getStatusCode(), headersOf(response), bytes);
    }
  }

  /** Sends a request with a streamed body (may be null) and returns the answer's body as a stream. */
  public Streamed stream(String method, String path, InputStream body, Map<String, String> headers) {
    DockerHttpClient.Request request = request(method, path, headers, null, body);
    DockerHttpClient.Response response = execute(request);
    InputStream in;
    try {
      in = response.getBody();
    } catch (RuntimeException e) {
      response.close();
      throw translate(e, method, path);
    }
    InputStream guarded = new FilterInputStream(in) {
      private boolean closed;

      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (IOException | RuntimeException e) {
          throw asIo(e);
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
          throw asIo(e);
        }
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          response.close();
        }
      }
    };
    return new Streamed(response.getStatusCode(), headersOf(response), guarded);
  }

  private static IOException asIo(Exception e) {
    return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
  }

  private DockerHttpClient.Request request(String method, String path, Map<String, String> headers, byte[] bytes,
      InputStream body) {
    DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder().method(method).path(prefix + path);
    // Without this the transport advertises gzip and the daemon compresses on the fly (ANCHORS: 25 MB/s archives).
    b.putHeader("Accept-Encoding", "identity");
    headers.forEach(b::putHeader);
    if (bytes != null) {
      if (!headers.containsKey("Content-Type")) {
        b.putHeader("Content-Type", "application/json");
      }
      b.bodyBytes(bytes);
    } else if (body != null) {
      b.body(body);
    }
    return b.build();
  }

  private DockerHttpClient.Response execute(DockerHttpClient.Request request) {
    if (closed) {
      throw new IllegalStateException("the DockerEngine for " + hostDescription + " is closed; build a new one");
    }
    try {
      return client.execute(request);
    } catch (RuntimeException e) {
      throw translate(e, request.method(), request.path());
    }
  }

  /**
   * The whole body, read to its end (which gives the connection back to the pool). With a
   * {@code Content-Length} it is read into an array of that size; otherwise in 16 KiB steps.
   */
  private byte[] readAll(DockerHttpClient.Response response, String method, String path) {
    try (InputStream in = response.getBody()) {
      int length = contentLength(response);
      if (length >= 0) {
        byte[] b = new byte[length];
        int n = in.readNBytes(b, 0, length);
        if (in.read() < 0) {
          return n == length ? b : java.util.Arrays.copyOf(b, n);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 1024);   // more than announced
        out.write(b, 0, n);
        return rest(in, out);
      }
      return rest(in, new ByteArrayOutputStream(0));
    } catch (IOException | RuntimeException e) {
      throw translate(e, method, path);
    }
  }

  /** The rest of a body: a small first read (most answers without a length are empty: 204), then 16 KiB steps. */
  private static byte[] rest(InputStream in, ByteArrayOutputStream out) throws IOException {
    byte[] first = new byte[512];
    int n = in.read(first, 0, first.length);
    if (n < 0) {
      return out.size() == 0 ? NO_BYTES : out.toByteArray();
    }
    out.write(first, 0, n);
    byte[] buffer = new byte[16 * 1024];
    while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static final byte[] NO_BYTES = new byte[0];

  private static int contentLength(DockerHttpClient.Response response) {
    String value = response.getHeader("Content-Length");
    if (value != null) {
      try {
        long n = Long.parseLong(value.trim());
        if (n >= 0 && n <= 64L << 20) {
          return (int) n;
        }
      } catch (NumberFormatException e) {
        // read it as it comes
      }
    }
    return -1;
  }

  private static Map<String, String> headersOf(DockerHttpClient.Response response) {
    Map<String, List<String>> all = response.getHeaders();
    Map<String, String> out = new LinkedHashMap<>();
    all.forEach((k, v) -> {
      if (!v.isEmpty()) {
        out.put(k, v.get(0));
      }
    });
    return out;
  }

  /** Maps a transport failure: refused, reset or closed connections mean the engine is unavailable. */
  public RuntimeException translate(Exception e, String method, String path) {
    Throwable root = e;
    Throwable unavailable = null;
    Throwable timeout = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      root = t;
      if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException && !(t instanceof java.nio.channels.ClosedByInterruptException)) {
        timeout = timeout == null ? t : timeout;
      }
      if (t instanceof ConnectException || t instanceof NoSuchFileException || t instanceof SocketException
          || t instanceof SSLException || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof java.io.EOFException
          || isA(t, "ConnectionClosedException") || isA(t, "NoHttpResponseException")
          || isA(t, "MalformedChunkCodingException") || isA(t, "ConnectTimeoutException")
          || isA(t, "HttpHostConnectException")) {
        unavailable = unavailable == null ? t : unavailable;
      }
    }
    if (timeout != null && unavailable == null) {
      return new EngineException(0, method + " " + path + " on the Docker engine at " + hostDescription
          + " timed out" + (responseTimeout.isZero() ? "" : " after " + responseTimeout)
          + "; raise the timeout on DockerEngine.builder() or check the daemon", e);
    }
    if (unavailable != null) {
      String what = describe(unavailable);
      return new EngineUnavailableException("the Docker engine at " + hostDescription + " is unavailable (" + what
          + ") during " + method + " " + path + "; check that the daemon runs and DOCKER_HOST points to it",
          List.of(hostDescription + " (" + what + ")"), e);
    }
    return new EngineException(0, method + " " + path + " on the Docker engine at " + hostDescription + " failed: "
        + root, e);
  }

  /**
   * Whether {@code t} is an httpcore5 / httpclient5 exception of that simple name or a subclass of one
   * ({@code TruncatedChunkException} is a {@code MalformedChunkCodingException}); by name, so that this
   * class needs neither library loaded.
   */
  private static boolean isA(Throwable t, String simpleName) {
    for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getName().startsWith("org.apache.hc.") && c.getSimpleName().equals(simpleName)) {
        return true;
      }
    }
    return false;
  }

  /** What happened, in the words of STYLE.md's attempt list: {@code missing}, {@code connection refused}, ... */
  static String describe(Throwable t) {
    if (t instanceof NoSuchFileException) {
      return "missing";
    }
    String m = t.getMessage() == null ? "" : t.getMessage();
    String lower = m.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("no such file or directory")) {
      return "missing";
    }
    if (lower.contains("connection refused")) {
      return "connection refused";
    }
    if (lower.contains("permission denied")) {
      return "permission denied";
    }
    if (lower.contains("connection reset")) {
      return "connection reset";
    }
    if (t instanceof ConnectException) {
      return m.isBlank() ? "connection refused" : lower;
    }
    return t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
  }

  @Override
  public void close() {
    closed = true;
    try {
      client.close();
    } catch (IOException e) {
      // nothing to do: the pool is gone either way
    }
  }
}
