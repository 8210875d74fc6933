package io.github.volumes4j.docker.internal.wire;

import io.github.volumes4j.internal.Secrets;
import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.InvalidVolumeSpecException;
import io.github.volumes4j.VolumeConflictException;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.docker.DockerErrorResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the daemon's error answers to our exceptions. The exception's message is the daemon's message,
 * verbatim (secrets masked); the status and request are kept in a {@link DockerErrorResponse} cause.
 */
public final class Errors {

  /** What a request was about, which decides what a status means. */
  public enum Subject { VOLUME, VOLUME_CREATE, VOLUME_FILTER, CONTAINER, CONTAINER_CREATE, ARCHIVE, IMAGE, OTHER }

  private static final Pattern IN_USE_IDS = Pattern.compile("volume is in use - \\[([^\\]]*)\\]");

  private Errors() {}

  /** The {@code message} of a JSON error body, or the body as text. */
  public static String message(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (text.startsWith("{")) {
      try {
        Object m = Json.parseObject(body, "an error").get("message");
        if (m != null) {
          return m.toString();
        }
      } catch (RuntimeException e) {
        // not JSON after all: use the text
      }
    }
    return text;
  }

  /**
   * The exception for a failed answer.
   *
   * @param subjectName the volume or container name (or the offending value) the request was about
   */
  public static VolumesException map(Secrets.Registry secrets, Subject subject, String subjectName, int status,
      String method, String path, byte[] body) {
    String message = secrets.mask(message(body));
    if (message.isEmpty()) {
      message = "HTTP " + status + " from " + method + " " + path.replaceAll("\\?.*", "");
    }
    DockerErrorResponse cause = new DockerErrorResponse(status, method, secrets.mask(path), message);
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.startsWith("no such container") && status >= 400 && status < 500) {
      // 404 on the container's own endpoints; 400 on create when volumes-from names a missing container
      return new ContainerNotFoundException(subjectName, message, cause);
    }
    switch (status) {
      case 404:
        if (subject == Subject.VOLUME || lower.contains("no such volume")) {
          return new VolumeNotFoundException(subjectName, message, cause);
        }
        if (subject == Subject.CONTAINER && !lower.contains("no such image")) {
          return new ContainerNotFoundException(subjectName, message, cause);
        }
        // an unknown driver on create ("error looking up volume plugin x: plugin "x" not found") stays an
        // EngineException with status 404, as the contract suite has it
        break;
      case 409:
        Matcher m = IN_USE_IDS.matcher(message);
        if (m.find()) {
          List<String> ids = new ArrayList<>();
          for (String id : m.group(1).split("[,\\s]+")) {
            if (!id.isBlank()) {
              ids.add(id.trim());
            }
          }
          return new VolumeInUseException(subjectName, ids, message, cause);
        }
        if (subject == Subject.VOLUME || subject == Subject.VOLUME_CREATE) {
          return new VolumeConflictException(subjectName, message, cause);
        }
        break;
      case 400:
        if (subject == Subject.VOLUME || subject == Subject.VOLUME_CREATE || subject == Subject.VOLUME_FILTER) {
          return new InvalidVolumeSpecException(subjectName, message, cause);
        }
        if (subject == Subject.CONTAINER_CREATE && isMountMessage(lower)) {
          return new InvalidMountSpecException(subjectName, "", -1, message, cause);
        }
        break;
      case 500:
        // Binds parsing answers 500 ("invalid volume specification: 'a:b:c:d'", "invalid mode: bogus");
        // other 500s on create (a driver failing to mount a volume) are the engine's, not the spec's
        if (subject == Subject.CONTAINER_CREATE && (lower.startsWith("invalid volume specification")
            || lower.startsWith("invalid mode") || lower.startsWith("invalid mount"))) {
          return new InvalidMountSpecException(subjectName, "", -1, message, cause);
        }
        // a name longer than the file system allows for the volume's directory (255 bytes for local)
        if (subject == Subject.VOLUME_CREATE && lower.endsWith("file name too long")) {
          return new InvalidVolumeSpecException(subjectName, message, cause);
        }
        break;
      default:
        break;
    }
    return new EngineException(status, message, cause);
  }

  static boolean isMountMessage(String lower) {
    return lower.contains("mount") || lower.contains("volume specification") || lower.contains("bind")
        || lower.contains("tmpfs") || lower.contains("volumes-from") || lower.contains("invalid volume");
  }
}
