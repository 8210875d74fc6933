package io.github.volumes4j.docker;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.docker.internal.transport.Transport;
import io.github.volumes4j.docker.internal.transport.Transport.Reply;
import io.github.volumes4j.docker.internal.wire.ContainerWire;
import io.github.volumes4j.docker.internal.wire.ContainerWire.HelperWire;
import io.github.volumes4j.docker.internal.wire.Errors;
import io.github.volumes4j.docker.internal.wire.Errors.Subject;
import io.github.volumes4j.docker.internal.wire.Filters;
import io.github.volumes4j.docker.internal.wire.Json;
import io.github.volumes4j.docker.internal.wire.MountMapper;
import io.github.volumes4j.internal.Secrets;
import io.github.volumes4j.spi.HelperIo;
import io.github.volumes4j.spi.HelperProcess;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import io.github.volumes4j.ContainerState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container creation, and started helpers with their streams: attached over a connection of their
 * own that the daemon upgrades to a raw stream (multiplexed output, {@code docker attach}'s protocol),
 * or through a port the helper listens on, published on the loopback of the daemon's host (only for a daemon on
 * this machine: {@link #localPorts()}).
 *
 * <p>Measured on Docker 20.10 with a 1.09 GB tree: an attached {@code tar} output arrives at about
 * 130 MB/s (the daemon copies every byte through its stream broadcaster), the archive endpoint at about
 * 170 MB/s, a published port at about 330 MB/s. An attached helper is created with the {@code none}
 * log driver: with the default one, every byte of its output is also written to the container's log
 * (20 MB/s).
 */
final class HelperCalls {

  private static final Logger LOG = LoggerFactory.getLogger(HelperCalls.class);
  /** How long a port exchange may take to answer its greeting (the helper starting up included). */
  static final long READY_TIMEOUT_MS = 10_000;

  private final Transport http;
  private final Secrets.Registry secrets;
  private final ApiVersion api;
  /** Found on first use, not when the engine is built: it may resolve the daemon's host name. */
  private volatile Boolean localPorts;

  HelperCalls(Transport http, Secrets.Registry secrets, ApiVersion api) {
    this.http = http;
    this.secrets = secrets;
    this.api = api;
  }

  /**
   * Whether a helper's published port is reached on this machine's loopback: the daemon is reached through a local
   * socket (a VM's too, as Docker Desktop's) or over TCP on loopback. A daemon reached over the network has no such
   * port: one would carry the volume's data outside the API connection (unencrypted where it has TLS) and be open
   * on the remote host's addresses.
   */
  boolean localPorts() {
    Boolean local = localPorts;
    if (local == null) {
      local = http.tcpHost().filter(h -> !isLoopback(h)).isEmpty();
      localPorts = local;
    }
    return local;
  }

  /** {@code POST /containers/create}, with what a helper needs ({@code helper} null for a plain container). */
  String create(ContainerSpec spec, HelperWire helper) {
    requireNonNull(spec, "spec == null");
    MountMapper.HostMounts mounts = MountMapper.map(spec.mounts(), api);   // refuses before sending
    for (io.github.volumes4j.MountSpec m : spec.mounts()) {
      if (m instanceof io.github.volumes4j.VolumeMount vm) {
        secrets.remember(vm.driverOptions());
      }
    }
    secrets.remember(spec.env());
    String path = "/containers/create" + spec.name().map(n -> "?name=" + Filters.encode(n)).orElse("");
    Reply r = http.call("POST", path, ContainerWire.createBody(spec, mounts, helper), Map.of());
    if (!r.ok()) {
      String subject = spec.name().orElse(spec.image());
      String msg = Errors.message(r.body());
      if (msg.startsWith("No such container")) {
        subject = msg.substring(msg.indexOf(':') + 1).trim();
      } else if (Errors.map(secrets, Subject.CONTAINER_CREATE, "", r.status(), "POST", path, r.body())
          instanceof io.github.volumes4j.InvalidMountSpecException) {
        subject = secrets.mask(spec.mounts().toString());
      }
      throw Errors.map(secrets, Subject.CONTAINER_CREATE, subject, r.status(), "POST", path, r.body());
    }
    return ContainerWire.createdId(r.body());
  }

  HelperProcess start(ContainerSpec spec, HelperIo io, DockerEngine engine) {
    requireNonNull(spec, "spec == null");
    requireNonNull(io, "io == null");
    if (!io.isAttached() && !localPorts()) {
      throw new io.github.volumes4j.UnsupportedFeatureException("helper ports", "the Docker engine at "
          + http.hostDescription() + " is reached over the network: a helper's published port would carry the volume's"
          + " data outside the API connection" + (http.encrypted() ? " (which has TLS)" : "") + " and be open on that"
          + " host's addresses; use attached streams (HelperIo.attached())");
    }
    String id = create(spec, io.isAttached() ? new HelperWire(true, 0, "") : new HelperWire(false, io.port(), "127.0.0.1"));
    Socket socket = null;
    try {
      Started s;
      if (io.isAttached()) {
        socket = http.openRaw();
        InputStream in = attach(socket, id);
        engine.startContainer(id);
        s = new Started(id, socket, new Demux(in), "attach", engine, true);
      } else {
        engine.startContainer(id);
        int hostPort = hostPort(id, io.port());
        String connectHost = "127.0.0.1";             // published on loopback only; see localPorts()
        socket = greet(id, connectHost, hostPort, io, engine);
        s = new Started(id, socket, new BufferedInputStream(socket.getInputStream(), 64 * 1024),
            "tcp " + connectHost + ":" + hostPort, engine, false);
      }
      LOG.debug("helper {} started ({})", id, s.transport);
      return s;
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(socket);
      try {
        engine.removeContainer(id, false, true);
      } catch (RuntimeException gone) {
        e.addSuppressed(gone);
      }
      if (e instanceof IOException io2) {
        throw http.translate(io2, "POST", "/containers/" + id + "/attach");
      }
      if (e instanceof Error err) {
        throw err;
      }
      throw (RuntimeException) e;
    }
  }

  private static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends the attach request on a connection of its own and reads the upgrade; what follows is the stream. */
  private InputStream attach(Socket socket, String id) throws IOException {
    String path = http.prefix() + "/containers/" + Filters.segment(id) + "/attach?stream=1&stdin=1&stdout=1&stderr=1";
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + http.hostHeader() + "\r\nUser-Agent: volumes4j\r\n"
        + "Content-Type: text/plain\r\nContent-Length: 0\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    String status = line(in);
    int code = status.length() >= 12 ? parseCode(status.substring(9, 12)) : -1;
    StringBuilder headers = new StringBuilder();
    for (String l; !(l = line(in)).isEmpty(); ) {
      headers.append(l).append('\n');
    }
    if (code != 101 && code != 200) {
      byte[] body = in.readNBytes(8192);
      throw Errors.map(secrets, Subject.CONTAINER, id, code, "POST", path, body);
    }
    return in;
  }

  private static int parseCode(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new EOFException("the daemon closed the connection in the answer's head");
      }
      if (c != '\r') {
        b.append((char) c);
      }
      if (b.length() > 16384) {
        throw new IOException("an answer line longer than 16 KiB");
      }
    }
    return b.toString();
  }

  private int hostPort(String id, int port) {
    Reply r = http.call("GET", "/containers/" + Filters.segment(id) + "/json");
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.CONTAINER, id, r.status(), "GET", "/containers/" + id + "/json", r.body());
    }
    Map<String, Object> ports = Json.obj(Json.obj(Json.parseObject(r.body(), "container"), "NetworkSettings"), "Ports");
    for (Object binding : Json.list(ports, port + "/tcp")) {
      String hp = Json.str(Json.asObject(binding), "HostPort", "");
      if (!hp.isEmpty()) {
        return Integer.parseInt(hp);
      }
    }
    throw new EngineException(0, "the daemon published no host port for the helper's port " + port
        + " (its network settings: " + ports + "); the daemon may run without port publishing", null);
  }

  /**
   * Connects to the published port, sends the greeting and waits for the ready line; again while the
   * helper is not listening yet (the port's proxy takes the connection and closes it).
   */
  private Socket greet(String id, String host, int port, HelperIo io, DockerEngine engine) throws IOException {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
    byte[] greeting = io.greeting().getBytes(StandardCharsets.UTF_8);
    byte[] ready = io.ready().getBytes(StandardCharsets.UTF_8);
    IOException last = null;
    for (long pause = 10; System.currentTimeMillis() < deadline; pause = Math.min(pause * 2, 200)) {
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.setReceiveBufferSize(4 << 20);     // before connect: the window a whole volume's stream runs in
        s.connect(new InetSocketAddress(host, port), 5000);
        s.setSoTimeout((int) Math.max(1000, deadline - System.currentTimeMillis()));
        OutputStream out = s.getOutputStream();
        out.write(greeting);
        out.flush();
        byte[] got = s.getInputStream().readNBytes(ready.length);
        if (java.util.Arrays.equals(got, ready)) {
          s.setSoTimeout(0);
          return s;
        }
        closeQuietly(s);
        if (got.length > 0) {
          throw new EngineException(0, "the helper on " + host + ":" + port + " answered "
              + Secrets.maskText(new String(got, StandardCharsets.UTF_8)) + " instead of its ready line", null);
        }
        last = new EOFException("closed before the ready line");
      } catch (EOFException | java.net.SocketException e) {
        closeQuietly(s);
        last = e;
      } catch (IOException | RuntimeException e) {
        closeQuietly(s);
        throw e;
      }
      if (!engine.inspectContainer(id).state().equals(ContainerState.RUNNING)) {
        throw new EngineException(0, "the helper " + id + " exited before it answered on port " + port + ": "
            + Secrets.maskText(engine.logs(id).strip()), last);
      }
      sleep(pause);
    }
    throw new EngineException(0, "the helper's port " + host + ":" + port + " did not answer within "
        + READY_TIMEOUT_MS / 1000 + " s (" + (last == null ? "no answer" : last.getMessage()) + "); a firewall may "
        + "block ports published on the daemon's host", last);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(0, "interrupted while waiting for a helper", e);
    }
  }

  static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closed either way
      }
    }
  }

  /** A started helper: its socket, its output (demultiplexed when attached), its input and its end. */
  private static final class Started implements HelperProcess {
    private final String id;
    private final Socket socket;
    private final InputStream stdout;
    private final String transport;
    private final DockerEngine engine;
    private final boolean attached;
    private final OutputStream stdin;
    private volatile boolean closed;

    Started(String id, Socket socket, InputStream stdout, String transport, DockerEngine engine, boolean attached)
        throws IOException {
      this.id = id;
      this.socket = socket;
      this.stdout = stdout;
      this.transport = transport;
      this.engine = engine;
      this.attached = attached;
      OutputStream raw = socket.getOutputStream();
      this.stdin = new OutputStream() {
        private boolean ended;

        @Override
        public void write(int b) throws IOException {
          raw.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          raw.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          raw.flush();
        }

        @Override
        public void close() throws IOException {
          if (!ended) {
            ended = true;
            raw.flush();
            socket.shutdownOutput();
          }
        }
      };
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public InputStream stdout() {
      return stdout;
    }

    @Override
    public OutputStream stdin() {
      return stdin;
    }

    @Override
    public int waitFor() {
      return engine.waitContainer(id);
    }

    @Override
    public String stderr() {
      if (stdout instanceof Demux d) {
        return d.stderr();
      }
      try {
        return engine.logs(id);
      } catch (VolumesException e) {
        return "(its log could not be read: " + e.getMessage() + ")";
      }
    }

    @Override
    public String transport() {
      return transport;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(socket);
      VolumesException last = null;
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          engine.removeContainer(id, false, true);
          return;
        } catch (ContainerNotFoundException gone) {
          return;
        } catch (VolumesException e) {
          last = e;
        }
      }
      throw last;
    }

    @Override
    public String toString() {
      return "helper " + id + " (" + transport + (attached ? "" : ", greeted") + ")";
    }
  }

  /**
   * The stdout frames of an attached stream ({@code [type, 0, 0, 0, size32]} then the payload); the
   * stderr frames are kept (64 KiB at most) for {@link HelperProcess#stderr()}.
   */
  static final class Demux extends InputStream {
    private static final int MAX_ERR = 64 * 1024;
    private final InputStream in;
    private final byte[] header = new byte[8];
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private long left;
    private boolean eof;

    Demux(InputStream in) {
      this.in = in;
    }

    synchronized String stderr() {
      return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (left == 0) {
        if (eof || !nextFrame()) {
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("the attached stream ended inside a frame (" + left + " bytes missing)");
      }
      left -= n;
      return n;
    }

    /** Reads frame heads, keeping stderr frames, until a stdout frame begins; false at the end. */
    private boolean nextFrame() throws IOException {
      while (true) {
        int n = in.readNBytes(header, 0, 8);
        if (n == 0) {
          eof = true;
          return false;
        }
        if (n < 8) {
          throw new EOFException("the attached stream ended inside a frame head");
        }
        long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        int type = header[0];
        if (type == 1) {
          left = size;
          if (size > 0) {
            return true;
          }
          continue;
        }
        if (type != 2 && type != 0) {
          throw new IOException("the attached stream is not multiplexed (frame type " + type + "); a TTY helper?");
        }
        byte[] payload = in.readNBytes((int) Math.min(size, Integer.MAX_VALUE));
        if (payload.length < size) {
          throw new EOFException("the attached stream ended inside a stderr frame");
        }
        synchronized (this) {
          if (err.size() < MAX_ERR) {
            err.write(payload, 0, Math.min(payload.length, MAX_ERR - err.size()));
          }
        }
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

}
