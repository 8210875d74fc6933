package io.github.volumes4j;

import java.util.Locale;

/**
 * The kinds of mount the Engine API reports in a container's {@code Mounts}.
 *
 * <pre>{@code
 * if (mountPoint.type() == MountType.VOLUME) { ... }
 * }</pre>
 */
public enum MountType {
  /** A named or anonymous volume. */
  VOLUME,
  /** A host path. */
  BIND,
  /** A tmpfs in memory. */
  TMPFS,
  /** A Windows named pipe. */
  NPIPE,
  /** A swarm cluster volume (CSI). */
  CLUSTER,
  /** An image's file system (Engine API 1.48+). */
  IMAGE;

  /** The Engine API's spelling: {@code volume}, {@code bind}, ... */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads the Engine API's spelling. */
  public static MountType fromApiName(String name) {
    for (MountType t : values()) {
      if (t.apiName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown mount type \"" + name + "\"; known: volume, bind, tmpfs, npipe, cluster, image");
  }
}
