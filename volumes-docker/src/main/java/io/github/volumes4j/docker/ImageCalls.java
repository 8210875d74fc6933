package io.github.volumes4j.docker;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.EngineException;
import io.github.volumes4j.docker.internal.transport.Transport;
import io.github.volumes4j.docker.internal.transport.Transport.Reply;
import io.github.volumes4j.docker.internal.transport.Transport.Streamed;
import io.github.volumes4j.docker.internal.wire.Errors;
import io.github.volumes4j.docker.internal.wire.Errors.Subject;
import io.github.volumes4j.docker.internal.wire.Filters;
import io.github.volumes4j.docker.internal.wire.ImageWire;
import io.github.volumes4j.docker.internal.wire.Json;
import io.github.volumes4j.PullProgress;
import io.github.volumes4j.docker.internal.RegistryAuth;
import io.github.volumes4j.internal.ImageRefs;
import io.github.volumes4j.internal.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The image calls volume work needs: import a root file system (the helper image), look an image up, pull one. */
final class ImageCalls {

  private static final Map<String, String> TAR = Map.of("Content-Type", "application/x-tar");

  private final Transport http;
  private final Secrets.Registry secrets;

  private final RegistryAuth auth;

  ImageCalls(Transport http, Secrets.Registry secrets, RegistryAuth auth) {
    this.http = http;
    this.secrets = secrets;
    this.auth = auth;
  }

  /**
   * {@code POST /images/create?fromImage=&tag=} with the credentials the docker CLI would send
   * ({@code X-Registry-Auth}); the progress stream is read as it comes. A failure, before the stream or
   * in it, becomes the {@link io.github.volumes4j.ImagePullException} subtype that says why.
   */
  void pull(String reference, Consumer<PullProgress> progress) {
    ImageRefs.Ref ref = ImageRefs.parse(reference);
    Optional<RegistryAuth.Credentials> credentials = auth.lookup(reference, ref.registry());
    credentials.ifPresent(c -> secrets.remember(Map.of("password", c.secret())));
    String path = "/images/create?fromImage=" + Filters.encode(ref.familiarName()) + "&tag=" + Filters.encode(ref.tagOrDigest());
    Map<String, String> headers = credentials.map(c -> Map.of("X-Registry-Auth", c.header())).orElse(Map.of());
    Streamed s = http.stream("POST", path, null, headers);
    try (InputStream in = s.body()) {
      if (s.status() != 200) {
        String message = secrets.mask(io.github.volumes4j.docker.internal.wire.Errors.message(in.readAllBytes()));
        throw ImageWire.pullFailure(reference, ref.registry(), s.status(), message, credentials.isPresent(),
            new DockerErrorResponse(s.status(), "POST", path, message));
      }
      Optional<String> error = ImageWire.readPull(in, reference, progress);
      if (error.isPresent()) {
        String message = secrets.mask(error.get());
        throw ImageWire.pullFailure(reference, ref.registry(), s.status(), message, credentials.isPresent(),
            new DockerErrorResponse(s.status(), "POST", path, message));
      }
    } catch (IOException e) {
      throw http.translate(e, "POST", path);
    }
  }

  void importImage(InputStream rootfs, String reference, Map<String, String> labels) {
    requireNonNull(rootfs, "rootfs == null");
    requireNonNull(reference, "reference == null");
    requireNonNull(labels, "labels == null");
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    String repo = colon > slash ? reference.substring(0, colon) : reference;
    String tag = colon > slash ? reference.substring(colon + 1) : "latest";
    StringBuilder p = new StringBuilder("/images/create?fromSrc=-&repo=").append(Filters.encode(repo))
        .append("&tag=").append(Filters.encode(tag));
    labels.forEach((k, v) -> p.append("&changes=").append(Filters.encode("LABEL " + Json.text(k) + "=" + Json.text(v))));
    String path = p.toString();
    Streamed s = http.stream("POST", path, rootfs, TAR);
    try (InputStream in = s.body()) {
      byte[] body = in.readAllBytes();
      if (s.status() != 200) {
        throw Errors.map(secrets, Subject.IMAGE, reference, s.status(), "POST", path, body);
      }
      // The answer is a stream of JSON progress messages; a failure comes as {"error": ...} with 200.
      String id = null;
      for (ImageWire.Progress m : ImageWire.progress(body)) {
        if (m.error().isPresent()) {
          String error = secrets.mask(m.error().get());
          throw new EngineException(s.status(), error, new DockerErrorResponse(s.status(), "POST", path, error));
        }
        if (m.status().filter(x -> x.startsWith("sha256:")).isPresent()) {
          id = m.status().get();
        }
      }
      // Podman (4.3) ignores the tag of an import and names the image repo:latest: tag it as asked.
      if (id != null && !tag.equals("latest") && !exists(reference)) {
        String tagPath = "/images/" + Filters.segment(id) + "/tag?repo=" + Filters.encode(repo) + "&tag=" + Filters.encode(tag);
        Reply t = http.call("POST", tagPath);
        if (!t.ok()) {
          throw Errors.map(secrets, Subject.IMAGE, reference, t.status(), "POST", tagPath, t.body());
        }
      }
    } catch (IOException e) {
      throw http.translate(e, "POST", path);
    }
  }

  /** The tagged references, smallest image first, ties by reference; {@code <none>:<none>} left out. */
  java.util.List<String> list() {
    Reply r = http.call("GET", "/images/json");
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.IMAGE, "(all)", r.status(), "GET", "/images/json", r.body());
    }
    java.util.List<java.util.Map.Entry<Long, String>> tagged = new java.util.ArrayList<>();
    Object all = Json.parse(r.body(), "GET /images/json");
    for (Object o : all instanceof java.util.List<?> l ? l : java.util.List.of()) {
      if (o instanceof Map<?, ?> m) {
        long size = m.get("Size") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
        if (m.get("RepoTags") instanceof java.util.List<?> tags) {
          for (Object t : tags) {
            if (t instanceof String s && !s.equals("<none>:<none>")) {
              tagged.add(Map.entry(size, s));
            }
          }
        }
      }
    }
    tagged.sort(Map.Entry.<Long, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
    return tagged.stream().map(Map.Entry::getValue).toList();
  }

  boolean exists(String reference) {
    requireNonNull(reference, "reference == null");
    String path = "/images/" + Filters.segment(reference) + "/json";
    Reply r = http.call("GET", path);
    if (r.status() == 404) {
      return false;
    }
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.IMAGE, reference, r.status(), "GET", path, r.body());
    }
    return true;
  }

  Optional<Map<String, String>> labels(String reference) {
    String path = "/images/" + Filters.segment(reference) + "/json";
    Reply r = http.call("GET", path);
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.IMAGE, reference, r.status(), "GET", path, r.body());
    }
    return Optional.of(ImageWire.labels(r.body(), "GET " + path));
  }

}
