package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.PathStat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Tar streams of trees, as Docker's archive endpoints write and read them. */
final class Tars {

  private Tars() {}

  static final long GO_DIR = 1L << 31;
  static final long GO_SYMLINK = 1L << 27;
  static final long GO_SETUID = 1L << 23;
  static final long GO_SETGID = 1L << 22;
  static final long GO_STICKY = 1L << 20;

  /** Go's os.FileMode of a node. */
  static long goMode(Tree.Node n) {
    long m = n.mode & 0777;
    if ((n.mode & 04000) != 0) {
      m |= GO_SETUID;
    }
    if ((n.mode & 02000) != 0) {
      m |= GO_SETGID;
    }
    if ((n.mode & 01000) != 0) {
      m |= GO_STICKY;
    }
    if (n instanceof Tree.Dir) {
      m |= GO_DIR;
    } else if (n instanceof Tree.Symlink) {
      m |= GO_SYMLINK;
    }
    return m;
  }

  static PathStat stat(String name, Tree.Node n, String linkTarget) {
    long size = n instanceof Tree.File f ? f.data.length : n instanceof Tree.Symlink s ? s.target.length() : 4096;
    PathStat.Builder b = PathStat.builder().name(name).size(size).mode(goMode(n))
        .modified(Instant.ofEpochMilli(n.mtimeMillis));
    if (!linkTarget.isEmpty()) {
      b.linkTarget(linkTarget);
    }
    return b.build();
  }

  /**
   * Writes a node as a tar stream named {@code name}; {@code mounts} gives, for a directory path
   * relative to the node, the mounts that cover its children.
   */
  static void write(OutputStream out, String name, Tree.Node node, Function<String, Map<String, Tree.Node>> mounts)
      throws IOException {
    // names as bytes (volumes4j's tar writer): a name that is not UTF-8 comes back as it went in, as Docker's does
    TarArchiveOutputStream tar = io.github.volumes4j.data.internal.Tars.writer(out);
    // Docker names the entries of the root "/", "/bin/", ... (and those of "/." "./", "./bin/", ...)
    writeNode(tar, name, "", node, mounts, new IdentityHashMap<>());
    tar.finish();
    tar.flush();
  }

  /** Writes the node and everything below it, depth first in name order; iterative, for trees of any depth. */
  private static void writeNode(TarArchiveOutputStream tar, String topName, String topRel, Tree.Node top,
      Function<String, Map<String, Tree.Node>> mounts, Map<Tree.Node, String> seen) throws IOException {
    java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
    todo.push(new Object[] {topName, topRel, top});
    while (!todo.isEmpty()) {
      Object[] f = todo.pop();
      String name = (String) f[0];
      String rel = (String) f[1];
      Tree.Node n = (Tree.Node) f[2];
      writeEntry(tar, name, n, seen);
      if (n instanceof Tree.Dir d) {
        Map<String, Tree.Node> children = new TreeMap<>(d.children);
        children.putAll(mounts.apply(rel));
        String prefix = name.endsWith("/") ? name : name + "/";
        java.util.List<Map.Entry<String, Tree.Node>> list = new java.util.ArrayList<>(children.entrySet());
        for (int i = list.size() - 1; i >= 0; i--) {
          Map.Entry<String, Tree.Node> c = list.get(i);
          todo.push(new Object[] {prefix + c.getKey(), rel.isEmpty() ? c.getKey() : rel + "/" + c.getKey(), c.getValue()});
        }
      }
    }
  }

  private static void writeEntry(TarArchiveOutputStream tar, String name, Tree.Node n, Map<Tree.Node, String> seen)
      throws IOException {
    TarArchiveEntry e;
    if (n instanceof Tree.Dir) {
      e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
    } else if (n instanceof Tree.Symlink s) {
      e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
      e.setLinkName(s.target);
    } else {
      String first = seen.get(n);
      if (first != null) {
        e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(first);
      } else {
        seen.put(n, name);
        e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setSize(((Tree.File) n).data.length);
      }
    }
    e.setMode(n.mode & 07777);
    e.setUserId(n.uid);
    e.setGroupId(n.gid);
    e.setUserName(n.uid == 0 ? "root" : "");
    e.setGroupName(n.gid == 0 ? "root" : "");
    e.setModTime(n.mtimeMillis / 1000 * 1000);
    tar.putArchiveEntry(e);
    if (n instanceof Tree.File f && !e.isLink()) {
      tar.write(f.data);
    }
    tar.closeArchiveEntry();
  }

  /** Extracts a tar stream into a directory. */
  static void extract(InputStream in, Tree.Dir into, boolean noOverwriteDirNonDir, long now) throws IOException {
    // parsed as the daemon's Go reader parses it (volumes4j's TarReader in its Docker-like mode)
    io.github.volumes4j.data.internal.TarReader tar = new io.github.volumes4j.data.internal.TarReader(in, true);
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      String path = ContainerPaths.clean("/" + e.getName());
      if (path.equals("/")) {
        if (e.isDirectory()) {
          applyMeta(into, e);
        }
        continue;
      }
      String parentPath = path.substring(0, path.lastIndexOf('/'));
      String name = path.substring(path.lastIndexOf('/') + 1);
      TreeFiles.mkdirs(into, parentPath.isEmpty() ? "/" : parentPath, now);
      Tree.Node parentNode = TreeFiles.walk(into, parentPath);
      if (!(parentNode instanceof Tree.Dir parent)) {
        throw new IOException("cannot extract " + e.getName() + ": " + parentPath + " is not a directory");
      }
      Tree.Node existing = parent.children.get(name);
      if (noOverwriteDirNonDir && existing != null) {
        if (existing instanceof Tree.Dir && !e.isDirectory()) {
          throw new IOException("cannot overwrite directory \"" + path + "\" with non-directory \"" + e.getName() + "\"");
        }
        if (!(existing instanceof Tree.Dir) && e.isDirectory()) {
          throw new IOException("cannot overwrite non-directory \"" + path + "\" with directory \"" + e.getName() + "\"");
        }
      }
      Tree.Node n;
      if (e.isDirectory()) {
        if (existing instanceof Tree.Dir d) {
          applyMeta(d, e);
          continue;
        }
        n = new Tree.Dir(0755, now);
      } else if (e.isSymbolicLink()) {
        n = new Tree.Symlink(now, e.getLinkName());
      } else if (e.isLink()) {
        Tree.Node target = TreeFiles.walk(into, ContainerPaths.clean("/" + e.getLinkName()));
        if (!(target instanceof Tree.File)) {
          throw new IOException("hard link " + e.getName() + " to missing file " + e.getLinkName());
        }
        parent.children.put(name, target);
        continue;
      } else {
        n = new Tree.File(0644, now, tar.readAllBytes());
      }
      applyMeta(n, e);
      parent.children.put(name, n);
    }
  }

  private static void applyMeta(Tree.Node n, TarArchiveEntry e) {
    if (!(n instanceof Tree.Symlink)) {
      n.mode = e.getMode() & 07777;
    }
    n.uid = (int) e.getLongUserId();
    n.gid = (int) e.getLongGroupId();
    n.mtimeMillis = e.getModTime().getTime();
  }
}
