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

/** Tar entries to a host directory: created with exact names, modes, owners, mtimes and links. */
public final class HostExtractor {

  private HostExtractor() {}

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
      if (EntryTypes.isRegular(e)) {
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

  /** A write of an extraction failed (not a read of the archive). */
  public static final class WriteFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public WriteFailedException(IOException cause) {
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
