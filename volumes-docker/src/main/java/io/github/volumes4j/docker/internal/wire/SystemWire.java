package io.github.volumes4j.docker.internal.wire;

import io.github.volumes4j.VolumeUsage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The daemon's own answers: {@code GET /version}'s product, {@code GET /system/df}'s volume usage. */
public final class SystemWire {

  private SystemWire() {}

  /**
   * The product named by a {@code GET /version} answer: a Podman component wins (Podman also fills
   * {@code Platform.Name} with its OS), then {@code Platform.Name}, then {@code Docker Engine}.
   */
  public static String product(Map<String, Object> version) {
    for (Object c : Json.list(version, "Components")) {
      if (c instanceof Map<?, ?> m && m.get("Name") instanceof String n && n.toLowerCase(Locale.ROOT).contains("podman")) {
        return n;
      }
    }
    Object platform = version.get("Platform");
    if (platform instanceof Map<?, ?> p && p.get("Name") instanceof String n && !n.isBlank()) {
      return n;
    }
    return "Docker Engine";
  }

  /** Size and reference count of every volume {@code /system/df} reports, by name. */
  public static Map<String, VolumeUsage> volumeUsage(byte[] body) {
    Map<String, VolumeUsage> out = new LinkedHashMap<>();
    for (Object o : Json.list(Json.parseObject(body, "GET /system/df"), "Volumes")) {
      Map<String, Object> v = Json.asObject(o);
      usage(v).ifPresent(u -> out.put(Json.str(v, "Name", ""), u));
    }
    return out;
  }

  private static Optional<VolumeUsage> usage(Map<String, Object> v) {
    if (!Json.present(v, "UsageData")) {
      return Optional.empty();
    }
    Map<String, Object> u = Json.obj(v, "UsageData");
    return Optional.of(VolumeUsage.of(Json.num(u, "Size", -1), Json.num(u, "RefCount", -1)));
  }
}
