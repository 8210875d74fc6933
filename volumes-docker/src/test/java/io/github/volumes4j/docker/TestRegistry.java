package io.github.volumes4j.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * A registry of the distribution API v2 for tests, on {@code 127.0.0.1} (which the daemon reaches
 * over plain HTTP: {@code 127.0.0.0/8} is an insecure registry by default). It serves images made in
 * the test from a layer tar (schema 2 manifests), optionally behind HTTP Basic authentication, and
 * counts the manifest requests so a test can tell whether a pull happened. A TLS handshake (the daemon
 * tries HTTPS first, even for an insecure registry) is answered by closing the connection at once, so
 * the daemon falls back to HTTP without waiting for a timeout.
 *
 * <pre>{@code
 * try (TestRegistry r = TestRegistry.start(Optional.of("ann:s3cret"))) {
 *   r.put("v4j/busybox", "1", layerTar, Map.of());
 *   engine.pullImage(r.host() + "/v4j/busybox:1", p -> {});
 * }
 * }</pre>
 */
final class TestRegistry implements AutoCloseable {

  static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
  private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
  private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");

  private final ServerSocket server;
  private final ExecutorService pool;
  private final Optional<String> credentials;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  /** repository:tag (and repository@digest) to manifest. */
  private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  private final AtomicInteger manifestRequests = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private TestRegistry(ServerSocket server, Optional<String> credentials) {
    this.server = server;
    this.credentials = credentials;
    this.pool = Executors.newCachedThreadPool(t -> {
      Thread th = new Thread(t, "test-registry");
      th.setDaemon(true);
      return th;
    });
  }

  /** An HTTP request as read: method, path, headers (lower-case names). */
  private record Request(String method, String path, Map<String, String> headers) {}

  /** Starts a registry on a free port of 127.0.0.1; {@code credentials} ({@code user:password}) turn Basic auth on. */
  static TestRegistry start(Optional<String> credentials) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    TestRegistry r = new TestRegistry(s, credentials);
    r.pool.execute(r::accept);
    return r;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket c = server.accept();
        pool.execute(() -> serve(c));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket c) {
    try (c) {
      c.setSoTimeout(30_000);
      BufferedInputStream in = new BufferedInputStream(c.getInputStream());
      in.mark(1);
      if (in.read() == 0x16) {
        return;   // a TLS ClientHello: not here, and say so at once
      }
      in.reset();
      Request req = read(in);
      if (req != null) {
        handle(req, c.getOutputStream());
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static Request read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        break;
      }
      if (n > 65536) {
        return null;
      }
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] first = lines[0].split(" ");
    if (first.length < 2) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    String path = first[1];
    int q = path.indexOf('?');
    return new Request(first[0], q < 0 ? path : path.substring(0, q), headers);
  }

  /** {@code 127.0.0.1:<port>}, the registry part of an image reference. */
  String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  int manifestRequests() {
    return manifestRequests.get();
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  /**
   * Serves an image of one layer: {@code layerTar} (uncompressed) gzipped, with a config for this
   * daemon's {@code architecture} and the labels.
   *
   * @return the manifest's digest
   */
  String put(String repository, String tag, byte[] layerTar, String architecture, Map<String, String> labels) throws IOException {
    byte[] layer = gzip(layerTar);
    String layerDigest = store(layer);
    StringBuilder lab = new StringBuilder();
    labels.forEach((k, v) -> lab.append(lab.length() == 0 ? "" : ",").append(quote(k)).append(':').append(quote(v)));
    byte[] config = ("{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"],\"Labels\":{"
        + lab + "}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + digest(layerTar) + "\"]},\"history\":[{\"created_by\":"
        + "\"volumes4j TestRegistry\"}]}").getBytes(StandardCharsets.UTF_8);
    String configDigest = store(config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_V2 + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + configDigest
        + "\"},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layer.length
        + ",\"digest\":\"" + layerDigest + "\"}]}").getBytes(StandardCharsets.UTF_8);
    String manifestDigest = digest(manifest);
    manifests.put(repository + ":" + tag, manifest);
    manifests.put(repository + "@" + manifestDigest, manifest);
    return manifestDigest;
  }

  private String store(byte[] blob) {
    String d = digest(blob);
    blobs.put(d, blob);
    return d;
  }

  private void handle(Request x, OutputStream out) throws IOException {
    String path = x.path();
    requests.add(x.method() + " " + path);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Docker-Distribution-API-Version", "registry/2.0");
    if (credentials.isPresent() && !authorized(x)) {
      headers.put("WWW-Authenticate", "Basic realm=\"volumes4j-test\"");
      send(x, out, 401, "application/json", headers, error("UNAUTHORIZED", "authentication required"));
      return;
    }
    if (path.equals("/v2/") || path.equals("/v2")) {
      send(x, out, 200, "application/json", headers, "{}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    Matcher m = MANIFEST.matcher(path);
    if (m.matches()) {
      manifestRequests.incrementAndGet();
      String ref = m.group(2);
      byte[] manifest = manifests.get(m.group(1) + (ref.startsWith("sha256:") ? "@" : ":") + ref);
      if (manifest == null) {
        boolean repoKnown = manifests.keySet().stream().anyMatch(k -> k.startsWith(m.group(1) + ":"));
        send(x, out, 404, "application/json", headers, repoKnown ? error("MANIFEST_UNKNOWN", "manifest unknown")
            : error("NAME_UNKNOWN", "repository name not known to registry"));
        return;
      }
      headers.put("Docker-Content-Digest", digest(manifest));
      send(x, out, 200, MANIFEST_V2, headers, manifest);
      return;
    }
    Matcher b = BLOB.matcher(path);
    if (b.matches() && blobs.containsKey(b.group(2))) {
      headers.put("Docker-Content-Digest", b.group(2));
      send(x, out, 200, "application/octet-stream", headers, blobs.get(b.group(2)));
      return;
    }
    send(x, out, 404, "application/json", headers, error("BLOB_UNKNOWN", "blob unknown to registry"));
  }

  private boolean authorized(Request x) {
    String h = x.headers().get("authorization");
    return h != null && h.equals("Basic " + Base64.getEncoder().encodeToString(credentials.get().getBytes(StandardCharsets.UTF_8)));
  }

  private static void send(Request x, OutputStream out, int status, String type, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : " Error").append("\r\n");
    headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
    h.append("Content-Type: ").append(type).append("\r\nContent-Length: ").append(body.length)
        .append("\r\nConnection: close\r\n\r\n");
    out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!x.method().equals("HEAD")) {
      out.write(body);
    }
    out.flush();
  }

  private static byte[] error(String code, String message) {
    return ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"detail\":null}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String digest(byte[] b) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    }
    return out.toByteArray();
  }

  /** The first layer of an image the daemon has, read from {@code GET /images/{name}/get} (docker save). */
  static byte[] layerOf(InputStream dockerSave) throws IOException {
    var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(dockerSave);
    org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
    while ((e = in.getNextEntry()) != null) {
      if (e.getName().endsWith("/layer.tar") || (e.getName().startsWith("blobs/sha256/") && e.getSize() > 1024)) {
        return in.readAllBytes();
      }
    }
    throw new IOException("no layer in the saved image");
  }

  /** The layer with one more file: a layer no daemon has yet, so a pull really downloads it. */
  static byte[] withFile(byte[] layerTar, String name, String content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new java.io.ByteArrayInputStream(layerTar));
        var t = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
      t.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
      org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        t.putArchiveEntry(e);
        if (e.isFile()) {
          in.transferTo(t);
        }
        t.closeArchiveEntry();
      }
      byte[] b = content.getBytes(StandardCharsets.UTF_8);
      var extra = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
      extra.setSize(b.length);
      extra.setMode(0644);
      t.putArchiveEntry(extra);
      t.write(b);
      t.closeArchiveEntry();
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    pool.shutdownNow();
  }
}
