package io.github.volumes4j.testkit.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small in-memory Unix file tree: directories, regular files, symbolic links, with mode, owner
 * and mtime; a hard link is the same {@link File} node under two names.
 */
public final class Tree {

  private Tree() {}

  /** A node: what an inode holds besides its content. */
  public abstract static sealed class Node permits Dir, File, Symlink {
    /** Permission bits plus setuid/setgid/sticky (07777). */
    public int mode;
    public int uid;
    public int gid;
    public long mtimeMillis;

    Node(int mode, long mtimeMillis) {
      this.mode = mode;
      this.mtimeMillis = mtimeMillis;
    }

    abstract Node copy(Map<Node, Node> seen);

    void copyMeta(Node to) {
      to.uid = uid;
      to.gid = gid;
      to.mtimeMillis = mtimeMillis;
    }
  }

  /** A directory; children sorted by name. */
  public static final class Dir extends Node {
    public final TreeMap<String, Node> children = new TreeMap<>();

    public Dir(int mode, long mtimeMillis) {
      super(mode, mtimeMillis);
    }

    @Override
    Dir copy(Map<Node, Node> seen) {
      Dir d = new Dir(mode, mtimeMillis);
      copyMeta(d);
      for (Map.Entry<String, Node> e : children.entrySet()) {
        Node c = seen.get(e.getValue());
        if (c == null) {
          c = e.getValue().copy(seen);
          seen.put(e.getValue(), c);
        }
        d.children.put(e.getKey(), c);
      }
      return d;
    }

    /** A deep copy; hard links stay hard links within the copy. */
    public Dir deepCopy() {
      return copy(new IdentityHashMap<>());
    }

    public boolean isEmpty() {
      return children.isEmpty();
    }
  }

  /** A regular file. */
  public static final class File extends Node {
    public byte[] data;

    public File(int mode, long mtimeMillis, byte[] data) {
      super(mode, mtimeMillis);
      this.data = data;
    }

    @Override
    File copy(Map<Node, Node> seen) {
      File f = new File(mode, mtimeMillis, data.clone());
      copyMeta(f);
      return f;
    }
  }

  /** A symbolic link. */
  public static final class Symlink extends Node {
    public final String target;

    public Symlink(long mtimeMillis, String target) {
      super(0777, mtimeMillis);
      this.target = target;
    }

    @Override
    Symlink copy(Map<Node, Node> seen) {
      Symlink s = new Symlink(mtimeMillis, target);
      copyMeta(s);
      return s;
    }
  }

  /**
   * Bytes under a directory as Docker's {@code /system/df} counts them: regular file content (each
   * hard-linked file once) plus the length of each symlink's target; directories count nothing.
   */
  public static long size(Dir dir) {
    return size(dir, new IdentityHashMap<>());
  }

  private static long size(Dir dir, Map<Node, Boolean> seen) {
    long total = 0;
    for (Node n : dir.children.values()) {
      if (n instanceof File f) {
        if (seen.put(f, Boolean.TRUE) == null) {
          total += f.data.length;
        }
      } else if (n instanceof Dir d) {
        total += size(d, seen);
      } else if (n instanceof Symlink l) {
        total += l.target.length();
      }
    }
    return total;
  }
}
