package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.HostileArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
   * {@code fileName} is given), folding each into {@code tracker}.
   */
  public static void write(Path root, String prefix, Optional<String> singleFileName, Overrides o,
      TarArchiveOutputStream tar, EntryTracker tracker) throws IOException {
    Map<String, String> inodes = new HashMap<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      String name = singleFileName.orElse(root.getFileName().toString());
      entry(root, name, prefix, o, tar, tracker, inodes);
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        entry(dir, rel(root, dir), prefix, o, tar, tracker, inodes);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        entry(file, rel(root, file), prefix, o, tar, tracker, inodes);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * Folds the tree under {@code root} into {@code tracker} without writing a tar: the way
   * {@link #write} would see it. A regular file whose name and size {@code known} recorded
   * ({@link EntryTracker#knownContent}) is folded with that content digest, from a stat alone;
   * any other file is read.
   */
  public static void digest(Path root, EntryTracker known, EntryTracker tracker) throws IOException {
    Map<String, String> inodes = new HashMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        entry(dir, rel(root, dir), "", Overrides.none(), null, tracker, inodes, known);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        entry(file, rel(root, file), "", Overrides.none(), null, tracker, inodes, known);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static String rel(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  private static void entry(Path p, String name, String prefix, Overrides o, TarArchiveOutputStream tar,
      EntryTracker tracker, Map<String, String> inodes) throws IOException {
    entry(p, name, prefix, o, tar, tracker, inodes, null);
  }

  /** One entry into {@code tar}; with no {@code tar}, into {@code tracker} alone (content from {@code known} when it has it). */
  private static void entry(Path p, String name, String prefix, Overrides o, TarArchiveOutputStream tar,
      EntryTracker tracker, Map<String, String> inodes, EntryTracker known) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime,rdev",
        LinkOption.NOFOLLOW_LINKS);
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
      e.setLinkName(Files.readSymbolicLink(p).toString());
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
    if (tar == null) {
      String content = flag == TarConstants.LF_NORMAL && known != null ? known.knownContent(normalized, e.getSize()) : null;
      if (content != null) {
        tracker.acceptKnownContent(e, normalized, content);
      } else if (flag == TarConstants.LF_NORMAL) {
        try (InputStream in = Files.newInputStream(p)) {
          tracker.accept(e, normalized, in, null);
        }
      } else {
        tracker.accept(e, normalized, InputStream.nullInputStream(), null);
      }
      return;
    }
    tar.putArchiveEntry(Tars.copy(e, prefix, normalized, hardLink == null ? null : tracker.normalize(hardLink)));
    if (flag == TarConstants.LF_NORMAL) {
      try (InputStream in = Files.newInputStream(p)) {
        tracker.accept(e, normalized, in, tar);
      }
    } else {
      tracker.accept(e, normalized, InputStream.nullInputStream(), tar);
    }
    tar.closeArchiveEntry();
  }

  /**
   * Extracts every entry of {@code in} under {@code dest} (created if missing), each checked by
   * {@code tracker} first; directory modes and mtimes are applied last, deepest first.
   */
  public static void extract(TarReader in, Path dest, EntryTracker tracker, boolean owners)
      throws IOException {
    Extractor x = new Extractor(dest, owners, tracker);
    TarArchiveEntry e;
    while ((e = in.getNextEntry()) != null) {
      String name = tracker.check(e);
      x.entry(e, name, in, tracker);
    }
    x.finish();
  }

  /**
   * Writes checked entries under a directory one by one ({@link #entry}), then applies the
   * directories' modes and mtimes, deepest first ({@link #finish}).
   */
  public static final class Extractor {
    private final Path dest;
    private final Path normalizedDest;
    private final boolean owners;
    private final Deque<Object[]> dirs = new ArrayDeque<>();
    /** Directories known to exist (created or seen here), so that their files need no stat of them. */
    private final java.util.Set<Path> known = new java.util.HashSet<>();
    private final EntryTracker normalizer;

    /** @param normalizer names hard-link targets (the tracker that checks the entries) */
    public Extractor(Path dest, boolean owners, EntryTracker normalizer) throws IOException {
      this.normalizer = normalizer;
      this.dest = dest;
      this.normalizedDest = dest.normalize();
      this.owners = owners;
      Files.createDirectories(dest);
    }

    /**
     * Writes one entry, already {@linkplain EntryTracker#check checked} under the normalized
     * {@code name}; its content is read from {@code in} and folded into {@code tracker}.
     */
    public void entry(TarArchiveEntry e, String name, InputStream in, EntryTracker tracker) throws IOException {
      OutputStream out = begin(e, name);
      tracker.accept(e, name, in, out);
      if (out != null) {
        end(e, name, out);
      }
    }

    /**
     * Creates the entry; for a regular file, returns the open stream for its content, to be passed
     * to {@link #end} when written; anything else is complete on return ({@code null}).
     */
    OutputStream begin(TarArchiveEntry e, String name) throws IOException {
      Path p = name.isEmpty() ? dest : dest.resolve(name);
      if (!p.normalize().startsWith(normalizedDest)) {
        throw new HostileArchiveException(e.getName(), "archive entry \"" + e.getName() + "\" would land outside " + dest);
      }
      Path parent = p.getParent();
      if (parent != null && !name.isEmpty() && !known.contains(parent)) {
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(parent);
        }
        known.add(parent);
      }
      if (e.isDirectory()) {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(p);
          Files.createDirectories(p);
        }
        known.add(p);
        dirs.push(new Object[] {p, e});
        return null;
      }
      if (EntryTracker.isRegular(e)) {
        // Into an empty volume the file is new: create it at once (two stats and an unlink fewer per file).
        try {
          return Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException exists) {
          // replaced below, like any other entry
        }
      }
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(p);
      }
      if (e.isSymbolicLink()) {
        Files.createSymbolicLink(p, Path.of(e.getLinkName()));
        attributes(p, e, owners);
        return null;
      } else if (e.isLink()) {
        Files.createLink(p, dest.resolve(linkTarget(e)));
        return null; // shares the target's attributes
      } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
        throw new DataMovementException("cannot create the device or fifo \"" + e.getName() + "\" under " + dest
            + " from Java; copy it out as a tar stream instead");
      }
      return Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Closes a regular file's content stream from {@link #begin} and applies its attributes. */
    void end(TarArchiveEntry e, String name, OutputStream out) throws IOException {
      out.close();
      attributes(name.isEmpty() ? dest : dest.resolve(name), e, owners);
    }

    private String linkTarget(TarArchiveEntry e) {
      return normalizer.normalize(e.getLinkName());
    }

    /** Applies the directories' modes and mtimes, deepest first. */
    public void finish() throws IOException {
      for (Object[] d : dirs) {
        attributes((Path) d[0], (TarArchiveEntry) d[1], owners);
      }
      dirs.clear();
    }
  }

  /**
   * An {@link Extractor} on its own thread: the caller reads, checks and hashes the entries and
   * queues them with their content; the thread creates and writes them in the same order, so file
   * creation (slow on a busy journal) overlaps with reading. Bounded: at most {@value #CHUNKS}
   * content chunks of {@value #CHUNK} bytes and {@value #OPS} queued entries.
   */
  public static final class ExtractorThread {
    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS = 8;
    private static final int OPS = 1024;
    private static final Object FINISH = new Object();
    private static final Object ABORT = new Object();

    private final Extractor x;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(OPS + CHUNKS);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private volatile Throwable failure;
    private int allocated;
    private byte[] chunk;
    private int len;

    private static final class Begin {
      final TarArchiveEntry e;
      final String name;

      Begin(TarArchiveEntry e, String name) {
        this.e = e;
        this.name = name;
      }
    }

    private static final class Chunk {
      final byte[] b;
      final int len;

      Chunk(byte[] b, int len) {
        this.b = b;
        this.len = len;
      }
    }

    private static final class End {
      final TarArchiveEntry e;
      final String name;

      End(TarArchiveEntry e, String name) {
        this.e = e;
        this.name = name;
      }
    }

    public ExtractorThread(Extractor x) {
      this.x = x;
      this.thread = new Thread(this::run, "volumes4j-extract");
      this.thread.setDaemon(true);
      this.thread.start();
    }

    private void run() {
      OutputStream out = null;
      try {
        while (true) {
          Object op = queue.take();
          if (op == FINISH || op == ABORT) {
            if (op == FINISH && failure == null) {
              try {
                x.finish();
              } catch (IOException | RuntimeException ex) {
                failure = ex;
              }
            }
            if (out != null) {
              try {
                out.close();
              } catch (IOException ignored) {
                // a failed or aborted extraction
              }
            }
            return;
          }
          try {
            if (op instanceof Chunk) {
              Chunk c = (Chunk) op;
              if (failure == null && out != null) {
                out.write(c.b, 0, c.len);
              }
              free.add(c.b);
            } else if (failure == null && op instanceof Begin) {
              out = x.begin(((Begin) op).e, ((Begin) op).name);
            } else if (failure == null && op instanceof End && out != null) {
              OutputStream o = out;
              out = null;
              x.end(((End) op).e, ((End) op).name, o);
            }
          } catch (IOException | RuntimeException ex) {
            failure = ex;
          }
        }
      } catch (InterruptedException ex) {
        failure = new java.io.InterruptedIOException("extraction interrupted");
      }
    }

    private void put(Object op) throws IOException {
      check();
      try {
        queue.put(op);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("extraction interrupted");
      }
    }

    /** Rethrows the thread's failure: its IOException, wrapped in a {@link WriteFailedException}, or its RuntimeException. */
    private void check() throws IOException {
      Throwable f = failure;
      if (f instanceof RuntimeException) {
        throw (RuntimeException) f;
      }
      if (f != null) {
        throw new WriteFailedException((IOException) f);
      }
    }

    /** Writes the entry, its content read from {@code in} and folded into {@code tracker} on this thread. */
    public void entry(TarArchiveEntry e, String name, InputStream in, EntryTracker tracker) throws IOException {
      put(new Begin(e, name));
      boolean file = !e.isDirectory() && !e.isSymbolicLink() && !e.isLink() && !e.isCharacterDevice()
          && !e.isBlockDevice() && !e.isFIFO();
      tracker.accept(e, name, in, file ? content : null);
      if (file) {
        flushChunk();
        put(new End(e, name));
      }
    }

    private final OutputStream content = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
          if (chunk == null) {
            chunk = takeChunk();
            len = 0;
          }
          int k = Math.min(n, chunk.length - len);
          System.arraycopy(b, off, chunk, len, k);
          len += k;
          off += k;
          n -= k;
          if (len == chunk.length) {
            flushChunk();
          }
        }
      }
    };

    private byte[] takeChunk() throws IOException {
      if (allocated < CHUNKS) {
        allocated++;
        return new byte[CHUNK];
      }
      try {
        byte[] b;
        while ((b = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
          check();
          if (!thread.isAlive()) {
            throw new IOException("the extraction thread ended unexpectedly");
          }
        }
        return b;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("extraction interrupted");
      }
    }

    private void flushChunk() throws IOException {
      if (chunk != null) {
        byte[] b = chunk;
        chunk = null;
        put(new Chunk(b, len));
      }
    }

    /** Waits for every queued entry, applies the directories' attributes; rethrows the thread's failure. */
    public void finish() throws IOException {
      put(FINISH);
      join();
      check();
    }

    /** Stops after the entry being written; nothing more is written. */
    public void abort() {
      if (!thread.isAlive()) {
        return;
      }
      failure = failure == null ? new IOException("aborted") : failure;
      try {
        while (thread.isAlive() && !queue.offer(ABORT, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          // the thread drains the queue: there is room soon
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
      join();
    }

    private void join() {
      try {
        thread.join();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A write of an extraction failed (not a read of the archive). */
  public static final class WriteFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    WriteFailedException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static void attributes(Path p, TarArchiveEntry e, boolean owners) throws IOException {
    boolean link = e.isSymbolicLink();
    if (owners) {
      Files.setAttribute(p, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    }
    if (!link) {
      Files.setAttribute(p, "unix:mode", e.getMode() & 07777);
    }
    FileTime t = FileTime.fromMillis(e.getModTime().getTime());
    try {
      Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t, null, null);
    } catch (IOException | UnsupportedOperationException ex) {
      if (!link) {
        throw ex;
      }
    }
  }

  /** Writes a stream to {@code target} through a temporary file in the same directory. */
  public static void writeAtomically(InputStream in, long size, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        long n = Tars.copy(in, out, size, new byte[64 * 1024]);
        if (n != size) {
          throw new IOException("stream ended after " + n + " of " + size + " bytes");
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
