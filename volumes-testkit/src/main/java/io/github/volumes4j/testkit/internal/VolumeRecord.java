package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.internal.DaemonRules;
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
  /**
   * The host directory of a local volume with a bind device ({@code type=none,o=bind,device=/dir}): the
   * volume is that directory (reads and writes go there; removing the volume leaves it), or null.
   */
  public final java.nio.file.Path bindDevice;
  /** A tmpfs-backed volume's {@code o=size=} in bytes, or -1 for no limit. */
  public final long tmpfsSizeLimit;
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
    boolean bind = options != null && "local".equals(driver) && DaemonRules.isBindDevice(options);
    this.bindDevice = bind ? java.nio.file.Path.of(options.getOrDefault("device", "")) : null;
    this.tmpfsSizeLimit = tmpfsBacked ? DaemonRules.tmpfsSizeLimit(options) : -1;
    if (tmpfsBacked) {
      unmountTmpfs(createdAt.toInstant().toEpochMilli());
    }
  }

  /**
   * The tmpfs is unmounted (the last user stopped, or the create or archive call that mounted it is done):
   * what it held is gone, and the next mount is a fresh tmpfs, whose root is 1777 unless {@code o=mode=}
   * says otherwise (probed on 20.10).
   */
  public void unmountTmpfs(long now) {
    root.children.clear();
    root.mode = DaemonRules.tmpfsRootMode(options);
    root.uid = 0;
    root.gid = 0;
    root.mtimeMillis = now;
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
