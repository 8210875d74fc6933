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
    /** A deep copy, hard links kept as shared nodes; iterative, so that a tree of any depth fits the stack. */
    Dir copy(Map<Node, Node> seen) {
      Dir top = new Dir(mode, mtimeMillis);
      copyMeta(top);
      java.util.ArrayDeque<Dir[]> todo = new java.util.ArrayDeque<>();
      todo.push(new Dir[] {this, top});
      while (!todo.isEmpty()) {
        Dir[] pair = todo.pop();
        for (Map.Entry<String, Node> e : pair[0].children.entrySet()) {
          Node c = seen.get(e.getValue());
          if (c == null) {
            if (e.getValue() instanceof Dir src) {
              Dir d = new Dir(src.mode, src.mtimeMillis);
              src.copyMeta(d);
              todo.push(new Dir[] {src, d});
              c = d;
            } else {
              c = e.getValue().copy(seen);
            }
            seen.put(e.getValue(), c);
          }
          pair[1].children.put(e.getKey(), c);
        }
      }
      return top;
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
    java.util.ArrayDeque<Dir> todo = new java.util.ArrayDeque<>();
    todo.push(dir);
    while (!todo.isEmpty()) {
      for (Node n : todo.pop().children.values()) {
        if (n instanceof File f) {
          if (seen.put(f, Boolean.TRUE) == null) {
            total += f.data.length;
          }
        } else if (n instanceof Dir d) {
          todo.push(d);
        } else if (n instanceof Symlink l) {
          total += l.target.length();
        }
      }
    }
    return total;
  }
}
