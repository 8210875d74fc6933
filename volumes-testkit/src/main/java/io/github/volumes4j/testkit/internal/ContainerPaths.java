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
import io.github.volumes4j.testkit.internal.ContainerModel.Mount;

/**
 * Paths in the in-memory engine's containers: which mount (or the root file system) holds a path,
 * and its symbolic links resolved as Docker resolves them, inside the container's root. The caller
 * holds the engine's lock.
 */
final class ContainerPaths {

  private ContainerPaths() {}

  static String clean(String path) {
    Deque parts = new Deque();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pop();
      } else {
        parts.push(p);
      }
    }
    return parts.toPath();
  }

  /** A tiny stack of path parts. */
  static final class Deque {
    final ArrayList<String> parts = new ArrayList<>();

    void push(String p) {
      parts.add(p);
    }

    void pop() {
      if (!parts.isEmpty()) {
        parts.remove(parts.size() - 1);
      }
    }

    String toPath() {
      return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }
  }

  /** Where a container path lands: the directory of the mount (or root fs) and the rest of the path. */
  record Place(Tree.Dir base, String rest, boolean readOnly, Mount mount, Path host) {
    Place(Tree.Dir base, String rest, boolean readOnly, Mount mount) {
      this(base, rest, readOnly, mount, null);
    }

    /** The host path of a bind-mounted place. */
    Path hostPath() {
      return rest.isEmpty() ? host : host.resolve(rest);
    }
  }

  /**
   * The mount (or the root fs) that holds an absolute, clean path; the caller holds the lock. A
   * process sees a running container's tmpfs mounts; the archive endpoints never do (Docker reads
   * and writes the directory below the tmpfs).
   */
  static Place place(Container c, String path, boolean process) {
    Mount best = null;
    for (Mount m : c.mounts) {
      if (m.type == MountType.TMPFS && (m.tmpfs == null || !process)) {
        continue;
      }
      if ((path.equals(m.destination) || path.startsWith(m.destination + "/"))
          && (best == null || m.destination.length() > best.destination.length())) {
        best = m;
      }
    }
    if (best == null) {
      return new Place(c.rootfs, path.substring(1), false, null);
    }
    String restOfPath = path.length() == best.destination.length() ? "" : path.substring(best.destination.length() + 1);
    if (best.type == MountType.BIND) {
      return new Place(null, restOfPath, !best.rw, best, Path.of(best.bindSource));
    }
    if (best.volume != null && best.volume.bindDevice != null) {  // the volume is the host directory
      Path dir = best.subpath.map(best.volume.bindDevice::resolve).orElse(best.volume.bindDevice);
      return new Place(null, restOfPath, !best.rw, best, dir);
    }
    Tree.Dir base = best.volume != null ? best.volume.root : best.tmpfs;
    if (best.volume != null && best.subpath.isPresent()) {
      Tree.Node n = TreeFiles.walk(best.volume.root, best.subpath.get());
      base = n instanceof Tree.Dir d ? d : base;
    }
    return new Place(base, restOfPath, !best.rw, best);
  }

  /** Whether a clean absolute path is where one of the container's mounts is. */
  static boolean isMountPoint(Container c, String path) {
    for (Mount m : c.mounts) {
      if (m.destination.length() == path.length() && m.destination.equals(path)) {
        return true;
      }
    }
    return false;
  }

  static String absolute(String path) {
    return path.startsWith("/") ? path : "/" + path;
  }

  /**
   * Resolves the symbolic links in an absolute, clean container path as Docker does, within the
   * container's root: an absolute link starts again at the container's {@code /}, {@code ..} stops
   * there, links in volumes and binds lead anywhere in the container. The last element is followed
   * only when {@code followLast}. The caller holds the lock.
   */
  static String resolve(Container c, String path, boolean followLast) {
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        todo.add(part);
      }
    }
    ArrayList<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      done.add(part);
      if (todo.isEmpty() && !followLast) {
        break;
      }
      Optional<String> target = linkAt(c, "/" + String.join("/", done));
      if (target.isEmpty()) {
        continue;
      }
      if (++links > 255) {
        throw new EngineException(500, "evaluating symlinks of " + path + ": too many links", null);
      }
      done.remove(done.size() - 1);
      if (target.get().startsWith("/")) {
        done.clear();
      }
      String[] parts = target.get().split("/");
      for (int i = parts.length - 1; i >= 0; i--) {
        if (!parts[i].isEmpty()) {
          todo.addFirst(parts[i]);
        }
      }
    }
    return done.isEmpty() ? "/" : "/" + String.join("/", done);
  }

  /** The target of the symbolic link at a container path (itself free of links), if it is one. */
  private static Optional<String> linkAt(Container c, String path) {
    Place p = place(c, path, false);
    if (p.host() != null) {
      Path h = p.hostPath();
      if (!Files.isSymbolicLink(h)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readSymbolicLink(h).toString());
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return TreeFiles.walk(p.base(), p.rest()) instanceof Tree.Symlink l ? Optional.of(l.target) : Optional.empty();
  }
}
