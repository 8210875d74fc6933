package io.github.volumes4j.data.internal;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helper containers: created (never started) from the library's empty helper image, with one
 * volume mounted at {@link #MOUNT}, labelled with the session, removed after use.
 */
public final class Helpers {

  private static final Logger LOG = LoggerFactory.getLogger(Helpers.class);

  /** The image: an empty root file system imported by the library itself. */
  public static final String IMAGE = "volumes4j/helper:empty-1";
  public static final String LABEL_HELPER = "io.github.volumes4j.helper";
  public static final String LABEL_SESSION = "io.github.volumes4j.session";
  public static final String LABEL_VOLUME = "io.github.volumes4j.helper.volume";
  /** Where the volume is mounted in a helper. */
  public static final String MOUNT = "/data";
  /**
   * The command given to satisfy Docker's "No command specified" for an image without CMD; the
   * image holds no files, so it could not run, and helpers are never started.
   */
  public static final List<String> NEVER_RUN = List.of("/volumes4j-helper-is-never-started");

  private final VolumeEngine engine;
  private final String session;
  private final Map<String, String> extraLabels;
  private volatile boolean imageChecked;

  public Helpers(VolumeEngine engine, Map<String, String> extraLabels) {
    this.engine = engine;
    this.session = UUID.randomUUID().toString();
    this.extraLabels = Map.copyOf(extraLabels);
  }

  public String session() {
    return session;
  }

  public VolumeEngine engine() {
    return engine;
  }

  /** Imports the helper image if it is missing (an empty tarball: 1,024 zero bytes). */
  public void ensureImage() {
    if (imageChecked) {
      return;
    }
    synchronized (Helpers.class) {
      if (!engine.imageExists(IMAGE)) {
        LOG.debug("importing the helper image {}", IMAGE);
        engine.importImage(new ByteArrayInputStream(new byte[1024]), IMAGE,
            Map.of(LABEL_HELPER, "true", "org.opencontainers.image.description",
                "empty image of volumes4j data-movement helpers; never run"));
      }
      imageChecked = true;
    }
  }

  /**
   * A created, never-started helper with {@code volume} at {@link #MOUNT} to move data through the
   * archive endpoints; close it to remove it.
   *
   * @throws io.github.volumes4j.data.DataMovementException on Podman, whose archive endpoints are not faithful
   */
  public Helper create(String volume, boolean readOnly) {
    requireFaithfulArchives(engine.info(), volume);
    return createForStat(volume, readOnly);
  }

  /**
   * A helper used only to stat the volume's root through the engine (to prove a host mountpoint is
   * the volume's): allowed on every engine.
   */
  public Helper createForStat(String volume, boolean readOnly) {
    ensureImage();
    Map<String, String> labels = new LinkedHashMap<>(extraLabels);
    labels.put(LABEL_HELPER, "true");
    labels.put(LABEL_SESSION, session);
    labels.put(LABEL_VOLUME, volume);
    ContainerSpec spec = ContainerSpec.builder().image(IMAGE).command(NEVER_RUN).labels(labels).network("none")
        .addMount(VolumeMount.builder().source(volume).target(MOUNT).readOnly(readOnly).noCopy(true).build())
        .build();
    String id = engine.createContainer(spec);
    LOG.debug("helper {} for volume {}", id, volume);
    return new Helper(engine, id, volume);
  }

  /**
   * Refuses the archive endpoints of Podman: measured on Podman 4.3.1, a GET reports every entry as
   * owned by 0:0 whatever its owner, and leaves out the entry of the directory itself, so a backup,
   * copy or clone through them would lose owners and fail its own verification.
   */
  static void requireFaithfulArchives(io.github.volumes4j.EngineInfo info, String volume) {
    if (info.isPodman()) {
      throw new io.github.volumes4j.data.DataMovementException("cannot move the data of volume \"" + volume + "\" through "
          + "the archive endpoints of " + info.product().orElse("Podman") + " " + info.version() + " (" + info.name()
          + "): they report every file as owned by root and leave out the volume's root entry, so the copy would not be "
          + "faithful; nothing was read or written. On a local Podman, run as a user who can read and write the volumes' "
          + "mountpoints (root) and keep fastPath on: backup, restore into a new or empty volume, and clone then go "
          + "through the mountpoints; copyInto and copyFrom need Docker");
    }
  }

  /** A created helper container; {@link #close()} removes it (also after a failure). */
  public static final class Helper implements AutoCloseable {
    private final VolumeEngine engine;
    private final String id;
    private final String volume;

    Helper(VolumeEngine engine, String id, String volume) {
      this.engine = engine;
      this.id = id;
      this.volume = volume;
    }

    public String id() {
      return id;
    }

    public String volume() {
      return volume;
    }

    @Override
    public void close() {
      try {
        engine.removeContainer(id, false, true);
      } catch (VolumesException e) {
        LOG.warn("could not remove the volumes4j helper container {} (volume {}): {}; remove it with docker rm -f {}",
            id, volume, e.getMessage(), id);
      }
    }
  }
}
