package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.testkit.ContainerFiles;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;
import java.time.Clock;
import java.util.List;

/** A container's file system through its mounts, for Java processes. */
final class TreeFiles implements ContainerFiles {

  private final ContainerStore containers;
  private final ContainerModel.Container container;
  private final Clock clock;

  TreeFiles(ContainerStore containers, ContainerModel.Container container, Clock clock) {
    this.containers = containers;
    this.container = container;
    this.clock = clock;
  }

  /** The node at a relative path under a directory, or null; symbolic links are not followed. */
  static Tree.Node walk(Tree.Dir base, String rel) {
    Tree.Node n = base;
    for (String part : rel.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (!(n instanceof Tree.Dir d)) {
        return null;
      }
      n = d.children.get(part);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  /** Creates the directories of an absolute path under a root. */
  static void mkdirs(Tree.Dir root, String abs, long now) {
    Tree.Dir d = root;
    for (String part : abs.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      Tree.Node n = d.children.get(part);
      if (n instanceof Tree.Dir sub) {
        d = sub;
      } else if (n == null) {
        Tree.Dir sub = new Tree.Dir(0755, now);
        d.children.put(part, sub);
        d = sub;
      } else {
        return;
      }
    }
  }

  private ContainerPaths.Place place(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path \"" + path + "\" is not absolute; give a container path such as /data/x");
    }
    if (container.rootfs == null) {
      throw new IllegalStateException("no file system");
    }
    return ContainerPaths.place(container, ContainerPaths.clean(path), true);
  }

  private static UncheckedIOException io(java.io.IOException e) {
    return new UncheckedIOException(e);
  }

  /** An operation on a bind mount's host path. */
  private interface HostOp<T> {
    T run(java.nio.file.Path p) throws java.io.IOException;
  }

  private static <T> T host(ContainerPaths.Place p, boolean writes, HostOp<T> op) {
    if (writes && p.readOnly()) {
      throw new ReadOnlyFileSystemException();
    }
    try {
      return op.run(p.hostPath());
    } catch (java.io.IOException e) {
      throw io(e);
    }
  }

  private Tree.Node node(String path) {
    ContainerPaths.Place p = place(path);
    Tree.Node n = walk(p.base(), p.rest());
    if (n == null) {
      throw io(new NoSuchFileException(path));
    }
    return n;
  }

  private Tree.Dir parentForWrite(String path, ContainerPaths.Place p) {
    if (p.readOnly()) {
      throw new ReadOnlyFileSystemException();
    }
    String rest = p.rest();
    if (rest.isEmpty()) {
      throw io(new FileAlreadyExistsException(path, null, "is a mount point"));
    }
    int slash = rest.lastIndexOf('/');
    Tree.Node parent = slash < 0 ? p.base() : walk(p.base(), rest.substring(0, slash));
    if (parent == null) {
      throw io(new NoSuchFileException(path, null, "parent directory does not exist"));
    }
    if (!(parent instanceof Tree.Dir d)) {
      throw io(new NotDirectoryException(path));
    }
    return d;
  }

  private static String last(String rest) {
    return rest.substring(rest.lastIndexOf('/') + 1);
  }

  @Override
  public byte[] read(String path) {
    synchronized (containers.lock()) {
      ContainerPaths.Place p = place(path);
      if (p.host() != null) {
        return host(p, false, java.nio.file.Files::readAllBytes);
      }
      Tree.Node n = node(path);
      if (!(n instanceof Tree.File f)) {
        throw io(new java.io.IOException(path + ": not a regular file"));
      }
      return f.data.clone();
    }
  }

  @Override
  public void write(String path, byte[] content) {
    synchronized (containers.lock()) {
      ContainerPaths.Place p = place(path);
      if (p.host() != null) {
        host(p, true, h -> java.nio.file.Files.write(h, content));
        return;
      }
      Tree.Dir parent = parentForWrite(path, p);
      String name = last(p.rest());
      Tree.Node existing = parent.children.get(name);
      if (existing instanceof Tree.File f) {
        f.data = content.clone();
        f.mtimeMillis = clock.millis();
      } else if (existing instanceof Tree.Dir) {
        throw io(new FileAlreadyExistsException(path, null, "is a directory"));
      } else {
        parent.children.put(name, new Tree.File(0644, clock.millis(), content.clone()));
      }
      parent.mtimeMillis = clock.millis();
    }
  }

  @Override
  public void mkdirs(String path) {
    synchronized (containers.lock()) {
      String clean = ContainerPaths.clean(path);
      StringBuilder sofar = new StringBuilder();
      for (String part : clean.split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        sofar.append('/').append(part);
        ContainerPaths.Place p = place(sofar.toString());
        if (p.host() != null) {
          host(p, true, java.nio.file.Files::createDirectories);
          continue;
        }
        Tree.Node n = walk(p.base(), p.rest());
        if (n instanceof Tree.Dir) {
          continue;
        }
        if (n != null) {
          throw io(new FileAlreadyExistsException(sofar.toString(), null, "not a directory"));
        }
        Tree.Dir parent = parentForWrite(sofar.toString(), p);
        parent.children.put(part, new Tree.Dir(0755, clock.millis()));
      }
    }
  }

  @Override
  public List<String> list(String directory) {
    synchronized (containers.lock()) {
      ContainerPaths.Place p = place(directory);
      if (p.host() != null) {
        return host(p, false, HostFs::list);
      }
      Tree.Node n = node(directory);
      if (!(n instanceof Tree.Dir d)) {
        throw io(new NotDirectoryException(directory));
      }
      return List.copyOf(d.children.keySet());
    }
  }

  @Override
  public boolean exists(String path) {
    synchronized (containers.lock()) {
      ContainerPaths.Place p = place(path);
      if (p.host() != null) {
        return HostFs.exists(p.hostPath());
      }
      return walk(p.base(), p.rest()) != null;
    }
  }

  @Override
  public void delete(String path) {
    synchronized (containers.lock()) {
      ContainerPaths.Place p = place(path);
      if (p.host() != null) {
        host(p, true, h -> {
          if (!HostFs.exists(h)) {
            throw new NoSuchFileException(path);
          }
          HostFs.deleteRecursively(h);
          return null;
        });
        return;
      }
      Tree.Dir parent = parentForWrite(path, p);
      if (parent.children.remove(last(p.rest())) == null) {
        throw io(new NoSuchFileException(path));
      }
    }
  }

  @Override
  public void symlink(String link, String target) {
    synchronized (containers.lock()) {
      ContainerPaths.Place p = place(link);
      if (p.host() != null) {
        host(p, true, h -> java.nio.file.Files.createSymbolicLink(h, java.nio.file.Path.of(target)));
        return;
      }
      Tree.Dir parent = parentForWrite(link, p);
      if (parent.children.containsKey(last(p.rest()))) {
        throw io(new FileAlreadyExistsException(link));
      }
      parent.children.put(last(p.rest()), new Tree.Symlink(clock.millis(), target));
    }
  }

  @Override
  public void hardLink(String link, String existing) {
    synchronized (containers.lock()) {
      ContainerPaths.Place hp = place(link);
      ContainerPaths.Place he = place(existing);
      if (hp.host() != null || he.host() != null) {
        if (hp.mount() != he.mount()) {
          throw io(new java.io.IOException("link " + link + " -> " + existing + ": invalid cross-device link"));
        }
        host(hp, true, h -> java.nio.file.Files.createLink(h, he.hostPath()));
        return;
      }
      Tree.Node n = node(existing);
      if (!(n instanceof Tree.File)) {
        throw io(new java.io.IOException(existing + ": hard links need a regular file"));
      }
      ContainerPaths.Place p = place(link);
      ContainerPaths.Place e = place(existing);
      if (p.mount() != e.mount()) {
        throw io(new java.io.IOException("link " + link + " -> " + existing + ": invalid cross-device link"));
      }
      Tree.Dir parent = parentForWrite(link, p);
      if (parent.children.containsKey(last(p.rest()))) {
        throw io(new FileAlreadyExistsException(link));
      }
      parent.children.put(last(p.rest()), n);
    }
  }

  @Override
  public void chmod(String path, int mode) {
    synchronized (containers.lock()) {
      ContainerPaths.Place p = place(path);
      if (p.host() != null) {
        host(p, true, h -> {
          HostFs.setMode(h, mode);
          return null;
        });
        return;
      }
      if (place(path).readOnly()) {
        throw new ReadOnlyFileSystemException();
      }
      node(path).mode = mode & 07777;
    }
  }

  @Override
  public void chown(String path, int uid, int gid) {
    synchronized (containers.lock()) {
      ContainerPaths.Place p = place(path);
      if (p.host() != null) {
        host(p, true, h -> {
          java.nio.file.Files.setAttribute(h, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
          return java.nio.file.Files.setAttribute(h, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        });
        return;
      }
      if (place(path).readOnly()) {
        throw new ReadOnlyFileSystemException();
      }
      Tree.Node n = node(path);
      n.uid = uid;
      n.gid = gid;
    }
  }

  @Override
  public int mode(String path) {
    synchronized (containers.lock()) {
      ContainerPaths.Place p = place(path);
      if (p.host() != null) {
        return host(p, false, h -> {
          if (!HostFs.exists(h)) {
            throw new NoSuchFileException(path);
          }
          return HostFs.mode(h);
        });
      }
      return node(path).mode;
    }
  }

  static void requireEmpty(Tree.Dir d, String path) {
    if (!d.isEmpty()) {
      throw io(new DirectoryNotEmptyException(path));
    }
  }
}
