package io.github.volumes4j.docker.internal;

import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
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
 * <p>Thread-safe. The transport's response {@code close()} aborts the request unless the body was read
 * to its end, so every small response is drained before it is closed to keep the connection alive.
 */
public final class Transport implements AutoCloseable {

  private final DockerHttpClient client;
  private final String hostDescription;
  private final Duration responseTimeout;
  private volatile String prefix = "";
  private volatile boolean closed;

  public Transport(URI host, SSLContext ssl, Duration connectTimeout, Duration responseTimeout, int maxConnections) {
    this.hostDescription = host.toString();
    this.responseTimeout = responseTimeout;
    ApacheDockerHttpClient.Builder b = new ApacheDockerHttpClient.Builder()
        .dockerHost(host)
        .maxConnections(maxConnections)
        .connectionTimeout(connectTimeout);
    if (!responseTimeout.isZero()) {
      b.responseTimeout(responseTimeout);
    }
    if (ssl != null) {
      SSLConfig config = () -> ssl;
      b.sslConfig(config);
    } else if ("unix".equals(host.getScheme()) || "npipe".equals(host.getScheme())) {
      // Without an SSLConfig the transport builds the JDK's default TLS context (the cacerts trust store)
      // even for a unix socket: about 0.4-0.7 s of start-up for nothing. This context is never used.
      SSLConfig none = NoTls::context;
      b.sslConfig(none);
    }
    this.client = b.build();
  }

  /** Test seam: any {@link DockerHttpClient}. */
  public Transport(DockerHttpClient client, String hostDescription) {
    this.client = client;
    this.hostDescription = hostDescription;
    this.responseTimeout = Duration.ZERO;
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
      byte[] bytes = readAll(response.getBody(), method, path);
      // only HEAD answers carry what we need in headers; reading them all costs a map per call
      return new Reply(response.getStatusCode(), method.equals("HEAD") ? headersOf(response) : Map.of(), bytes);
    }
  }

  public Reply call(String method, String path) {
    return call(method, path, null, Map.of());
  }

  /** Unversioned call (for {@code /_ping} and {@code /version} before negotiation). */
  public Reply callRaw(String method, String rawPath) {
    DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(method).path(rawPath)
        .putHeader("Accept-Encoding", "identity").build();
    try (DockerHttpClient.Response response = execute(request)) {
      byte[] bytes = readAll(response.getBody(), method, rawPath);
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

  private byte[] readAll(InputStream in, String method, String path) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(512);
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw translate(e, method, path);
    }
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
          || t.getClass().getName().startsWith("org.apache.hc.core5.http.ConnectionClosedException")
          || t.getClass().getName().endsWith("NoHttpResponseException")
          || t.getClass().getName().endsWith("MalformedChunkCodingException")
          || t.getClass().getName().endsWith("ConnectTimeoutException")
          || t.getClass().getName().endsWith("HttpHostConnectException")) {
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
