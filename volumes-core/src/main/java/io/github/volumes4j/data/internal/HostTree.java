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
      entry(root, join(under, name), o, tracker, inodes, null, sink);
      return;
    }
    walk(root, (p, rel) -> entry(p, join(under, rel), o, tracker, inodes, null, sink));
  }

  /**
   * Folds the tree under {@code root} into {@code tracker}: the way {@link #read} would see it. A
   * regular file whose name and size {@code known} recorded ({@link EntryTracker#knownContent}) is
   * folded with that content digest, from a stat alone; any other file is read.
   */
  public static void digest(Path root, EntryTracker known, EntryTracker tracker) throws IOException {
    Map<String, String> inodes = new HashMap<>();
    walk(root, (p, rel) -> entry(p, rel, Overrides.none(), tracker, inodes, known,
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
    return t.digest();
  }

  @FunctionalInterface
  private interface Visit {
    void visit(Path p, String rel) throws IOException;
  }

  /** Every entry under {@code root}, the root first, each directory before its content; links are not followed. */
  private static void walk(Path root, Visit visit) throws IOException {
    Deque<String> names = new ArrayDeque<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          String rel = names.isEmpty() ? "" : join(names.peek(), TarNames.nameOf(dir));
          visit.visit(dir, rel);
          names.push(rel);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          visit.visit(file, join(names.peek(), TarNames.nameOf(file)));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          throw new HostReadException(file, e);
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null) {
            throw new HostReadException(dir, e);
          }
          names.pop();
          return FileVisitResult.CONTINUE;
        }
      });
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
  private static void entry(Path p, String name, Overrides o, EntryTracker tracker, Map<String, String> inodes,
      EntryTracker known, EntrySink sink) throws IOException {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(p, "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime,rdev", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new HostReadException(p, e);
    }
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
      String content = known != null ? known.knownContent(normalized, e.getSize()) : null;
      if (content != null) {
        tracker.acceptKnownContent(e, normalized, content);
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
      Path p = name.isEmpty() ? dest : TarNames.resolve(dest, name);
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
        Files.createSymbolicLink(p, TarNames.path(e.getLinkName()));
        attributes(p, e, owners);
        return null;
      } else if (e.isLink()) {
        Files.createLink(p, TarNames.resolve(dest, linkTarget(e)));
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
      attributes(name.isEmpty() ? dest : TarNames.resolve(dest, name), e, owners);
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
