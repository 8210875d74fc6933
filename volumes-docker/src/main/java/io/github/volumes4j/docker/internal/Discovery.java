package io.github.volumes4j.docker.internal;

import io.github.volumes4j.docker.internal.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a Docker daemon may be, in the order the docker CLI looks, then the well-known sockets of
 * Docker Desktop, Colima, Rancher Desktop, rootless Docker and Podman.
 *
 * <p>A pure function of an {@link Env} (environment variables, system properties, home directory, the
 * file system root and the operating system): it reads files but never connects. Each step that gives
 * nothing adds what happened to {@code attempts}.
 *
 * <p>An explicit setting wins alone, as in the CLI: {@code DOCKER_HOST} (system property, then
 * environment), then {@code DOCKER_CONTEXT}, then {@code currentContext} of {@code config.json}. Only
 * without one (or with the context {@code default}) are the platform socket and the well-known sockets
 * tried, those that exist, in order.
 */
public final class Discovery {

  private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

  /** Where to connect and why. */
  public record Candidate(URI host, String source, Optional<TlsFiles> tls) {}

  /** The certificate directory and whether to verify the daemon. */
  public record TlsFiles(Path certPath, boolean verify) {}

  /**
   * Everything discovery reads.
   *
   * @param root the file system root that absolute daemon paths such as {@code /var/run/docker.sock} are
   *     looked up under ({@code /} in real use, a temporary directory in tests)
   */
  public record Env(Map<String, String> env, Properties props, Path home, Path root, String os, long uid) {

    public static Env system() {
      long uid = -1;
      try {
        Object u = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        uid = ((Number) u).longValue();
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
        // not Linux, or no /proc: rootless paths under /run/user are skipped
      }
      return new Env(System.getenv(), System.getProperties(), Path.of(System.getProperty("user.home")),
          Path.of("/"), System.getProperty("os.name", "linux"), uid);
    }

    Optional<String> lookup(String name) {
      String p = props.getProperty(name);
      if (p != null && !p.isBlank()) {
        return Optional.of(p.trim());
      }
      String e = env.get(name);
      return e == null || e.isBlank() ? Optional.empty() : Optional.of(e.trim());
    }

    boolean windows() {
      return os.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** The path on this file system of an absolute daemon path. */
    Path local(String absolute) {
      return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    Path dockerConfig() {
      return lookup("DOCKER_CONFIG").map(Path::of).orElse(home.resolve(".docker"));
    }
  }

  private Discovery() {}

  /** The candidates, in order; {@code attempts} receives a line for each step that gave none. */
  public static List<Candidate> candidates(Env env, List<String> attempts) {
    List<Candidate> out = new ArrayList<>();
    // 1. DOCKER_HOST
    Optional<String> dockerHost = env.lookup("DOCKER_HOST");
    if (dockerHost.isPresent()) {
      String source = env.props.getProperty("DOCKER_HOST") != null && !env.props.getProperty("DOCKER_HOST").isBlank()
          ? "DOCKER_HOST (system property)" : "DOCKER_HOST";
      URI uri = parseHost(dockerHost.get(), source);
      LOG.debug("{} = {}", source, uri);
      out.add(new Candidate(uri, source, envTls(env, uri)));
      return out;
    }
    attempts.add("DOCKER_HOST (unset)");
    LOG.debug("DOCKER_HOST is unset");
    // 2. DOCKER_CONTEXT, 3. currentContext of config.json
    Optional<String> context = env.lookup("DOCKER_CONTEXT");
    String contextSource = "DOCKER_CONTEXT";
    if (context.isEmpty()) {
      Path config = env.dockerConfig().resolve("config.json");
      context = currentContext(config, attempts);
      contextSource = "currentContext of " + config;
    } else {
      LOG.debug("DOCKER_CONTEXT = {}", context.get());
    }
    if (context.isPresent() && !context.get().equals("default")) {
      Optional<Candidate> c = fromContext(env, context.get(), contextSource, attempts);
      c.ifPresent(out::add);
      return out;
    }
    // 4. the platform default
    if (env.windows()) {
      out.add(new Candidate(URI.create("npipe:////./pipe/docker_engine"), "platform default", Optional.empty()));
    } else {
      socket(env, "/var/run/docker.sock", "platform default", out, attempts);
    }
    // 5. well-known sockets of other engines
    Path h = env.home;
    socket(env, h.resolve(".docker/run/docker.sock"), "Docker Desktop", out, attempts);
    socket(env, h.resolve(".docker/desktop/docker.sock"), "Docker Desktop", out, attempts);
    socket(env, h.resolve(".colima/default/docker.sock"), "Colima", out, attempts);
    socket(env, h.resolve(".colima/docker.sock"), "Colima", out, attempts);
    socket(env, h.resolve(".rd/docker.sock"), "Rancher Desktop", out, attempts);
    Optional<String> xdg = Optional.ofNullable(env.env.get("XDG_RUNTIME_DIR")).filter(s -> !s.isBlank());
    if (xdg.isPresent()) {
      socket(env, Path.of(xdg.get()).resolve("docker.sock").toString(), "rootless Docker", out, attempts);
    }
    if (env.uid >= 0) {
      String runUser = "/run/user/" + env.uid + "/docker.sock";
      if (xdg.isEmpty() || !Path.of(xdg.get()).resolve("docker.sock").toString().equals(runUser)) {
        socket(env, runUser, "rootless Docker", out, attempts);
      }
    }
    if (xdg.isPresent()) {
      socket(env, Path.of(xdg.get()).resolve("podman/podman.sock").toString(), "Podman", out, attempts);
    }
    socket(env, "/run/podman/podman.sock", "Podman", out, attempts);
    return out;
  }

  private static void socket(Env env, Path path, String what, List<Candidate> out, List<String> attempts) {
    // a path under the home directory is a path of this file system already
    if (Files.exists(path)) {
      LOG.debug("{} socket {} exists", what, path);
      out.add(new Candidate(URI.create("unix://" + path.toAbsolutePath()), what + " " + path, Optional.empty()));
    } else {
      LOG.debug("{} socket {} is missing", what, path);
      attempts.add(what + " " + path + " (missing)");
    }
  }

  private static void socket(Env env, String absolute, String what, List<Candidate> out, List<String> attempts) {
    if (Files.exists(env.local(absolute))) {
      LOG.debug("{} socket {} exists", what, absolute);
      out.add(new Candidate(URI.create("unix://" + absolute), what + " " + absolute, Optional.empty()));
    } else {
      LOG.debug("{} socket {} is missing", what, absolute);
      attempts.add(what + " " + absolute + " (missing)");
    }
  }

  /** {@code DOCKER_TLS_VERIFY} / {@code DOCKER_TLS} with {@code DOCKER_CERT_PATH} (default the config dir). */
  static Optional<TlsFiles> envTls(Env env, URI host) {
    boolean verify = env.lookup("DOCKER_TLS_VERIFY").filter(Discovery::truthy).isPresent();
    boolean tls = verify || env.lookup("DOCKER_TLS").filter(Discovery::truthy).isPresent();
    if (!tls || !"tcp".equals(host.getScheme())) {
      return Optional.empty();
    }
    Path certs = env.lookup("DOCKER_CERT_PATH").map(Path::of).orElse(env.dockerConfig());
    return Optional.of(new TlsFiles(certs, verify));
  }

  private static boolean truthy(String v) {
    return !(v.equals("0") || v.equalsIgnoreCase("false"));
  }

  static URI parseHost(String text, String source) {
    String t = text.trim();
    if (t.startsWith("/")) {
      t = "unix://" + t;
    }
    URI uri;
    try {
      uri = URI.create(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " \"" + text + "\" is not a URI; use unix:///var/run/docker.sock"
          + " or tcp://host:2376", e);
    }
    String s = uri.getScheme();
    if (s == null || !(s.equals("unix") || s.equals("tcp") || s.equals("npipe") || s.equals("http") || s.equals("https"))) {
      throw new IllegalArgumentException(source + " \"" + text + "\" has an unsupported scheme"
          + (s == null ? "" : " \"" + s + "\"") + "; use unix://, tcp:// or npipe:// (ssh:// is not supported)");
    }
    if (s.equals("tcp") && uri.getPort() < 0) {
      uri = URI.create("tcp://" + uri.getHost() + ":2375");
    }
    return uri;
  }

  static Optional<String> currentContext(Path config, List<String> attempts) {
    if (!Files.exists(config)) {
      attempts.add("docker config " + config + " (missing)");
      LOG.debug("docker config {} is missing", config);
      return Optional.empty();
    }
    try {
      Map<String, Object> n = Json.parseObject(Files.readAllBytes(config), config.toString());
      Optional<String> ctx = Json.str(n, "currentContext").filter(s -> !s.isBlank());
      if (ctx.isEmpty()) {
        attempts.add("currentContext in " + config + " (unset)");
      }
      LOG.debug("currentContext in {}: {}", config, ctx.orElse("(unset)"));
      return ctx;
    } catch (IOException | RuntimeException e) {
      attempts.add("docker config " + config + " (unreadable: " + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  static Optional<Candidate> fromContext(Env env, String name, String source, List<String> attempts) {
    String id = sha256(name);
    Path store = env.dockerConfig().resolve("contexts");
    Path meta = store.resolve("meta").resolve(id).resolve("meta.json");
    String label = "context \"" + name + "\" (" + source + ")";
    if (!Files.exists(meta)) {
      attempts.add(label + " (not found: " + meta + " is missing)");
      return Optional.empty();
    }
    Map<String, Object> docker;
    try {
      docker = Json.obj(Json.obj(Json.parseObject(Files.readAllBytes(meta), meta.toString()), "Endpoints"), "docker");
    } catch (IOException | RuntimeException e) {
      attempts.add(label + " (unreadable " + meta + ": " + e.getMessage() + ")");
      return Optional.empty();
    }
    Optional<String> host = Json.str(docker, "Host").filter(s -> !s.isBlank());
    if (host.isEmpty()) {
      attempts.add(label + " (no docker endpoint Host in " + meta + ")");
      return Optional.empty();
    }
    URI uri;
    try {
      uri = parseHost(host.get(), label);
    } catch (IllegalArgumentException e) {
      attempts.add(label + " (" + e.getMessage() + ")");
      return Optional.empty();
    }
    Path tlsDir = store.resolve("tls").resolve(id).resolve("docker");
    Optional<TlsFiles> tls = Optional.empty();
    if (Files.isDirectory(tlsDir) && "tcp".equals(uri.getScheme())) {
      boolean skip = Json.bool(docker, "SkipTLSVerify", false);
      tls = Optional.of(new TlsFiles(tlsDir, !skip));
    }
    LOG.debug("{}: {} {}", label, uri, tls.map(t -> "with TLS from " + t.certPath()).orElse(""));
    return Optional.of(new Candidate(uri, label, tls));
  }

  /** The context store's directory name of a context: the SHA-256 of its name, in hex. */
  public static String sha256(String name) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
