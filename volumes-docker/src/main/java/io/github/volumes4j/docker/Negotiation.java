package io.github.volumes4j.docker;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.EngineInfo;
import io.github.volumes4j.docker.internal.transport.Transport;
import io.github.volumes4j.docker.internal.transport.Transport.Reply;
import io.github.volumes4j.docker.internal.wire.Errors;
import io.github.volumes4j.docker.internal.wire.SystemWire;
import io.github.volumes4j.internal.Secrets;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first call to a daemon: {@code GET /version}, the API version chosen (the lower of the daemon's
 * and {@link ApiVersion#LATEST}, or the one pinned), the engine's description. The transport is
 * closed when this fails; {@link DockerEngine.Builder#build()} calls it before it makes the engine.
 */
final class Negotiation {

  private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);

  /** What the daemon said, and the host as printed (a password in it masked). */
  record Result(ApiVersion api, EngineInfo info, String shown) {}

  private Negotiation() {}

  static Result negotiate(Transport http, URI host, ApiVersion pinned) {
    String shown = Secrets.maskUri(host.toString());
    Reply version;
    try {
      version = http.callRaw("GET", "/version");
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
    if (!version.ok()) {
      http.close();
      throw new EngineException(version.status(), "the Docker engine at " + shown + " answered GET /version with HTTP "
          + version.status() + ": " + Errors.message(version.body()), null);
    }
    SystemWire.Version v = SystemWire.Version.read(version.body());
    ApiVersion daemon = v.apiVersion().map(ApiVersion::parse).orElse(ApiVersion.MINIMUM);
    if (!daemon.isAtLeast(ApiVersion.MINIMUM)) {
      http.close();
      throw new EngineException(0, "the Docker engine at " + shown + " speaks Engine API " + daemon
          + ", older than " + ApiVersion.MINIMUM + " (Docker 20.10) that volumes4j needs; upgrade the daemon", null);
    }
    ApiVersion chosen = daemon.compareTo(ApiVersion.LATEST) < 0 ? daemon : ApiVersion.LATEST;
    if (pinned != null) {
      if (pinned.compareTo(chosen) > 0 || !pinned.isAtLeast(ApiVersion.MINIMUM)) {
        http.close();
        throw new IllegalArgumentException("API version " + pinned + " cannot be used with the Docker engine at "
            + shown + " (it speaks " + daemon + "); pin a version from " + ApiVersion.MINIMUM + " to " + chosen);
      }
      chosen = pinned;
    }
    http.useApiVersion(chosen.toString());
    EngineInfo info = EngineInfo.builder()
        .name("docker " + shown)
        .version(v.version().orElse("unknown"))
        .apiVersion(chosen)
        .os(v.os().orElse("linux"))
        .architecture(v.arch())
        .product(v.product())
        .build();
    LOG.debug("Docker engine at {}: version {}, daemon API {}, using API {}", shown, info.version(), daemon, chosen);
    return new Result(chosen, info, shown);
  }
}
