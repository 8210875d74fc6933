package io.github.volumes4j.data.internal;

import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineInfo;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helper containers: created (never started) from the library's empty helper image, with one
 * volume mounted at {@link #MOUNT}, labelled with the session, removed after use.
 *
 * <p>Every helper has a name of its own ({@code v4j-helper-<session>-<n>}), so that a create whose
 * answer was lost (connection cut, timeout) is found by that name and removed; a helper whose
 * removal fails is remembered and removed again before the next helper is made ({@link #leftovers()}).
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
  private final AtomicLong counter = new AtomicLong();
  private final Set<String> leftovers = ConcurrentHashMap.newKeySet();
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

  /** Helpers this instance could not remove yet (the engine was unreachable); removed again before the next helper. */
  public List<String> leftovers() {
    return new ArrayList<>(leftovers);
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
   * @throws DataMovementException on Podman, whose archive endpoints are not faithful
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
    retryLeftovers();
    ensureImage();
    Map<String, String> labels = new LinkedHashMap<>(extraLabels);
    labels.put(LABEL_HELPER, "true");
    labels.put(LABEL_SESSION, session);
    labels.put(LABEL_VOLUME, volume);
    String name = "v4j-helper-" + session.substring(0, 8) + "-" + counter.incrementAndGet();
    ContainerSpec spec = ContainerSpec.builder().image(IMAGE).name(name).command(NEVER_RUN).labels(labels)
        .network("none")
        .addMount(VolumeMount.builder().source(volume).target(MOUNT).readOnly(readOnly).noCopy(true).build())
        .build();
    String id;
    try {
      id = engine.createContainer(spec);
    } catch (RuntimeException | Error e) {
      // The daemon may have created it and the answer been lost: remove it by its name.
      removeAfterFailedCreate(name, e);
      throw e;
    }
    LOG.debug("helper {} ({}) for volume {}", name, id, volume);
    return new Helper(this, id, name, volume);
  }

  /**
   * Names and labels a started helper's spec as {@link #createForStat} does for created ones (after
   * removing the leftovers of earlier failures); returns the name.
   */
  String prepare(ContainerSpec.Builder spec, String volume) {
    retryLeftovers();
    Map<String, String> labels = new LinkedHashMap<>(extraLabels);
    labels.put(LABEL_HELPER, "true");
    labels.put(LABEL_SESSION, session);
    labels.put(LABEL_VOLUME, volume);
    String name = "v4j-helper-" + session.substring(0, 8) + "-" + counter.incrementAndGet();
    spec.name(name).labels(labels);
    return name;
  }

  /** A started helper whose removal failed: removed again before the next helper. */
  void remember(String name, String volume, RuntimeException failure) {
    leftovers.add(name);
    LOG.warn("could not remove the volumes4j helper container {} (volume {}): {}; it is removed again before the next "
        + "operation of this DataMovement, or remove it with docker rm -f {}", name, volume, failure.getMessage(), name);
  }

  void removeAfterFailedCreate(String name, Throwable failure) {
    try {
      engine.removeContainer(name, false, true);
      LOG.debug("helper {} existed after its create failed; removed", name);
    } catch (ContainerNotFoundException gone) {
      // never created
    } catch (RuntimeException e) {
      leftovers.add(name);
      failure.addSuppressed(new DataMovementException("the helper container " + name + " may have been created and could "
          + "not be removed (" + e.getMessage() + "); it is removed again before the next operation, or remove it with "
          + "docker rm -f " + name, e));
    }
  }

  private void retryLeftovers() {
    for (String name : leftovers) {
      try {
        engine.removeContainer(name, false, true);
        leftovers.remove(name);
      } catch (ContainerNotFoundException gone) {
        leftovers.remove(name);
      } catch (RuntimeException e) {
        LOG.debug("helper {} still cannot be removed: {}", name, e.getMessage());
      }
    }
  }

  /**
   * Refuses the archive endpoints of Podman: measured on Podman 4.3.1, a GET reports every entry as
   * owned by 0:0 whatever its owner, and leaves out the entry of the directory itself, so a backup,
   * copy or clone through them would lose owners and fail its own verification.
   */
  static void requireFaithfulArchives(EngineInfo info, String volume) {
    if (info.isPodman()) {
      throw new DataMovementException("cannot move the data of volume \"" + volume + "\" through "
          + "the archive endpoints of " + info.product().orElse("Podman") + " " + info.version() + " (" + info.name()
          + "): they report every file as owned by root and leave out the volume's root entry, so the copy would not be "
          + "faithful; nothing was read or written. On a local Podman, run as a user who can read and write the volumes' "
          + "mountpoints (root) and keep fastPath on, or let volumes4j start helper containers (the default when a "
          + "helper image is at hand: the library's own from a static busybox of this host, or DataMovement.helperImage)",
          null);
    }
  }

  /** A created helper container; {@link #close()} removes it (also after a failure). */
  public static final class Helper implements AutoCloseable {
    private final Helpers helpers;
    private final String id;
    private final String name;
    private final String volume;

    Helper(Helpers helpers, String id, String name, String volume) {
      this.helpers = helpers;
      this.id = id;
      this.name = name;
      this.volume = volume;
    }

    public String id() {
      return id;
    }

    public String volume() {
      return volume;
    }

    /**
     * Removes the helper; a removal whose answer was lost is tried once more (a helper already gone
     * is removed), and one that still fails is remembered for the next operation.
     */
    @Override
    public void close() {
      VolumesException last = null;
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          helpers.engine.removeContainer(id, false, true);
          return;
        } catch (ContainerNotFoundException gone) {
          return;
        } catch (VolumesException e) {
          last = e;
        }
      }
      helpers.leftovers.add(name);
      LOG.warn("could not remove the volumes4j helper container {} (volume {}): {}; it is removed again before the next "
          + "operation of this DataMovement, or remove it with docker rm -f {}", name, volume, last.getMessage(), name);
    }
  }
}
