package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountType;
import io.github.volumes4j.Mounts;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.testkit.ContainerProcess;
import io.github.volumes4j.testkit.Program;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import io.github.volumes4j.testkit.internal.ContainerModel.Container;
import io.github.volumes4j.testkit.internal.ContainerModel.Image;

/** The in-memory engine's images: imported root file systems, registered contents and programs. */
public final class ImageStore {

  private final ContainerStore store;
  private final Object lock;
  private final Clock clock;
  final Map<String, Image> images = new HashMap<>();
  final Map<String, Program> programs = new HashMap<>();

  ImageStore(ContainerStore store, Object lock, Clock clock) {
    this.store = store;
    this.lock = lock;
    this.clock = clock;
  }

  static String normalizeReference(String ref) {
    if (ref.contains("@")) {
      return ref;
    }
    int slash = ref.lastIndexOf('/');
    return ref.indexOf(':', slash + 1) < 0 ? ref + ":latest" : ref;
  }

  Optional<Image> findImage(String ref) {
    Image i = images.get(normalizeReference(ref));
    if (i != null) {
      return Optional.of(i);
    }
    String id = ref.startsWith("sha256:") ? ref : "sha256:" + ref;
    if (ref.length() >= 12 || ref.startsWith("sha256:")) {
      for (Image image : images.values()) {
        if (image.id.startsWith(id)) {
          return Optional.of(image);
        }
      }
    }
    return Optional.empty();
  }

  public boolean imageExists(String reference) {
    synchronized (lock) {
      return findImage(reference).isPresent();
    }
  }

  /** The references of the images, sorted (the in-memory engine keeps no image sizes). */
  public java.util.List<String> listImages() {
    synchronized (lock) {
      return images.keySet().stream().filter(r -> !r.contains("@")).sorted().toList();
    }
  }

  public void importImage(InputStream rootfs, String reference, Map<String, String> labels) {
    Tree.Dir root = new Tree.Dir(0755, clock.millis());
    try {
      Tars.extract(rootfs, root, false, clock.millis());
    } catch (IOException e) {
      throw new EngineException(500, "archive/tar: invalid tar header", e);
    }
    synchronized (lock) {
      images.put(normalizeReference(reference), new Image("sha256:" + Names.randomId(), root, Map.copyOf(labels)));
    }
  }

  /** Images "in a registry": what {@link #pull} brings into the engine. */
  final Map<String, ContainerProcess> remotes = new HashMap<>();

  public void registerImage(String reference, ContainerProcess content) {
    Image image = build(reference, content);
    synchronized (lock) {
      images.put(normalizeReference(reference), image);
    }
  }

  /** Makes the image pullable: it is "in its registry", not yet in the engine. */
  public void registerRemoteImage(String reference, ContainerProcess content) {
    io.github.volumes4j.internal.ImageRefs.parse(reference);
    synchronized (lock) {
      remotes.put(normalizeReference(reference), content);
    }
  }

  /** Pulls a registered remote image into the engine, reporting the steps Docker reports. */
  public void pull(String reference, java.util.function.Consumer<io.github.volumes4j.PullProgress> progress) {
    io.github.volumes4j.internal.ImageRefs.Ref ref = io.github.volumes4j.internal.ImageRefs.parse(reference);
    ContainerProcess content;
    boolean present;
    synchronized (lock) {
      content = remotes.get(normalizeReference(reference));
      present = images.containsKey(normalizeReference(reference));
    }
    if (content == null) {
      throw new io.github.volumes4j.ImageNotFoundException(reference, ref.registry(), "pull of " + reference + " from "
          + ref.registry() + " failed: manifest unknown; the in-memory engine pulls only images registered with"
          + " registerRemoteImage(\"" + reference + "\", fs -> ...); or give it the image at once with registerImage(...)", null);
    }
    progress.accept(step(reference, "Pulling from " + ref.familiarName(), Optional.of(ref.tagOrDigest())));
    if (present) {
      progress.accept(step(reference, "Status: Image is up to date for " + ref.normalized(), Optional.empty()));
      return;
    }
    Image image = build(reference, content);
    synchronized (lock) {
      images.put(normalizeReference(reference), image);
    }
    progress.accept(step(reference, "Digest: " + image.id, Optional.empty()));
    progress.accept(step(reference, "Status: Downloaded newer image for " + ref.normalized(), Optional.empty()));
  }

  private static io.github.volumes4j.PullProgress step(String reference, String status, Optional<String> layer) {
    return new io.github.volumes4j.PullProgress(reference, status, layer, java.util.OptionalLong.empty(),
        java.util.OptionalLong.empty());
  }

  private Image build(String reference, ContainerProcess content) {
    Tree.Dir root = new Tree.Dir(0755, clock.millis());
    Container scratch = new Container("", "", reference, null, root, List.of());
    try {
      content.run(new TreeFiles(store, scratch, clock));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("image content for " + reference + " failed: " + e, e);
    }
    return new Image("sha256:" + Names.randomId(), root, Map.of());
  }

  /** A program for the image's containers; an image of that name that does not exist yet is made, empty. */
  public void registerProgram(String image, Program program) {
    synchronized (lock) {
      programs.put(normalizeReference(image), program);
      if (findImage(image).isEmpty()) {
        images.put(normalizeReference(image), new Image("sha256:" + Names.randomId(), new Tree.Dir(0755, clock.millis()), Map.of()));
      }
    }
  }
}
