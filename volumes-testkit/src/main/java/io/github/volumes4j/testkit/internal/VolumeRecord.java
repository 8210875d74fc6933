package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.Volume;
import java.time.OffsetDateTime;
import java.util.Map;

/** The in-memory engine's state of one volume; guarded by the engine's lock. */
public final class VolumeRecord {
  public final String name;
  public final String driver;
  /** null when the request gave none (Docker reports JSON null). */
  public final Map<String, String> labels;
  /** null when the request gave none (Docker reports JSON null). */
  public final Map<String, String> options;
  public final OffsetDateTime createdAt;
  public final boolean anonymous;
  public final Tree.Dir root;
  /** Whether the volume's content lives in a tmpfs (local driver {@code type=tmpfs}). */
  public final boolean tmpfsBacked;
  private Volume view;

  public VolumeRecord(String name, String driver, Map<String, String> labels, Map<String, String> options,
      OffsetDateTime createdAt, boolean anonymous, Tree.Dir root) {
    this.name = name;
    this.driver = driver;
    this.labels = labels;
    this.options = options;
    this.createdAt = createdAt;
    this.anonymous = anonymous;
    this.root = root;
    this.tmpfsBacked = options != null && "tmpfs".equals(options.get("type"));
  }

  public String mountpoint() {
    return "/var/lib/docker/volumes/" + name + "/_data";
  }

  /** The value Docker's inspect would give. */
  public Volume toVolume() {
    Volume v = view;
    if (v == null) {
      Volume.Builder b = Volume.builder().name(name).driver(driver).mountpoint(mountpoint()).createdAt(createdAt)
          .scope("local").labelsReported(labels != null).optionsReported(options != null);
      if (labels != null) {
        b.labels(labels);
      }
      if (options != null) {
        b.options(options);
      }
      v = b.build();
      view = v;
    }
    return v;
  }
}
