package io.github.volumes4j.docker.internal.wire;

import io.github.volumes4j.PruneResult;
import io.github.volumes4j.VolumeUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's own answers as typed values: {@code GET /version}, {@code GET /system/df}'s volume
 * usage, {@code POST /volumes/prune}.
 */
public final class SystemWire {

  private SystemWire() {}

  /** What {@code GET /version} says; absent fields are empty. */
  public record Version(Optional<String> apiVersion, Optional<String> version, Optional<String> os, String product,
      Optional<String> arch) {

    /** Reads a {@code GET /version} answer. */
    public static Version read(byte[] body) {
      Map<String, Object> v = Json.parseObject(body, "GET /version");
      return new Version(Json.str(v, "ApiVersion"), Json.str(v, "Version"), Json.str(v, "Os"), SystemWire.product(v),
          Json.str(v, "Arch"));
    }
  }

  /**
   * What {@code GET /info} says that validation needs: the daemon's host name, its data root, and the
   * volume drivers it knows now (managed plugins, and legacy ones once used since it started).
   */
  public record Info(String name, Optional<String> dataRoot, java.util.Set<String> volumeDrivers) {

    /** Reads a {@code GET /info} answer. */
    public static Info read(byte[] body) {
      Map<String, Object> v = Json.parseObject(body, "GET /info");
      java.util.Set<String> drivers = new java.util.TreeSet<>();
      Object plugins = v.get("Plugins");
      if (plugins instanceof Map<?, ?> p) {
        Json.list(Json.asObject(p), "Volume").forEach(d -> drivers.add(String.valueOf(d)));
      }
      return new Info(Json.str(v, "Name", ""), Json.str(v, "DockerRootDir"), java.util.Set.copyOf(drivers));
    }
  }

  /** A {@code POST /volumes/prune} answer: the volumes removed and the bytes reclaimed. */
  public static PruneResult pruneResult(byte[] body) {
    Map<String, Object> n = Json.parseObject(body, "POST /volumes/prune");
    List<String> deleted = new ArrayList<>();
    Json.list(n, "VolumesDeleted").forEach(x -> deleted.add(String.valueOf(x)));
    return PruneResult.of(deleted, Json.num(n, "SpaceReclaimed", 0));
  }

  /**
   * The product named by a {@code GET /version} answer: a Podman component wins (Podman also fills
   * {@code Platform.Name} with its OS), then {@code Platform.Name}, then {@code Docker Engine}.
   */
  static String product(Map<String, Object> version) {
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
