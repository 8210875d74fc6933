package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.PathStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The host directories of bind mounts: what the in-memory engine reads and writes on disk. Trees
 * are loaded for archive reads and stored after archive writes; owners are kept when the JVM may
 * set them (as root), modes as far as POSIX permissions go.
 */
final class HostFs {

  private HostFs() {}

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  static boolean exists(Path p) {
    return Files.exists(p, NOFOLLOW);
  }

  static int mode(Path p) {
    try {
      Object m = Files.getAttribute(p, "unix:mode", NOFOLLOW);
      return ((Integer) m) & 07777;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      try {
        return toBits(Files.getPosixFilePermissions(p, NOFOLLOW));
      } catch (IOException | UnsupportedOperationException ex) {
        return Files.isDirectory(p, NOFOLLOW) ? 0755 : 0644;
      }
    }
  }

  private static int intAttr(Path p, String name) {
    try {
      return (Integer) Files.getAttribute(p, name, NOFOLLOW);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return 0;
    }
  }

  static int toBits(Set<PosixFilePermission> perms) {
    int bits = 0;
    for (PosixFilePermission p : perms) {
      bits |= 1 << (8 - p.ordinal());
    }
    return bits;
  }

  static Set<PosixFilePermission> toPerms(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - p.ordinal()))) != 0) {
        s.add(p);
      }
    }
    return s;
  }

  /** A snapshot of a host path as a tree node (hard links become shared nodes). */
  static Tree.Node load(Path p) {
    return load(p, new java.util.HashMap<>());
  }

  private static Tree.Node load(Path p, Map<Object, Tree.Node> inodes) {
    try {
      long mtime = Files.getLastModifiedTime(p, NOFOLLOW).toMillis();
      Tree.Node n;
      if (Files.isSymbolicLink(p)) {
        n = new Tree.Symlink(mtime, Files.readSymbolicLink(p).toString());
      } else if (Files.isDirectory(p, NOFOLLOW)) {
        Tree.Dir d = new Tree.Dir(mode(p), mtime);
        try (Stream<Path> children = Files.list(p)) {
          for (Path c : children.sorted().toList()) {
            d.children.put(c.getFileName().toString(), load(c, inodes));
          }
        }
        n = d;
      } else {
        Object key = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, NOFOLLOW).fileKey();
        if (key != null && inodes.containsKey(key)) {
          return inodes.get(key);
        }
        n = new Tree.File(mode(p), mtime, Files.readAllBytes(p));
        if (key != null) {
          inodes.put(key, n);
        }
      }
      n.uid = intAttr(p, "unix:uid");
      n.gid = intAttr(p, "unix:gid");
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a tree's children into an existing host directory (merging, replacing files). */
  static void store(Tree.Dir from, Path into) {
    store(from, into, new IdentityHashMap<>());
    applyMeta(from, into);
  }

  private static void store(Tree.Dir from, Path into, Map<Tree.Node, Path> written) {
    try {
      for (Map.Entry<String, Tree.Node> e : from.children.entrySet()) {
        Path target = into.resolve(e.getKey());
        Tree.Node n = e.getValue();
        if (n instanceof Tree.Dir d) {
          if (exists(target) && !Files.isDirectory(target, NOFOLLOW)) {
            Files.delete(target);
          }
          Files.createDirectories(target);
          store(d, target, written);
          applyMeta(d, target);
        } else if (n instanceof Tree.Symlink s) {
          deleteRecursively(target);
          Files.createSymbolicLink(target, Path.of(s.target));
          applyLinkMeta(target, s.uid, s.gid, s.mtimeMillis);
        } else if (n instanceof Tree.File f) {
          Path first = written.get(f);
          if (exists(target) && Files.isDirectory(target, NOFOLLOW)) {
            deleteRecursively(target);
          }
          if (first != null) {
            Files.deleteIfExists(target);
            Files.createLink(target, first);
          } else {
            Path tmp = Files.createTempFile(into, ".v4j", ".tmp");
            Files.write(tmp, f.data);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            written.put(f, target);
            applyMeta(f, target);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A symbolic link's owner and mtime, never its target's ({@code lchown}, {@code lutimes}), as Docker's untar
   * sets them (recorded on 20.10: a link written by PUT /archive into a named volume or a bind mount keeps the
   * archived uid, gid and mtime). Not root: the owner stays the JVM's, as a rootless daemon's would.
   */
  static void applyLinkMeta(Path p, int uid, int gid, long mtimeMillis) {
    try {
      Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
      Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      // not root
    }
    try {
      Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW)
          .setTimes(FileTime.fromMillis(mtimeMillis), null, null);
    } catch (IOException | UnsupportedOperationException e) {
      // a platform without lutimes: the link keeps the time it was made
    }
  }

  static void applyMeta(Tree.Node n, Path p) {
    setMode(p, n.mode);
    try {
      Files.setAttribute(p, "unix:uid", n.uid, NOFOLLOW);
      Files.setAttribute(p, "unix:gid", n.gid, NOFOLLOW);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      // not root: the files keep the JVM's owner, as a rootless daemon's would
    }
    try {
      Files.setLastModifiedTime(p, FileTime.fromMillis(n.mtimeMillis));
    } catch (IOException e) {
      // best effort
    }
  }

  /** chmod with setuid, setgid and sticky bits where the platform allows, else the permission bits. */
  static void setMode(Path p, int mode) {
    try {
      Files.setAttribute(p, "unix:mode", mode & 07777, NOFOLLOW);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      try {
        Files.setPosixFilePermissions(p, toPerms(mode));
      } catch (IOException | UnsupportedOperationException ex) {
        // best effort
      }
    }
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!exists(p)) {
      return;
    }
    if (Files.isDirectory(p, NOFOLLOW)) {
      try (Stream<Path> s = Files.list(p)) {
        for (Path c : s.toList()) {
          deleteRecursively(c);
        }
      }
    }
    Files.delete(p);
  }

  static PathStat stat(String name, Path p, String containerPath) {
    Tree.Node n = Files.isDirectory(p, NOFOLLOW) ? new Tree.Dir(mode(p), mtime(p)) : load(p);
    String linkTarget = "";
    if (n instanceof Tree.Symlink l) {
      String parent = containerPath.substring(0, containerPath.lastIndexOf('/'));
      linkTarget = l.target.startsWith("/") ? ContainerPaths.clean(l.target) : ContainerPaths.clean(parent + "/" + l.target);
    }
    return Tars.stat(name, n, linkTarget);
  }

  private static long mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p, NOFOLLOW).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  static List<String> list(Path p) throws IOException {
    try (Stream<Path> s = Files.list(p)) {
      return s.map(c -> c.getFileName().toString()).sorted().toList();
    }
  }
}
