package io.github.volumes4j.docker.internal.transport;

import io.github.volumes4j.docker.internal.wire.VolumeJson;
import static io.github.volumes4j.docker.internal.transport.TinyHttpServer.After.CLOSE;
import static io.github.volumes4j.docker.internal.transport.TinyHttpServer.After.KEEP;
import static io.github.volumes4j.docker.internal.transport.TinyHttpServer.ascii;
import static io.github.volumes4j.docker.internal.transport.TinyHttpServer.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.EngineUnavailableException;
import io.github.volumes4j.Volume;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link LeanHttpClient} against {@link TinyHttpServer}: no daemon needed. */
class LeanHttpClientTest {

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private TinyHttpServer server(TinyHttpServer.Handler h) throws IOException {
    TinyHttpServer s = TinyHttpServer.unix(h);
    toClose.add(s);
    return s;
  }

  private LeanHttpClient client(TinyHttpServer s, int max, Duration validateAfterIdle) {
    LeanHttpClient c = LeanHttpClient.unix(s.socket(), max, validateAfterIdle);
    toClose.add(c);
    return c;
  }

  private LeanHttpClient client(TinyHttpServer s) {
    return client(s, 4, LeanHttpClient.VALIDATE_AFTER_IDLE);
  }

  private static Request get(String path) {
    return Request.builder().method("GET").path(path).build();
  }

  private static String text(Response r) throws IOException {
    try (r; InputStream in = r.getBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Answers every request with its method and path, kept alive. */
  private static final TinyHttpServer.Handler ECHO = (req, out) -> {
    out.write(response(200, "OK", req.method() + " " + req.path(), "Content-Type: text/plain"));
    return KEEP;
  };

  @Test
  void keepsOneConnectionAliveForSequentialCalls() throws Exception {
    TinyHttpServer s = server(ECHO);
    LeanHttpClient c = client(s);
    for (int i = 0; i < 5; i++) {
      assertThat(text(c.execute(get("/v1.41/volumes/x" + i)))).isEqualTo("GET /v1.41/volumes/x" + i);
    }
    assertThat(s.connections()).isEqualTo(1);
    assertThat(c.idleConnections()).isEqualTo(1);
    assertThat(s.requests.get(0).header("Host")).isEqualTo("localhost");
  }

  @Test
  void sendsHeadersAndAFixedLengthBody() throws Exception {
    TinyHttpServer s = server(ECHO);
    LeanHttpClient c = client(s);
    Request r = Request.builder().method("POST").path("/volumes/create").putHeader("Content-Type", "application/json")
        .putHeader("Accept-Encoding", "identity").bodyBytes("{\"Name\":\"a\"}".getBytes(StandardCharsets.UTF_8)).build();
    assertThat(text(c.execute(r))).isEqualTo("POST /volumes/create");
    TinyHttpServer.Req got = s.requests.get(0);
    assertThat(got.header("Content-Length")).isEqualTo("12");
    assertThat(got.header("Transfer-Encoding")).isNull();
    assertThat(got.header("Accept-Encoding")).isEqualTo("identity");
    assertThat(got.header("Content-Type")).isEqualTo("application/json");
    assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo("{\"Name\":\"a\"}");
  }

  @Test
  void readsChunkedAnswersAndReusesTheConnection() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
      out.write(ascii("5\r\nhello\r\n1;ext=1\r\n,\r\n6\r\n world\r\n0\r\n\r\n"));
      return KEEP;
    });
    LeanHttpClient c = client(s);
    assertThat(text(c.execute(get("/a")))).isEqualTo("hello, world");
    assertThat(text(c.execute(get("/b")))).isEqualTo("hello, world");
    assertThat(s.connections()).isEqualTo(1);
  }

  @Test
  void streamsARequestBodyOfUnknownLengthChunked() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      out.write(response(200, "OK", Integer.toString(req.body().length)));
      return KEEP;
    });
    LeanHttpClient c = client(s);
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(data);
    InputStream body = new java.io.ByteArrayInputStream(data);
    Request r = Request.builder().method("PUT").path("/containers/x/archive?path=/data").body(body).build();
    assertThat(text(c.execute(r))).isEqualTo(Integer.toString(data.length));
    TinyHttpServer.Req got = s.requests.get(0);
    assertThat(got.header("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(got.header("Content-Length")).isNull();
    assertThat(got.body()).isEqualTo(data);
    assertThat(c.idleConnections()).isEqualTo(1);
  }

  @Test
  void streamsALargeAnswerAsTheCallerReads() throws Exception {
    byte[] data = new byte[8 * 1024 * 1024];
    new Random(3).nextBytes(data);
    TinyHttpServer s = server((req, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nContent-Length: " + data.length + "\r\n\r\n"));
      out.write(data);
      return KEEP;
    });
    LeanHttpClient c = client(s);
    try (Response r = c.execute(get("/archive"))) {
      assertThat(r.getHeader("content-type")).isEqualTo("application/x-tar");
      assertThat(r.getHeaders()).containsEntry("Content-Type", List.of("application/x-tar"));
      assertThat(r.getBody().readAllBytes()).isEqualTo(data);
    }
    assertThat(c.idleConnections()).isEqualTo(1);
  }

  @Test
  void headNoContentAndNotModifiedAnswersHaveNoBody() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      switch (req.path()) {
        case "/head" -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nX-Docker-Container-Path-Stat: e30=\r\n\r\n"));
        case "/204" -> out.write(response(204, "No Content", ""));
        case "/304" -> out.write(response(304, "Not Modified", ""));
        default -> out.write(response(200, "OK", "after"));
      }
      return KEEP;
    });
    LeanHttpClient c = client(s);
    try (Response r = c.execute(Request.builder().method("HEAD").path("/head").build())) {
      assertThat(r.getStatusCode()).isEqualTo(200);
      assertThat(r.getHeader("X-Docker-Container-Path-Stat")).isEqualTo("e30=");
      assertThat(r.getBody().read()).isEqualTo(-1);
    }
    try (Response r = c.execute(Request.builder().method("DELETE").path("/204").build())) {
      assertThat(r.getStatusCode()).isEqualTo(204);
      assertThat(r.getBody().read()).isEqualTo(-1);
    }
    try (Response r = c.execute(Request.builder().method("POST").path("/304").build())) {
      assertThat(r.getStatusCode()).isEqualTo(304);
    }
    assertThat(text(c.execute(get("/x")))).isEqualTo("after");
    assertThat(s.connections()).isEqualTo(1);
  }

  @Test
  void aBodyClosedBeforeItsEndClosesItsConnection() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      if (req.path().equals("/big")) {
        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n"));
        out.write(new byte[1_000_000]);
      } else {
        out.write(response(200, "OK", "small"));
      }
      return KEEP;
    });
    LeanHttpClient c = client(s);
    InputStream body;
    try (Response r = c.execute(get("/big"))) {
      body = r.getBody();
      assertThat(body.readNBytes(10)).hasSize(10);
    }
    assertThat(c.openConnections()).isZero();
    assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessageContaining("closed before its end");
    assertThat(text(c.execute(get("/small")))).isEqualTo("small");
    assertThat(s.connections()).isEqualTo(2);
  }

  @Test
  void aConnectionTheServerClosedWhileIdleIsDetectedBeforeReuse() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      out.write(response(200, "OK", "n" + req.connection()));
      return CLOSE;            // closes without saying Connection: close, as a daemon that restarts
    });
    LeanHttpClient c = client(s, 4, Duration.ZERO);
    assertThat(text(c.execute(get("/a")))).isEqualTo("n1");
    Thread.sleep(50);
    Request post = Request.builder().method("POST").path("/containers/x/start").build();
    assertThat(text(c.execute(post))).isEqualTo("n2");
    assertThat(s.requests).hasSize(2);
  }

  @Test
  void aStaleConnectionIsRetriedOnceForAnIdempotentCall() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      if (req.index() == 1) {
        return CLOSE;          // reads the second request on a connection and hangs up without an answer
      }
      out.write(response(200, "OK", req.method() + " on " + req.connection()));
      return KEEP;
    });
    LeanHttpClient c = client(s, 4, Duration.ofHours(1));       // no check before reuse: the retry must do it
    assertThat(text(c.execute(get("/a")))).isEqualTo("GET on 1");
    assertThat(text(c.execute(get("/b")))).isEqualTo("GET on 2");
    assertThat(s.requests).extracting(TinyHttpServer.Req::path).containsExactly("/a", "/b", "/b");
  }

  @Test
  void aNonIdempotentCallIsNotRepeatedWhenItMayHaveArrived() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      if (req.index() == 1) {
        return CLOSE;
      }
      out.write(response(200, "OK", "ok"));
      return KEEP;
    });
    LeanHttpClient c = client(s, 4, Duration.ofHours(1));
    Transport t = new Transport(c, "unix://tiny");
    assertThat(t.call("GET", "/a").text()).isEqualTo("ok");
    assertThatThrownBy(() -> t.call("POST", "/containers/x/start"))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("NoHttpResponseException");
    assertThat(s.requests).extracting(TinyHttpServer.Req::path).containsExactly("/a", "/containers/x/start");
  }

  @Test
  void aStreamedBodyIsNeverSentTwice() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      if (req.index() == 1) {
        return CLOSE;
      }
      out.write(response(200, "OK", "ok"));
      return KEEP;
    });
    LeanHttpClient c = client(s, 4, Duration.ofHours(1));
    assertThat(text(c.execute(get("/a")))).isEqualTo("ok");
    Request put = Request.builder().method("PUT").path("/archive").body(new java.io.ByteArrayInputStream(new byte[100])).build();
    assertThatThrownBy(() -> c.execute(put)).isInstanceOf(UncheckedIOException.class);
    assertThat(s.requests).extracting(TinyHttpServer.Req::path).containsExactly("/a", "/archive");
  }

  @Test
  void anAnswerCutMidBodyIsAnUnavailableEngineAndPoisonsNothing() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      switch (req.path()) {
        case "/length" -> {
          out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
          out.write(new byte[500]);
          return CLOSE;
        }
        case "/chunked" -> {
          out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n"));
          out.write(new byte[300]);
          return CLOSE;
        }
        default -> {
          out.write(response(200, "OK", "fine"));
          return KEEP;
        }
      }
    });
    LeanHttpClient c = client(s);
    Transport t = new Transport(c, "unix://tiny");
    assertThatThrownBy(() -> t.call("GET", "/length")).isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("ConnectionClosedException");
    Transport.Streamed st = t.stream("GET", "/chunked", null, Map.of());
    assertThatThrownBy(() -> st.body().readAllBytes()).isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(t.translate((Exception) e, "GET", "/chunked")).isInstanceOf(EngineUnavailableException.class));
    st.body().close();
    assertThat(c.openConnections()).isZero();
    assertThat(t.call("GET", "/ok").text()).isEqualTo("fine");
  }

  @Test
  void aStreamedUploadGetsTheAnswerTheServerSentBeforeReadingIt() throws Exception {
    TinyHttpServer s = server(ECHO).early((method, path, headers) -> path.startsWith("/containers/missing")
        ? response(404, "Not Found", "{\"message\":\"No such container: missing\"}") : null);
    LeanHttpClient c = client(s);
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return len;
      }
    };
    Request put = Request.builder().method("PUT").path("/containers/missing/archive?path=/").body(endless).build();
    try (Response r = c.execute(put)) {
      assertThat(r.getStatusCode()).isEqualTo(404);
      assertThat(new String(r.getBody().readAllBytes(), StandardCharsets.UTF_8)).contains("No such container");
    }
    assertThat(c.openConnections()).isZero();
    assertThat(text(c.execute(get("/next")))).isEqualTo("GET /next");
  }

  @Test
  void manyThreadsShareAtMostMaxConnections() throws Exception {
    TinyHttpServer s = server(ECHO);
    LeanHttpClient c = client(s, 3, LeanHttpClient.VALIDATE_AFTER_IDLE);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            String path = "/t" + thread + "/" + i;
            if (!text(c.execute(get(path))).equals("GET " + path)) {
              return i;
            }
          }
          return -1;
        }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(-1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(s.connections()).isBetween(1, 3);
    assertThat(s.requests).hasSize(800);
  }

  @Test
  void closeReleasesEveryConnectionAndRefusesLaterCalls() throws Exception {
    TinyHttpServer s = server(ECHO);
    LeanHttpClient c = client(s);
    assertThat(text(c.execute(get("/a")))).isEqualTo("GET /a");
    c.close();
    assertThat(c.openConnections()).isZero();
    assertThatThrownBy(() -> c.execute(get("/b"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void aMissingSocketOrARefusedPortIsAnUnavailableEngine() throws Exception {
    Path dir = Files.createTempDirectory("lean");
    try (LeanHttpClient c = LeanHttpClient.unix(dir.resolve("none.sock"), 2)) {
      Transport t = new Transport(c, "unix://" + dir.resolve("none.sock"));
      assertThatThrownBy(() -> t.call("GET", "/_ping")).isInstanceOf(EngineUnavailableException.class)
          .satisfies(e -> assertThat(((EngineUnavailableException) e).attempts().get(0)).endsWith("(missing)"));
    } finally {
      Files.deleteIfExists(dir);
    }
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (LeanHttpClient c = LeanHttpClient.tcp("127.0.0.1", port, Duration.ofSeconds(2), Duration.ZERO, 2)) {
      Transport t = new Transport(c, "tcp://127.0.0.1:" + port);
      assertThatThrownBy(() -> t.call("GET", "/_ping")).isInstanceOf(EngineUnavailableException.class)
          .satisfies(e -> assertThat(((EngineUnavailableException) e).attempts().get(0)).endsWith("(connection refused)"));
    }
  }

  @Test
  void tcpKeepsAliveAndTimesOutASilentServer() throws Exception {
    TinyHttpServer s = TinyHttpServer.tcp((req, out) -> {
      if (req.path().equals("/slow")) {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return CLOSE;
      }
      out.write(response(200, "OK", "tcp " + req.connection()));
      return KEEP;
    });
    toClose.add(s);
    LeanHttpClient c = LeanHttpClient.tcp("127.0.0.1", s.port(), Duration.ofSeconds(2), Duration.ofMillis(300), 2);
    toClose.add(c);
    assertThat(text(c.execute(get("/a")))).isEqualTo("tcp 1");
    assertThat(text(c.execute(get("/b")))).isEqualTo("tcp 1");
    assertThat(s.requests.get(0).header("Host")).isEqualTo("127.0.0.1:" + s.port());
    Transport t = new Transport(c, "tcp://127.0.0.1:" + s.port());
    assertThatThrownBy(() -> t.call("GET", "/slow")).isInstanceOf(EngineException.class)
        .isNotInstanceOf(EngineUnavailableException.class).hasMessageContaining("timed out");
    assertThat(s.requests).extracting(TinyHttpServer.Req::path).containsExactly("/a", "/b", "/slow");
  }

  @Test
  void theDaemonDroppingEveryConnectionIsSurvived() throws Exception {
    TinyHttpServer s = server(ECHO);
    LeanHttpClient c = client(s, 4, Duration.ZERO);
    assertThat(text(c.execute(get("/a")))).isEqualTo("GET /a");
    s.dropConnections();
    Thread.sleep(50);
    assertThat(text(c.execute(Request.builder().method("POST").path("/b").build()))).isEqualTo("POST /b");
    assertThat(s.connections()).isEqualTo(2);
  }

  @Test
  void transportReadsWholeAnswersWithAndWithoutLength() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      if (req.path().equals("/chunked")) {
        out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 3000; i++) {
          byte[] chunk = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
          b.writeBytes(ascii(Integer.toHexString(chunk.length) + "\r\n"));
          b.writeBytes(chunk);
          b.writeBytes(ascii("\r\n"));
        }
        b.writeBytes(ascii("0\r\n\r\n"));
        out.write(b.toByteArray());
      } else {
        out.write(response(200, "OK", "x".repeat(20000)));
      }
      return KEEP;
    });
    LeanHttpClient c = client(s);
    Transport t = new Transport(c, "unix://tiny");
    assertThat(t.call("GET", "/long").text()).hasSize(20000);
    String all = t.call("GET", "/chunked").text();
    assertThat(all).startsWith("{\"n\":0}{\"n\":1}").endsWith("{\"n\":2999}");
    assertThat(s.connections()).isEqualTo(1);
  }

  @Test
  void theWarmUpRunsTwoWholeExchangesThroughTheConnectionClasses() throws Exception {
    assertThat(Warmup.http()).isEqualTo("200{}201{}");
  }

  @Test
  void aJsonAnswerParsedAsItArrivesLeavesTheConnectionReusable() throws Exception {
    TinyHttpServer s = server((req, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
      for (String part : new String[] {"{\"Volumes\":[{\"Na", "me\":\"a\"},{\"Name\":\"b\"}],", "\"Warnings\":null}\n"}) {
        out.write(ascii(Integer.toHexString(part.length()) + "\r\n" + part + "\r\n"));
      }
      out.write(ascii("0\r\n\r\n"));
      return KEEP;
    });
    LeanHttpClient c = client(s);
    Transport t = new Transport(c, "unix://tiny");
    for (int i = 0; i < 2; i++) {
      Transport.Streamed st = t.stream("GET", "/volumes", null, Map.of());
      try (InputStream in = st.body()) {
        List<Volume> volumes = VolumeJson.readList(in, "GET /volumes");
        assertThat(volumes).hasSize(2);
        assertThat(volumes).extracting(Volume::name).containsExactly("a", "b");
        assertThat(in.read()).as("read to the end, past \"Warnings\": null").isEqualTo(-1);
      }
      assertThat(c.idleConnections()).isEqualTo(1);
    }
    assertThat(s.connections()).isEqualTo(1);
  }
}
