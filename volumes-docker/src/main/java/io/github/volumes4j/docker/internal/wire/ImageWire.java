package io.github.volumes4j.docker.internal.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.volumes4j.ImageNotFoundException;
import io.github.volumes4j.ImagePullException;
import io.github.volumes4j.PullProgress;
import io.github.volumes4j.RegistryAuthenticationException;
import io.github.volumes4j.RegistryUnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's image answers as typed values: an import's or a pull's progress stream, an image's
 * labels, and a failed pull as the exception that says why.
 */
public final class ImageWire {

  private ImageWire() {}

  /** One message of a pull's stream: the step, or the error that ended it. */
  public record PullMessage(Optional<PullProgress> progress, Optional<String> error) {}

  /**
   * Reads a pull's progress stream as it arrives, giving each message to {@code sink}; stops at the
   * first error message and returns its text.
   */
  public static Optional<String> readPull(InputStream in, String reference, Consumer<PullProgress> sink) throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(in)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        Map<String, Object> m = Json.asObject(Json.value(p, t));
        Optional<String> error = Json.str(m, "error").filter(x -> !x.isEmpty())
            .or(() -> Json.str(Json.obj(m, "errorDetail"), "message").filter(x -> !x.isEmpty()));
        if (error.isPresent()) {
          return error;
        }
        Optional<String> status = Json.str(m, "status");
        if (status.isPresent()) {
          Map<String, Object> detail = Json.obj(m, "progressDetail");
          sink.accept(new PullProgress(reference, status.get(), Json.str(m, "id").filter(x -> !x.isEmpty()),
              Json.present(detail, "current") ? OptionalLong.of(Json.num(detail, "current", 0)) : OptionalLong.empty(),
              Json.present(detail, "total") ? OptionalLong.of(Json.num(detail, "total", 0)) : OptionalLong.empty()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The exception for a failed pull, by the daemon's words (Docker 20.10 answers 500 for all of them,
   * newer daemons 404 for a missing image): {@code manifest unknown}, {@code name unknown},
   * {@code not found}, {@code repository does not exist} are a missing image; {@code no basic auth
   * credentials}, {@code unauthorized}, {@code denied}, {@code authentication required} a refusal;
   * {@code dial tcp}, {@code no such host}, {@code connection refused}, timeouts an unreachable
   * registry. {@code pull access denied} is either of the first two, as Docker Hub does not say which.
   */
  public static ImagePullException pullFailure(String reference, String registry, int status, String daemonMessage,
      boolean hadCredentials, Throwable cause) {
    String m = daemonMessage.toLowerCase(Locale.ROOT);
    String head = "pull of " + reference + " from " + registry + " failed: " + daemonMessage;
    if (m.contains("pull access denied")) {
      return new ImageNotFoundException(reference, registry, head + "; the repository does not exist, or it is private:"
          + " check the name, or log in (docker login " + registry + ")", cause);
    }
    if (m.contains("manifest unknown") || m.contains("name unknown") || m.contains("not found")
        || m.contains("repository does not exist") || status == 404) {
      return new ImageNotFoundException(reference, registry, head + "; check the repository and tag (" + registry
          + " has no such image)", cause);
    }
    if (m.contains("no basic auth credentials") || m.contains("unauthorized") || m.contains("denied")
        || m.contains("authentication required") || status == 401 || status == 403) {
      return new RegistryAuthenticationException(reference, registry, head + (hadCredentials
          ? "; the credentials from the docker config were refused: log in again (docker login " + registry + ")"
          : "; the registry wants credentials and none were found in the docker config: docker login " + registry), cause);
    }
    if (m.contains("dial tcp") || m.contains("no such host") || m.contains("connection refused") || m.contains("timeout")
        || m.contains("i/o timeout") || m.contains("network is unreachable") || m.contains("deadline exceeded")
        || m.contains("tls handshake") || m.contains("server gave http response to https client")) {
      return new RegistryUnreachableException(reference, registry, head + "; the daemon cannot reach " + registry
          + ": check its network and proxy, or make the image available without a registry (docker load, an import)"
          + " and use PullPolicy.NEVER", cause);
    }
    return new ImagePullException(reference, registry, head, cause);
  }

  /** One message of a progress stream: {@code {"status": ...}} or, for a failure answered with 200, {@code {"error": ...}}. */
  public record Progress(Optional<String> status, Optional<String> error) {}

  /** The messages of a {@code POST /images/create} answer, in order. */
  public static List<Progress> progress(byte[] body) {
    List<Progress> out = new ArrayList<>();
    for (Object o : Json.parseAll(body, "POST /images/create")) {
      Map<String, Object> m = Json.asObject(o);
      out.add(new Progress(Json.str(m, "status").filter(x -> !x.isEmpty()), Json.str(m, "error").filter(x -> !x.isEmpty())));
    }
    return out;
  }

  /** The {@code Config.Labels} of a {@code GET /images/{name}/json} answer. */
  public static Map<String, String> labels(byte[] body, String what) {
    return Json.map(Json.obj(Json.parseObject(body, what), "Config"), "Labels");
  }
}
