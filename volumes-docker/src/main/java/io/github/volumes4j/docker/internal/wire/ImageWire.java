package io.github.volumes4j.docker.internal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The daemon's image answers as typed values: an import's progress stream, an image's labels. */
public final class ImageWire {

  private ImageWire() {}

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
