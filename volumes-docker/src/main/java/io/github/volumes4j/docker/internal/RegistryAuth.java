package io.github.volumes4j.docker.internal;

import io.github.volumes4j.RegistryAuthenticationException;
import io.github.volumes4j.docker.internal.wire.Json;
import io.github.volumes4j.internal.ImageRefs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry credentials found as the docker CLI finds them in {@code config.json}: a credential helper
 * named for the registry in {@code credHelpers}, else the store named by {@code credsStore}, else the
 * {@code auths} entry ({@code auth} is base64 of {@code user:password}; an {@code identitytoken} wins).
 * A helper is the program {@code docker-credential-<name>} on the search path, asked with {@code get}
 * and the server address on its input. No credentials found means an anonymous pull.
 */
public final class RegistryAuth {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryAuth.class);
  /** The key Docker Hub's credentials are stored under. */
  static final String HUB_KEY = "https://index.docker.io/v1/";

  private final Path configDir;
  private final List<Path> helperPath;

  /**
   * @param configDir the directory of {@code config.json} ({@code DOCKER_CONFIG}, else {@code ~/.docker})
   * @param helperPath where {@code docker-credential-*} programs are looked for ({@code PATH})
   */
  public RegistryAuth(Path configDir, List<Path> helperPath) {
    this.configDir = configDir;
    this.helperPath = List.copyOf(helperPath);
  }

  /** The system's: {@code DOCKER_CONFIG} or {@code ~/.docker}, and {@code PATH}. */
  public static RegistryAuth system(Optional<Path> configDir) {
    Path dir = configDir.orElseGet(() -> Discovery.Env.system().dockerConfig());
    List<Path> path = new ArrayList<>();
    for (String p : Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator)) {
      if (!p.isBlank()) {
        path.add(Path.of(p));
      }
    }
    return new RegistryAuth(dir, path);
  }

  /** Credentials for a registry: a user and password, or an identity token. */
  public record Credentials(String serverAddress, Optional<String> username, String secret, boolean identityToken) {

    /** The {@code X-Registry-Auth} header: URL-safe base64 of the JSON auth config. */
    public String header() {
      StringBuilder b = new StringBuilder("{");
      if (identityToken) {
        b.append("\"identitytoken\":").append(Json.text(secret));
      } else {
        b.append("\"username\":").append(Json.text(username.orElse(""))).append(",\"password\":").append(Json.text(secret));
      }
      b.append(",\"serveraddress\":").append(Json.text(serverAddress)).append('}');
      return Base64.getUrlEncoder().encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Hides the secret. */
    @Override
    public String toString() {
      return "Credentials[" + serverAddress + ", " + username.orElse("(token)") + "]";
    }
  }

  /**
   * The credentials for the registry of an image reference ({@code docker.io} or a host), or empty.
   *
   * @throws RegistryAuthenticationException if a configured helper fails (not "not found")
   */
  public Optional<Credentials> lookup(String reference, String registry) {
    Path file = configDir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Map<String, Object> config;
    try {
      config = Json.parseObject(Files.readAllBytes(file), file.toString());
    } catch (IOException | RuntimeException e) {
      LOG.warn("volumes4j: docker config {} is not readable JSON; pulling without credentials", file);
      return Optional.empty();
    }
    String server = registry.equals(ImageRefs.DOCKER_HUB) ? HUB_KEY : registry;
    Optional<String> helper = Json.map(config, "credHelpers").entrySet().stream()
        .filter(e -> hostOf(e.getKey()).equals(hostOf(server))).map(Map.Entry::getValue).findFirst()
        .or(() -> Json.str(config, "credsStore").filter(s -> !s.isBlank()));
    if (helper.isPresent()) {
      return fromHelper(helper.get(), server, reference, registry);
    }
    for (Object key : Json.obj(config, "auths").keySet()) {
      if (hostOf((String) key).equals(hostOf(server))) {
        Map<String, Object> entry = Json.obj(Json.obj(config, "auths"), (String) key);
        Optional<String> token = Json.str(entry, "identitytoken").filter(s -> !s.isEmpty());
        if (token.isPresent()) {
          return Optional.of(new Credentials(server, Optional.empty(), token.get(), true));
        }
        Optional<String> auth = Json.str(entry, "auth").filter(s -> !s.isEmpty());
        if (auth.isPresent()) {
          String plain;
          try {
            plain = new String(Base64.getDecoder().decode(auth.get().trim()), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            throw new RegistryAuthenticationException(reference, registry, "the auths entry for " + key + " in " + file
                + " is not base64 of user:password; run docker login " + registry + " again", e);
          }
          int colon = plain.indexOf(':');
          if (colon < 0) {
            throw new RegistryAuthenticationException(reference, registry, "the auths entry for " + key + " in " + file
                + " has no ':' between user and password; run docker login " + registry + " again", null);
          }
          return Optional.of(new Credentials(server, Optional.of(plain.substring(0, colon)), plain.substring(colon + 1), false));
        }
        Optional<String> user = Json.str(entry, "username");
        Optional<String> password = Json.str(entry, "password");
        if (user.isPresent() && password.isPresent()) {
          return Optional.of(new Credentials(server, user, password.get(), false));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Credentials> fromHelper(String name, String server, String reference, String registry) {
    String program = "docker-credential-" + name;
    Optional<Path> exe = helperPath.stream().map(d -> d.resolve(program)).filter(Files::isExecutable).findFirst();
    if (exe.isEmpty()) {
      throw new RegistryAuthenticationException(reference, registry, "config.json in " + configDir + " names the credential"
          + " helper " + program + " for " + registry + ", but it is not on the PATH; install it, or remove it from"
          + " config.json and run docker login " + registry, null);
    }
    try {
      Process p = new ProcessBuilder(exe.get().toString(), "get").redirectErrorStream(true).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(server.getBytes(StandardCharsets.UTF_8));
      } catch (IOException exitedWithoutReading) {
        // a helper may answer (or fail) without reading its input: its exit code and output tell
      }
      byte[] out = readLimited(p.getInputStream());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RegistryAuthenticationException(reference, registry, program + " did not answer within 30 s", null);
      }
      String text = new String(out, StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        if (text.toLowerCase(Locale.ROOT).contains("credentials not found")) {
          return Optional.empty();
        }
        throw new RegistryAuthenticationException(reference, registry, program + " get failed (exit " + p.exitValue()
            + "): " + firstLine(text) + "; check the helper, or log in again (docker login " + registry + ")", null);
      }
      Map<String, Object> n = Json.parseObject(out, program + " get");
      String user = Json.str(n, "Username", "");
      String secret = Json.str(n, "Secret", "");
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(user.equals("<token>") ? new Credentials(server, Optional.empty(), secret, true)
          : new Credentials(server, Optional.of(user), secret, false));
    } catch (IOException e) {
      throw new RegistryAuthenticationException(reference, registry, program + " could not be run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryAuthenticationException(reference, registry, "interrupted while asking " + program, e);
    }
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0 && b.size() < (1 << 20)) {
      b.write(buf, 0, n);
    }
    return b.toByteArray();
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    String line = nl < 0 ? text : text.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  /** The host of a config key, as the CLI compares them: without scheme and path; Hub's names are one. */
  static String hostOf(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    k = k.replaceFirst("^[a-z]+://", "");
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    return switch (k) {
      case "index.docker.io", "docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
      default -> k;
    };
  }
}
