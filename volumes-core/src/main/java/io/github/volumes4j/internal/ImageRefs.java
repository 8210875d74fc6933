package io.github.volumes4j.internal;


/**
 * Image references read as the docker CLI reads them ({@code distribution/reference}'s normalized
 * names): {@code busybox} is {@code docker.io/library/busybox:latest}; the first path component is a
 * registry when it has a {@code .} or a {@code :}, or is {@code localhost}. Not API.
 */
public final class ImageRefs {

  /** The registry Docker Hub's familiar names live in. */
  public static final String DOCKER_HUB = "docker.io";

  private ImageRefs() {}

  /**
   * A reference taken apart.
   *
   * @param registry {@code docker.io} or a {@code host[:port]}
   * @param repository the path in the registry ({@code library/busybox} for Hub's official images)
   * @param familiarName the name as the CLI shows it and the pull API takes it ({@code busybox}, {@code 127.0.0.1:5000/a/b})
   * @param tagOrDigest {@code latest} unless given; a digest as {@code sha256:...}
   */
  public record Ref(String registry, String repository, String familiarName, String tagOrDigest) {
    public boolean isDigest() {
      return tagOrDigest.contains(":");
    }

    /** {@code name:tag} or {@code name@digest}, as the engine names a pulled image. */
    public String normalized() {
      return familiarName + (isDigest() ? "@" : ":") + tagOrDigest;
    }
  }

  /** @throws IllegalArgumentException for what Docker calls an invalid reference format */
  public static Ref parse(String reference) {
    String r = reference;
    if (r.isEmpty() || !r.equals(r.strip())) {
      throw invalid(reference, "it is empty or has white space");
    }
    String digest = null;
    int at = r.indexOf('@');
    if (at >= 0) {
      digest = r.substring(at + 1);
      r = r.substring(0, at);
      if (!digest.matches("[a-z0-9]+:[a-fA-F0-9]{32,}")) {
        throw invalid(reference, "the digest \"" + digest + "\" is not algorithm:hex");
      }
    }
    String tag = null;
    int slash = r.lastIndexOf('/');
    int colon = r.lastIndexOf(':');
    if (colon > slash) {
      tag = r.substring(colon + 1);
      r = r.substring(0, colon);
      if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
        throw invalid(reference, "the tag \"" + tag + "\" is not [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
      }
    }
    String registry = DOCKER_HUB;
    String path = r;
    int first = r.indexOf('/');
    if (first > 0) {
      String head = r.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        registry = head.equals("index.docker.io") ? DOCKER_HUB : head;
        path = r.substring(first + 1);
      }
    }
    if (path.isEmpty() || !path.matches("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*")) {
      throw invalid(reference, "the repository \"" + path + "\" must be lowercase letters, digits and separators");
    }
    String repository = registry.equals(DOCKER_HUB) && !path.contains("/") ? "library/" + path : path;
    String familiar = registry.equals(DOCKER_HUB) ? (repository.startsWith("library/") ? repository.substring(8) : repository)
        : registry + "/" + path;
    return new Ref(registry, repository, familiar,
        digest != null ? digest : tag != null ? tag : "latest");
  }

  private static IllegalArgumentException invalid(String reference, String why) {
    return new IllegalArgumentException("invalid image reference \"" + reference + "\": " + why
        + "; write name[:tag] or name@sha256:..., for example busybox:1.36 or registry.example.com/team/app:2");
  }
}
