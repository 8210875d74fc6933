package io.github.volumes4j.docker;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.EngineInfo;
import io.github.volumes4j.EngineUnavailableException;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.PullProgress;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumeUsage;
import io.github.volumes4j.docker.internal.wire.Errors;
import io.github.volumes4j.docker.internal.wire.Errors.Subject;
import io.github.volumes4j.docker.internal.wire.Filters;
import io.github.volumes4j.docker.internal.wire.ContainerWire;
import io.github.volumes4j.docker.internal.wire.SystemWire;
import io.github.volumes4j.docker.internal.wire.LogDecoder;
import io.github.volumes4j.docker.internal.wire.MountMapper;
import io.github.volumes4j.internal.Secrets;
import io.github.volumes4j.docker.internal.transport.Tls;
import io.github.volumes4j.docker.internal.RegistryAuth;
import io.github.volumes4j.docker.internal.transport.Transport;
import io.github.volumes4j.docker.internal.wire.VolumeJson;
import io.github.volumes4j.docker.internal.transport.Warmup;
import io.github.volumes4j.docker.internal.transport.Transport.Reply;
import io.github.volumes4j.docker.internal.transport.Transport.Streamed;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume engine of a real Docker (or Docker-compatible) daemon, over the Engine API.
 *
 * <pre>{@code
 * try (DockerEngine docker = DockerEngine.detect()) {            // found the way the docker CLI finds it
 *   Volume v = docker.createVolume(VolumeSpec.named("pgdata").label("app", "billing"));
 *   System.out.println(v.mountpoint() + " on API " + docker.info().apiVersion());
 * }
 * DockerEngine remote = DockerEngine.builder().host(URI.create("tcp://10.0.0.5:2376"))
 *     .tlsCertPath(Path.of("/etc/docker-certs")).responseTimeout(Duration.ofMinutes(5)).build();
 * }</pre>
 *
 * <p>The API version is negotiated when the engine is built: the lower of the daemon's version and
 * {@link ApiVersion#LATEST}, at least {@link ApiVersion#MINIMUM}; every path carries it. A request that
 * needs a newer version (a volume subpath at 1.41, say) is refused with an {@code UnsupportedFeatureException}
 * before anything is sent, because an older daemon ignores fields it does not know.
 *
 * <p>Errors carry the daemon's message verbatim (with secrets such as CIFS passwords masked) and keep
 * the status and request in a {@link DockerErrorResponse} cause.
 *
 * <p>Prune at API 1.41 (Docker 20.10): the daemon removes every unused volume that matches the label
 * filters, named ones included, and refuses the {@code all} filter. So {@link PruneOptions#all()} is
 * sent without that filter there, and {@link PruneOptions#defaults()} (anonymous only) is refused with
 * {@link io.github.volumes4j.UnsupportedFeatureException} before anything is sent
 * ({@link PruneOptions#requireSupportedBy}). Always prune with a label filter only your volumes carry.
 *
 * <p>Thread-safe: one pooled HTTP client, released by {@link #close()}.
 */
public final class DockerEngine implements VolumeEngine {

  private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);

  private final Transport http;
  private final URI host;
  /** The host as printed: the password of a user:password@ in it masked. */
  private final String shown;
  /** Secret values this engine has sent or read, masked in every message it builds. */
  private final Secrets.Registry secrets = new Secrets.Registry();
  private final ApiVersion api;
  private final EngineInfo info;
  private final ImageCalls images;
  private final ArchiveCalls archives;
  private final DaemonFacts facts;
  private final HelperCalls helpers;
  private final ServiceCalls services;

  /** An engine over a transport whose API version was negotiated ({@link Negotiation}); no I/O here. */
  DockerEngine(Transport http, URI host, Negotiation.Result negotiated, RegistryAuth auth) {
    this.http = http;
    this.host = host;
    this.shown = negotiated.shown();
    this.api = negotiated.api();
    this.info = negotiated.info();
    this.images = new ImageCalls(http, secrets, auth);
    this.archives = new ArchiveCalls(http, secrets, this::inspectContainer);
    this.facts = new DaemonFacts(http, secrets, host);
    this.helpers = new HelperCalls(http, secrets, api);
    this.services = new ServiceCalls(http, secrets, api);
  }

  /**
   * Finds the daemon the way the docker CLI does (DOCKER_HOST, contexts, the platform socket, then the
   * sockets of Docker Desktop, Colima, Rancher Desktop, rootless Docker and Podman) and connects.
   *
   * @throws EngineUnavailableException listing every place tried and what happened there
   */
  public static DockerEngine detect() {
    List<String> attempts = new ArrayList<>();
    Optional<DockerEngine> engine = tryDetect(attempts, builder());
    return engine.orElseThrow(() -> EngineUnavailableException.noEngine("Docker engine", attempts));
  }

  /** Like {@link #detect()}, but empty with the reasons added to {@code attempts}. */
  public static Optional<DockerEngine> tryDetect(List<String> attempts) {
    return tryDetect(attempts, builder());
  }

  static Optional<DockerEngine> tryDetect(List<String> attempts, Builder settings) {
    return Detection.tryDetect(attempts, settings);
  }

  /** A builder for an engine at a given host, with timeouts and TLS. */
  public static Builder builder() {
    return new Builder();
  }

  /** The host this engine talks to ({@code unix:///var/run/docker.sock}, {@code tcp://host:2376}). */
  public URI host() {
    return host;
  }

  // ---- engine --------------------------------------------------------------------------------

  @Override
  public EngineInfo info() {
    return info;
  }

  @Override
  public boolean supports(EngineFeature feature) {
    return switch (feature) {
      case CONTAINERS, RUN_PROCESSES, ARCHIVE, IMAGE_IMPORT, IMAGE_PULL, BIND_MOUNTS, VOLUME_USAGE, HELPER_STREAMS -> true;
      case TMPFS, LOCAL_DRIVER_MOUNTS -> "linux".equals(info.os());
      case LOCAL_HELPER_PORTS -> helpers.localPorts();     // a daemon on this machine (or its VM): see HelperCalls
    };
  }

  /** Answers {@code /_ping}; false when the daemon does not answer. */
  public boolean ping() {
    try {
      return http.callRaw("GET", "/_ping").ok();
    } catch (EngineUnavailableException e) {
      return false;
    }
  }

  /** A daemon on this machine, by unix socket, data root and host name (see {@link DaemonFacts}). */
  @Override
  public boolean sharesHostFiles() {
    return facts.sharesHostFiles();
  }

  /** Volume drivers the daemon does not have (it would look 15 s for the plugin, then refuse). */
  @Override
  public List<io.github.volumes4j.MountProblem> problemsOf(ContainerSpec spec) {
    return facts.problemsOf(requireNonNull(spec, "spec == null"));
  }

  // ---- volumes -------------------------------------------------------------------------------

  @Override
  public Volume createVolume(VolumeSpec spec) {
    requireNonNull(spec, "spec == null");
    secrets.remember(spec.driverOptions());
    Reply r = http.call("POST", "/volumes/create", VolumeJson.createBody(spec), Map.of());
    if (!r.ok()) {
      String subject = spec.name().orElse("");
      if (r.status() == 404) {
        subject = spec.driver();
      }
      throw Errors.map(secrets, Subject.VOLUME_CREATE, subject, r.status(), "POST", "/volumes/create", r.body());
    }
    return remembered(VolumeJson.readOne(r.body(), "POST /volumes/create"));
  }

  private Volume remembered(Volume v) {
    secrets.remember(v.options());
    return v;
  }

  @Override
  public Volume inspectVolume(String name) {
    requireNonNull(name, "name == null");
    String path = "/volumes/" + Filters.segment(name);
    Reply r = http.call("GET", path);
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.VOLUME, name, r.status(), "GET", path, r.body());
    }
    return remembered(VolumeJson.readOne(r.body(), "GET " + path));
  }

  @Override
  public List<Volume> listVolumes(VolumeFilter filter) {
    requireNonNull(filter, "filter == null");
    Filters f = new Filters();
    filter.dangling().ifPresent(d -> f.add("dangling", d.toString()));
    f.add("driver", filter.drivers()).add("name", filter.names()).add("label", filter.labels());
    String path = "/volumes" + (f.isEmpty() ? "" : "?" + f.query());
    // Streamed: a long list is parsed while the daemon still writes it (5,000 volumes are about 1.2 MB).
    Streamed s = http.stream("GET", path, null, Map.of());
    try (InputStream in = s.body()) {
      if (s.status() < 200 || s.status() >= 300) {
        throw Errors.map(secrets, Subject.VOLUME_FILTER, f.json(), s.status(), "GET", path, in.readAllBytes());
      }
      return VolumeJson.readList(in, "GET /volumes");
    } catch (IOException e) {
      throw http.translate(e, "GET", path);
    }
  }

  @Override
  public void removeVolume(String name, boolean force) {
    requireNonNull(name, "name == null");
    String path = "/volumes/" + Filters.segment(name) + (force ? "?force=1" : "");
    Reply r = http.call("DELETE", path);
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.VOLUME, name, r.status(), "DELETE", path, r.body());
    }
  }

  /**
   * Removes unused volumes matching the options; see the class comment for what
   * {@link PruneOptions#includeNamed()} means below API 1.42.
   */
  @Override
  public PruneResult pruneVolumes(PruneOptions options) {
    requireNonNull(options, "options == null");
    options.requireSupportedBy(api);
    Filters f = new Filters().add("label", options.labels()).add("label!", options.labelsNot());
    if (options.sendsAllFilter(api)) {
      f.add("all", "true");     // a 1.41 daemon answers 400 Invalid filter 'all' (see the class comment)
    }
    String path = "/volumes/prune" + (f.isEmpty() ? "" : "?" + f.query());
    // the daemon runs one prune at a time and answers others 409; prune is idempotent: wait for the other
    Reply r = http.callWhileBusy("POST", path, b -> b.status() == 409
        && Errors.message(b.body()).contains("prune operation is already running"), Duration.ofMinutes(1));
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.VOLUME_FILTER, f.json(), r.status(), "POST", path, r.body());
    }
    return SystemWire.pruneResult(r.body());
  }

  /** Size and reference count of every volume, from {@code /system/df} (see {@link DaemonFacts#volumeUsage}). */
  @Override
  public Map<String, VolumeUsage> volumeUsage() {
    return facts.volumeUsage(api);
  }

  // ---- containers ----------------------------------------------------------------------------

  @Override
  public String createContainer(ContainerSpec spec) {
    return helpers.create(spec, null);
  }

  /** Attached over a connection of its own, or through a port published on loopback; see {@link HelperCalls}. */
  @Override
  public io.github.volumes4j.spi.HelperProcess startHelper(ContainerSpec spec, io.github.volumes4j.spi.HelperIo io) {
    return helpers.start(spec, io, this);
  }

  @Override
  public void startContainer(String container) {
    containerCall("POST", container, "/start");
  }

  @Override
  public void stopContainer(String container, Duration timeout) {
    requireNonNull(timeout, "timeout == null");
    containerCall("POST", container, "/stop?t=" + Math.max(0, timeout.toSeconds()));
  }

  @Override
  public int waitContainer(String container) {
    while (true) {
      try {
        Reply r = containerCall("POST", container, "/wait");
        ContainerWire.WaitReply w = ContainerWire.WaitReply.read(r.body());
        if (w.error().isPresent()) {
          throw new EngineException(r.status(), w.error().get(), null);
        }
        return w.statusCode();
      } catch (EngineException e) {
        if (e.status().isPresent() || !(e.getMessage().contains("timed out"))) {
          throw e;
        }
        LOG.debug("waiting for {} again after a response timeout", container);
      }
    }
  }

  @Override
  public void removeContainer(String container, boolean removeVolumes, boolean force) {
    requireNonNull(container, "container == null");
    String path = "/containers/" + Filters.segment(container) + "?v=" + (removeVolumes ? 1 : 0) + "&force="
        + (force ? 1 : 0);
    Reply r = http.call("DELETE", path);
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.CONTAINER, container, r.status(), "DELETE", path, r.body());
    }
  }

  @Override
  public ContainerInfo inspectContainer(String container) {
    Reply r = containerCall("GET", container, "/json");
    return ContainerWire.fromInspect(r.body());
  }

  @Override
  public List<ContainerInfo> listContainers(Map<String, String> labels) {
    requireNonNull(labels, "labels == null");
    List<String> values = new ArrayList<>();
    labels.forEach((k, v) -> values.add(v == null || v.isEmpty() ? k : k + "=" + v));
    Filters f = new Filters().add("label", values);
    String path = "/containers/json?all=1" + (f.isEmpty() ? "" : "&" + f.query());
    Reply r = http.call("GET", path);
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.OTHER, f.json(), r.status(), "GET", path, r.body());
    }
    return ContainerWire.fromList(r.body());
  }

  @Override
  public String logs(String container) {
    requireNonNull(container, "container == null");
    String path = "/containers/" + Filters.segment(container) + "/logs?stdout=1&stderr=1";
    Streamed s = http.stream("GET", path, null, Map.of());
    try (InputStream in = s.body()) {
      if (s.status() >= 300) {
        throw Errors.map(secrets, Subject.CONTAINER, container, s.status(), "GET", path, in.readAllBytes());
      }
      return LogDecoder.decode(in);
    } catch (IOException e) {
      throw http.translate(e, "GET", path);
    }
  }

  private Reply containerCall(String method, String container, String suffix) {
    requireNonNull(container, "container == null");
    String path = "/containers/" + Filters.segment(container) + suffix;
    Reply r = http.call(method, path);
    if (!r.ok() && r.status() != 304) {
      throw Errors.map(secrets, Subject.CONTAINER, container, r.status(), method, path, r.body());
    }
    return r;
  }

  // ---- archive -------------------------------------------------------------------------------

  @Override
  public io.github.volumes4j.spi.ServiceEngine services() {  // NotSwarmManagerException unless a swarm manager
    return services;
  }

  @Override
  public InputStream readArchive(String container, String path) {
    return archives.read(container, path);
  }

  @Override
  public void writeArchive(String container, String directory, InputStream tar, boolean noOverwriteDirNonDir) {
    archives.write(container, directory, tar, noOverwriteDirNonDir);
  }

  @Override
  public Optional<PathStat> statPath(String container, String path) {
    return archives.stat(container, path);
  }

  // ---- images --------------------------------------------------------------------------------

  @Override
  public void importImage(InputStream rootfs, String reference, Map<String, String> labels) {
    images.importImage(rootfs, reference, labels);
  }

  @Override
  public boolean imageExists(String reference) {
    return images.exists(reference);
  }

  /** {@code GET /images/json}: each image's tags, smallest image first. */
  @Override
  public List<String> listImages() {
    return images.list();
  }

  /**
   * Pulls as {@code docker pull} does, with the credentials the docker CLI would use for the image's
   * registry ({@code config.json}: {@code credHelpers}, {@code credsStore}, {@code auths}).
   */
  @Override
  public void pullImage(String reference, Consumer<PullProgress> progress) {
    images.pull(requireNonNull(reference, "reference == null"), requireNonNull(progress, "progress == null"));
  }

  /** The image's labels, or empty when there is no such image. {@code docker.imageLabels("busybox:1.36")} */
  public Optional<Map<String, String>> imageLabels(String reference) {
    return images.labels(reference);
  }

  /** For tests in this package. */
  Transport transportForTests() {
    return http;
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "DockerEngine[" + shown + ", API " + api + "]";
  }

  /**
   * Settings of a {@link DockerEngine}: host, TLS, timeouts, pool size, API version.
   *
   * <pre>{@code
   * DockerEngine e = DockerEngine.builder().host(URI.create("unix:///run/user/1000/docker.sock"))
   *     .connectTimeout(Duration.ofSeconds(2)).build();
   * }</pre>
   */
  public static final class Builder {
    private URI host;
    private Path tlsCertPath;
    private boolean tlsVerify = true;
    private SSLContext sslContext;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration responseTimeout = Duration.ofMinutes(2);
    private int maxConnections = 16;
    private ApiVersion apiVersion;
    private Path dockerConfig;

    Builder() {}

    Builder copy() {
      Builder b = new Builder();
      b.host = host;
      b.tlsCertPath = tlsCertPath;
      b.tlsVerify = tlsVerify;
      b.sslContext = sslContext;
      b.connectTimeout = connectTimeout;
      b.responseTimeout = responseTimeout;
      b.maxConnections = maxConnections;
      b.apiVersion = apiVersion;
      b.dockerConfig = dockerConfig;
      return b;
    }

    /** {@code unix:///path}, {@code tcp://host:port} (TLS when a certificate path is given) or {@code npipe://}. */
    public Builder host(URI host) {
      requireNonNull(host, "host == null");
      String scheme = host.getScheme();
      if (scheme == null || !(scheme.equals("unix") || scheme.equals("tcp") || scheme.equals("npipe")
          || scheme.equals("http") || scheme.equals("https"))) {
        throw new IllegalArgumentException("Docker host \"" + host + "\" has no supported scheme;"
            + " use unix:///var/run/docker.sock or tcp://host:2376");
      }
      this.host = host;
      return this;
    }

    /** Like {@link #host(URI)}, from text such as {@code unix:///var/run/docker.sock}. */
    public Builder host(String host) {
      requireNonNull(host, "host == null");
      try {
        return host(URI.create(host));
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("Docker host")) {
          throw e;
        }
        throw new IllegalArgumentException("Docker host \"" + host + "\" is not a URI; use unix:///path or tcp://host:port", e);
      }
    }

    /**
     * TLS with the files of {@code DOCKER_CERT_PATH}: {@code ca.pem}, {@code cert.pem}, {@code key.pem}
     * (RSA in PKCS#1 or PKCS#8, or EC). {@code verify} checks the daemon's certificate against
     * {@code ca.pem} ({@code DOCKER_TLS_VERIFY}); without it any daemon certificate is accepted.
     */
    public Builder tls(Path certPath, boolean verify) {
      this.tlsCertPath = requireNonNull(certPath, "certPath == null");
      this.tlsVerify = verify;
      return this;
    }

    /** TLS, verifying the daemon, with the files in {@code certPath}. */
    public Builder tlsCertPath(Path certPath) {
      return tls(certPath, true);
    }

    /** A ready TLS context, instead of certificate files. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = requireNonNull(context, "context == null");
      return this;
    }

    /** How long to wait for a connection; default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long to wait for data of an answer on {@code tcp://} hosts; default 2 minutes,
     * {@link Duration#ZERO} for none. {@code waitContainer} keeps waiting across this timeout.
     *
     * <p>On {@code unix://} sockets it has no effect: the engine's unix socket (a JDK {@code SocketChannel}
     * in blocking mode, as docker-java's) has no read timeout, so a call waits as long as the daemon takes.
     */
    public Builder responseTimeout(Duration timeout) {
      requireNonNull(timeout, "responseTimeout == null");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("responseTimeout " + timeout + " is negative; give a positive duration or ZERO for none");
      }
      this.responseTimeout = timeout;
      return this;
    }

    /** The size of the connection pool; default 16. */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections " + max + " is below 1; give at least 1");
      }
      this.maxConnections = max;
      return this;
    }

    /** Uses this API version instead of negotiating (it must be one the daemon speaks). */
    public Builder apiVersion(ApiVersion version) {
      this.apiVersion = requireNonNull(version, "version == null");
      return this;
    }

    /**
     * The directory of the docker CLI's {@code config.json} that registry credentials are read from
     * (default: {@code DOCKER_CONFIG}, else {@code ~/.docker}).
     *
     * <pre>{@code
     * DockerEngine.builder().host("unix:///var/run/docker.sock").dockerConfig(Path.of("/ci/docker-config")).build();
     * }</pre>
     */
    public Builder dockerConfig(Path directory) {
      this.dockerConfig = requireNonNull(directory, "directory == null");
      return this;
    }

    private static Duration positive(Duration d, String what) {
      requireNonNull(d, what + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " " + d + " is not positive; give a positive duration");
      }
      return d;
    }

    /**
     * Connects and negotiates the API version.
     *
     * @throws EngineUnavailableException when the daemon does not answer
     */
    public DockerEngine build() {
      if (host == null) {
        throw new IllegalStateException("no Docker host set; call host(...) or use DockerEngine.detect()");
      }
      Warmup.start();
      SSLContext ssl = sslContext;
      if (ssl == null && tlsCertPath != null) {
        ssl = Tls.context(tlsCertPath, tlsVerify);
      }
      URI effective = host;
      if (ssl != null && "tcp".equals(host.getScheme())) {
        effective = URI.create("tcp://" + host.getRawAuthority());
      }
      Transport t = new Transport(effective, ssl, connectTimeout, responseTimeout, maxConnections);
      return new DockerEngine(t, host, Negotiation.negotiate(t, host, apiVersion),
          RegistryAuth.system(Optional.ofNullable(dockerConfig)));
    }
  }
}
