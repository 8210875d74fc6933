package io.github.volumes4j.testcontainers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in daemon on loopback that answers the version handshake and keeps the body of every
 * {@code POST /containers/create}: what a client really sent, byte for byte.
 */
final class RecordingDaemon implements AutoCloseable {

  private final HttpServer server;
  private final LinkedBlockingQueue<String> creates = new LinkedBlockingQueue<>();
  volatile String apiVersion = "1.41";

  RecordingDaemon() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("tcp://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next create body, waiting a little for it. */
  String nextCreate() throws InterruptedException {
    String body = creates.poll(10, TimeUnit.SECONDS);
    if (body == null) {
      throw new AssertionError("no POST /containers/create arrived");
    }
    return body;
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath().replaceFirst("^/v1\\.\\d+", "");
    byte[] body = x.getRequestBody().readAllBytes();
    String method = x.getRequestMethod();
    if (path.equals("/_ping")) {
      x.getResponseHeaders().add("Api-Version", apiVersion);
      send(x, 200, "text/plain", "OK");
    } else if (path.equals("/version")) {
      send(x, 200, "application/json", "{\"Version\":\"99.0.0\",\"ApiVersion\":\"" + apiVersion
          + "\",\"MinAPIVersion\":\"1.24\",\"Os\":\"linux\",\"Arch\":\"amd64\"}");
    } else if (path.equals("/info")) {
      send(x, 200, "application/json", "{\"OSType\":\"linux\",\"Driver\":\"overlay2\",\"Name\":\"recorder\",\"ServerVersion\":\"99.0.0\"}");
    } else if (method.equals("POST") && path.equals("/containers/create")) {
      creates.add(new String(body, StandardCharsets.UTF_8));
      send(x, 201, "application/json", "{\"Id\":\"" + "ab".repeat(32) + "\",\"Warnings\":[]}");
    } else {
      send(x, 404, "application/json", "{\"message\":\"the recorder does not answer " + method + " " + path + "\"}");
    }
  }

  private static void send(HttpExchange x, int status, String type, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
