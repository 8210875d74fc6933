package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.HostileArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Host directories to tar entries and back, keeping modes, owners, mtimes, links. */
public final class HostTree {

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFIFO = 0010000;

  private HostTree() {}

  /** Ownership and mode overrides for entries made from host files. */
  public static final class Overrides {
    public final OptionalInt uid;
    public final OptionalInt gid;
    public final OptionalInt fileMode;
    public final OptionalInt dirMode;

    public Overrides(OptionalInt uid, OptionalInt gid, OptionalInt fileMode, OptionalInt dirMode) {
      this.uid = uid;
      this.gid = gid;
      this.fileMode = fileMode;
      this.dirMode = dirMode;
    }

    public static Overrides none() {
      return new Overrides(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
    }
  }

  /**
   * Writes {@code root} (a directory or a single file) as tar entries named {@code prefix + relative}
   * (the root itself is {@code prefix}, or {@code prefix + name} for a single file when
   * {@code fileName} is given), folding each into {@code tracker}. Names are the entries' bytes
   * ({@link TarNames}); no link is followed, files are opened with {@code O_NOFOLLOW}. A failure to read
   * the host tree is a {@link HostReadException}.
   */
  public static void write(Path root, String prefix, Optional<String> singleFileName, Overrides o,
      TarArchiveOutputStream tar, EntryTracker tracker) throws IOException {
    read(root, "", singleFileName, o, tracker, tarSink(tar, prefix, tracker));
  }

  /** Where a read of a host tree hands each checked entry: it must fold it into the tracker ({@link EntryTracker#accept}). */
  @FunctionalInterface
  public interface EntrySink {
    void entry(TarArchiveEntry e, String name, InputStream content) throws IOException;

    /**
     * A regular file that was not read: {@link Known} gave its content's SHA-256, and the tracker
     * has folded it already.
     */
    default void unread(TarArchiveEntry e, String name, String contentSha256) throws IOException {}
  }

  /**
   * Tells a walk which regular files need not be read: for each one, before it is opened, its
   * checked name, entry and stat ({@code dev, ino, mtime ns, ctime ns}); returns its content's
   * SHA-256 (64 hex digits) when it is known unchanged, else null.
   */
  @FunctionalInterface
  public interface Known {
    String content(String name, TarArchiveEntry e, long[] stat);
  }

  /**
   * {@link #read} of a whole directory tree, where {@code known} may spare reading unchanged files
   * (they go to {@link EntrySink#unread}). With a {@code known}, few files are read and every one is
   * stat'ed: the listing and stats then run ahead on a thread of their own ({@link WalkAhead}); the
   * sink is still called on the caller's thread, in the walk's order.
   */
  public static void read(Path root, EntryTracker tracker, Known known, EntrySink sink) throws IOException {
    Map<String, String> inodes = new HashMap<>();
    Visit each = (p, rel, a) -> entry(p, a, rel, Overrides.none(), tracker, inodes, known, sink);
    if (known == null) {
      walk(root, each);
    } else {
      WalkAhead.walk(root, HostTree::walk, each);
    }
  }

  /** A sink that writes each entry into {@code tar} under {@code prefix}, folding it into {@code tracker}. */
  public static EntrySink tarSink(TarArchiveOutputStream tar, String prefix, EntryTracker tracker) {
    return (e, name, content) -> {
      tar.putArchiveEntry(Tars.copy(e, prefix, name, e.isLink() ? tracker.normalize(e.getLinkName()) : null));
      tracker.accept(e, name, content, tar);
      tar.closeArchiveEntry();
    };
  }

  /**
   * Reads {@code root} (a directory, or a single file named {@code singleFileName} when given), each
   * entry named {@code under/relative name} ({@code under} is "" for the tree's root), checked by
   * {@code tracker} and handed to {@code sink}. Names are the entries' bytes
   * ({@link TarNames}); no link is followed, files are opened with {@code O_NOFOLLOW}. A failure to
   * read the host tree is a {@link HostReadException}.
   */
  public static void read(Path root, String under, Optional<String> singleFileName, Overrides o, EntryTracker tracker,
      EntrySink sink) throws IOException {
    Map<String, String> inodes = new HashMap<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      String name = singleFileName.orElse(TarNames.nameOf(root));
      entry(root, stat(root), join(under, name), o, tracker, inodes, null, sink);
      return;
    }
    walk(root, (p, rel, a) -> entry(p, a, join(under, rel), o, tracker, inodes, null, sink));
  }

  /**
   * Folds the tree under {@code root} into {@code tracker}: the way {@link #read} would see it. A
   * regular file whose name and size {@code known} recorded ({@link EntryTracker#knownContent}) is
   * folded with that content digest, from a stat alone; any other file is read.
   */
  public static void digest(Path root, EntryTracker known, EntryTracker tracker) throws IOException {
    Map<String, String> inodes = new HashMap<>();
    Known k = known == null ? null : (name, e, stat) -> known.knownContent(name, e.getSize());
    walk(root, (p, rel, a) -> entry(p, a, rel, Overrides.none(), tracker, inodes, k,
        (e, name, content) -> tracker.accept(e, name, content, null)));
  }

  /** The digest of a host directory, as the engine would report it for a volume holding that tree. */
  public static io.github.volumes4j.data.TreeDigest treeDigest(Path dir) {
    EntryTracker t = new EntryTracker(EntryTracker.FROM_VOLUME);
    try {
      digest(dir, null, t);
    } catch (IOException e) {
      throw new DataMovementException("reading " + dir + " failed: " + e.getMessage(), e);
    }
    return Digests.of(t);
  }

  @FunctionalInterface
  interface Visit {
    void visit(Path p, String rel, Map<String, Object> attrs) throws IOException;
  }

  private static final String ATTRS = "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime,rdev,ctime";

  /** The entry's own attributes (a link's, never its target's). */
  private static Map<String, Object> stat(Path p) throws HostReadException {
    try {
      return Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new HostReadException(p, e);
    }
  }

  private static boolean isDirectory(Map<String, Object> attrs) {
    return ((Integer) attrs.get("mode") & S_IFMT) == S_IFDIR;
  }

  /**
   * Every entry under {@code root}, the root first, each directory before its content; links are
   * not followed. One {@code lstat} per entry (the JDK's walker makes one and {@link #entry} needed
   * another); directories are listed in the order the file system gives, one open stream per level.
   */
  static void walk(Path root, Visit visit) throws IOException {
    Map<String, Object> rootAttrs = stat(root);
    visit.visit(root, "", rootAttrs);
    if (!isDirectory(rootAttrs)) {
      return;
    }
    Deque<Level> levels = new ArrayDeque<>();
    try {
      levels.push(open(root, ""));
      while (!levels.isEmpty()) {
        Level l = levels.peek();
        Path child;
        try {
          if (!l.it().hasNext()) {
            levels.pop().stream().close();
            continue;
          }
          child = l.it().next();
        } catch (java.nio.file.DirectoryIteratorException e) {
          throw new HostReadException(root.resolve(l.rel()), e.getCause());
        }
        String rel = join(l.rel(), TarNames.nameOf(child));
        Map<String, Object> a = stat(child);
        visit.visit(child, rel, a);
        if (isDirectory(a)) {
          levels.push(open(child, rel));
        }
      }
    } finally {
      for (Level l : levels) {
        try {
          l.stream().close();
        } catch (IOException e) {
          // reading failed or ended: closing is best effort
        }
      }
    }
  }

  /** A directory being listed. */
  private record Level(java.nio.file.DirectoryStream<Path> stream, java.util.Iterator<Path> it, String rel) {}

  private static Level open(Path dir, String rel) throws HostReadException {
    try {
      java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir);
      return new Level(ds, ds.iterator(), rel);
    } catch (IOException e) {
      throw new HostReadException(dir, e);
    }
  }

  private static String join(String parent, String name) {
    return parent.isEmpty() ? name : name.isEmpty() ? parent : parent + "/" + name;
  }

  /** Reading the host tree failed (not writing the archive, nor the engine's stream). */
  public static final class HostReadException extends IOException {
    private static final long serialVersionUID = 1L;

    HostReadException(Path p, IOException cause) {
      super("reading " + p + " on this host failed: " + cause, cause);
    }
  }

  /** One entry, checked, to {@code sink}; a regular file {@code known} has the content of is folded from it. */
  private static void entry(Path p, Map<String, Object> a, String name, Overrides o, EntryTracker tracker,
      Map<String, String> inodes, Known known, EntrySink sink) throws IOException {
    int mode = (Integer) a.get("mode");
    int type = mode & S_IFMT;
    if (type == S_IFSOCK) {
      return; // tar has no sockets
    }
    String tarName = type == S_IFDIR ? (name.isEmpty() ? "./" : name + "/") : name;
    byte flag;
    String hardLink = null;
    if (type == S_IFDIR) {
      flag = TarConstants.LF_DIR;
    } else if (type == S_IFLNK) {
      flag = TarConstants.LF_SYMLINK;
    } else if (type == S_IFREG) {
      flag = TarConstants.LF_NORMAL;
      if ((Integer) a.get("nlink") > 1) {
        String key = a.get("dev") + ":" + a.get("ino");
        hardLink = inodes.putIfAbsent(key, name);
        if (hardLink != null) {
          flag = TarConstants.LF_LINK;
        }
      }
    } else if (type == S_IFCHR) {
      flag = TarConstants.LF_CHR;
    } else if (type == S_IFBLK) {
      flag = TarConstants.LF_BLK;
    } else if (type == S_IFIFO) {
      flag = TarConstants.LF_FIFO;
    } else {
      return;
    }
    TarArchiveEntry e = new TarArchiveEntry(tarName, flag, true);
    int perm = mode & 07777;
    if (type == S_IFDIR && o.dirMode.isPresent()) {
      perm = o.dirMode.getAsInt();
    } else if (type == S_IFREG && o.fileMode.isPresent()) {
      perm = o.fileMode.getAsInt();
    }
    e.setMode(perm);
    e.setUserId(o.uid.orElse((Integer) a.get("uid")));
    e.setGroupId(o.gid.orElse((Integer) a.get("gid")));
    e.setModTime(((FileTime) a.get("lastModifiedTime")).toMillis() / 1000L * 1000L);
    if (flag == TarConstants.LF_SYMLINK) {
      try {
        e.setLinkName(TarNames.text(Files.readSymbolicLink(p)));
      } catch (IOException x) {
        throw new HostReadException(p, x);
      }
    } else if (flag == TarConstants.LF_LINK) {
      e.setLinkName(hardLink);
    } else if (flag == TarConstants.LF_CHR || flag == TarConstants.LF_BLK) {
      long rdev = (Long) a.get("rdev");
      e.setDevMajor((int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL)));
      e.setDevMinor((int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL)));
    } else if (flag == TarConstants.LF_NORMAL) {
      e.setSize((Long) a.get("size"));
    }
    String normalized = tracker.check(e);
    if (flag == TarConstants.LF_NORMAL) {
      String content = null;
      if (known != null) {
        long[] stat = {(Long) a.get("dev"), (Long) a.get("ino"),
            ((FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS),
            a.get("ctime") instanceof FileTime c ? c.to(java.util.concurrent.TimeUnit.NANOSECONDS) : -1L};
        content = known.content(normalized, e, stat);
      }
      if (content != null) {
        tracker.acceptKnownContent(e, normalized, content);
        sink.unread(e, normalized, content);
        return;
      }
      try (InputStream in = open(p)) {
        sink.entry(e, normalized, in);
      }
    } else {
      sink.entry(e, normalized, InputStream.nullInputStream());
    }
  }

  /**
   * A regular file's content, opened without following a link ({@code O_NOFOLLOW}): a file swapped
   * for a link after the stat is an error, never the link's target. Read failures are
   * {@link HostReadException}s, so that they are not taken for the archive's or the engine's.
   */
  private static InputStream open(Path p) throws HostReadException {
    java.nio.channels.SeekableByteChannel ch;
    try {
      ch = Files.newByteChannel(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new HostReadException(p, e);
    }
    InputStream raw = java.nio.channels.Channels.newInputStream(ch);
    return new java.io.FilterInputStream(raw) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (IOException e) {
          throw new HostReadException(p, e);
        }
      }

      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (IOException e) {
          throw new HostReadException(p, e);
        }
      }
    };
  }
}
