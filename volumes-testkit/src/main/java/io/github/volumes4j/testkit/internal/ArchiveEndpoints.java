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

import static io.github.volumes4j.testkit.internal.ContainerPaths.absolute;
import static io.github.volumes4j.testkit.internal.ContainerPaths.clean;
import static io.github.volumes4j.testkit.internal.ContainerPaths.place;
import static io.github.volumes4j.testkit.internal.ContainerPaths.resolve;

import io.github.volumes4j.testkit.internal.ContainerModel.Container;
import io.github.volumes4j.testkit.internal.ContainerModel.Mount;
import io.github.volumes4j.testkit.internal.ContainerPaths.Place;

/** The archive endpoints of the in-memory engine's containers: GET, PUT and HEAD of a path, through its mounts. */
public final class ArchiveEndpoints {

  private final ContainerStore store;
  private final Object lock;
  private final Clock clock;

  public ArchiveEndpoints(ContainerStore store) {
    this.store = store;
    this.lock = store.lock();
    this.clock = store.clock();
  }

  private Container find(String ref) {
    return store.findLocked(ref);
  }

  private void setUpBinds(Container c) {
    store.setUpBindsLocked(c);
  }

  /** A path as the archive GET and HEAD endpoints read it: resolved, placed, and the name its entry gets. */
  private record Located(String resolved, Place place, String name) {}

  /**
   * A path that ends in {@code /} or {@code /.} names a directory: Docker's lstat of it fails with
   * HTTP 500 when it is a file (the message names Docker's own path of the container's root file
   * system first; here the container's path stands alone).
   */
  private static void requireDirectoryIfNamedSo(String path, boolean directory) {
    String abs = absolute(path);
    if (!directory && (abs.endsWith("/") || abs.endsWith("/."))) {
      throw new EngineException(500, "lstat " + abs + ": not a directory", null);
    }
  }

  /** The caller holds the lock. */
  private Located locate(Container c, String path) {
    String abs = absolute(path);
    String clean = clean(abs);
    boolean dot = abs.endsWith("/.");
    // as Docker's ResolvePath: links in the path are followed, the last one only before a "/" or "/."
    String resolved = resolve(c, clean, dot || abs.endsWith("/"));
    String name = dot ? "." : clean.equals("/") ? "/" : clean.substring(clean.lastIndexOf('/') + 1);
    return new Located(resolved, place(c, resolved, false), name);
  }

  public InputStream readArchive(String ref, String path) {
    io.github.volumes4j.internal.DaemonRules.archivePath(path, "the archive path");
    synchronized (lock) {
      Container c = find(ref);
      setUpBinds(c);
      Located at = locate(c, path);
      String resolved = at.resolved();
      Place p = at.place();
      Tree.Node n = p.host() != null ? (HostFs.exists(p.hostPath()) ? HostFs.load(p.hostPath()) : null)
          : TreeFiles.walk(p.base(), p.rest());
      if (n == null) {
        throw notFound(path, ref);
      }
      requireDirectoryIfNamedSo(path, n instanceof Tree.Dir);
      String name = at.name();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        Tars.write(out, name, n, dir -> nestedMounts(c, resolved, dir));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ByteArrayInputStream(out.toByteArray());
    }
  }

  /** Mounts below a directory of the container replace what the directory holds there. */
  private Map<String, Tree.Node> nestedMounts(Container c, String base, String rel) {
    Map<String, Tree.Node> out = new TreeMap<>();
    String dir = rel.isEmpty() ? base : (base.equals("/") ? "/" + rel : base + "/" + rel);
    for (Mount m : c.mounts) {
      if (m.type == MountType.TMPFS) {
        continue;
      }
      String parent = m.destination.substring(0, m.destination.lastIndexOf('/'));
      if ((parent.isEmpty() ? "/" : parent).equals(dir)) {
        Place p = place(c, m.destination, false);
        Tree.Node n = p.host() == null ? p.base() : HostFs.exists(p.hostPath()) ? HostFs.load(p.hostPath()) : null;
        if (n != null) {
          out.put(m.destination.substring(m.destination.lastIndexOf('/') + 1), n);
        }
      }
    }
    return out;
  }

  /**
   * The next entry; a stream that ends inside a 512-byte record is Go's "unexpected EOF" (the tar
   * reader takes it for the end of the archive), one that ends at a record boundary is a clean end.
   */
  private static TarArchiveEntry next(io.github.volumes4j.data.internal.TarReader in, Counted counted) throws IOException {
    TarArchiveEntry e;
    try {
      e = in.getNextEntry();
    } catch (java.io.EOFException x) {
      throw new IOException("unexpected EOF", x);
    } catch (IOException x) {
      String m = String.valueOf(x.getMessage()).toLowerCase(java.util.Locale.ROOT);
      throw m.contains("truncated") || m.contains("eof") ? new IOException("unexpected EOF", x) : x;
    }
    if (e == null && counted.count % 512 != 0) {
      throw new IOException("unexpected EOF");
    }
    return e;
  }

  /** The most content one upload may hold: the in-memory engine's disk is the heap. */
  static final long UPLOAD_CAPACITY = Runtime.getRuntime().maxMemory() / 4;

  /** Counts the bytes read from a stream. */
  private static final class Counted extends java.io.FilterInputStream {
    long count;

    Counted(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = super.skip(n);
      count += Math.max(0, k);
      return k;
    }
  }

  /** Docker's 404 of the archive endpoints names the path and the container as the caller gave them. */
  private static EngineException notFound(String path, String ref) {
    return new EngineException(404, "Could not find the file " + path + " in container " + ref, null);
  }

  /**
   * The upload as the daemon reads it (pkg/archive DecompressStream): a gzip or bzip2 stream is
   * uncompressed first, by its magic bytes; anything else is read as a plain tar. (xz, which Docker also
   * reads, needs a library this project does not carry: it is read as a plain tar and refused as one.
   * The gzip test is the one restore uses, {@code Tars.compressionOf}.)
   */
  static InputStream decompressed(InputStream tar) throws java.io.IOException {
    InputStream in = tar.markSupported() ? tar : new java.io.BufferedInputStream(tar);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (io.github.volumes4j.data.internal.Tars.compressionOf(magic) == io.github.volumes4j.data.internal.Compression.Kind.GZIP) {
      return new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(in, true);
    }
    if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
      return new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(in, true);
    }
    if (magic.length >= 4 && (magic[0] & 0xFF) == 0xFD && magic[1] == '7' && magic[2] == 'z' && magic[3] == 'X') {
      // Docker extracts xz too (recorded on 20.10); the fake has no xz decoder (no dependency for it)
      throw new io.github.volumes4j.UnsupportedFeatureException("xz-compressed archive", "the in-memory engine"
          + " extracts plain, gzip and bzip2 tars, not xz; send a gzip or plain tar, or test this on Docker"
          + " (@VolumesTest(engines = EngineKind.DOCKER))");
    }
    return in;
  }

  /**
   * Writes a tar into a directory of the container. The stream is read without the engine's lock
   * (so the thread producing it may call the engine); each entry is applied under the lock, through
   * the container's mounts, as it arrives: a broken stream leaves the entries before it written.
   */
  public void writeArchive(String ref, String directory, InputStream tar, boolean noOverwriteDirNonDir) {
    io.github.volumes4j.internal.DaemonRules.archivePath(directory, "the directory to extract into");
    ArchiveWrite w;
    long room;
    Container c;
    synchronized (lock) {
      c = find(ref);
      setUpBinds(c);
      String clean = clean(absolute(directory));
      // the extraction point is resolved with its last link followed: an archive can go to a link to a directory
      String resolved = resolve(c, clean, true);
      Place p = place(c, resolved, false);
      if (p.host() != null) {
        Path dir = p.hostPath();
        if (!HostFs.exists(dir)) {
          throw notFound(directory, ref);
        }
        if (!Files.isDirectory(dir)) {
          throw new EngineException(500, "extraction point is not a directory", null);
        }
      } else {
        Tree.Node n = TreeFiles.walk(p.base(), p.rest());
        if (n == null) {
          throw notFound(directory, ref);
        }
        if (!(n instanceof Tree.Dir)) {
          throw new EngineException(500, "extraction point is not a directory", null);
        }
      }
      if (p.readOnly()) {
        throw new EngineException(500, "mounted volume is marked read-only", null);
      }
      w = new ArchiveWrite(c, resolved, noOverwriteDirNonDir, clock.millis());
      room = tmpfsRoom(p);
    }
    try {
      Counted counted = new Counted(decompressed(tar));
      io.github.volumes4j.data.internal.TarReader in = new io.github.volumes4j.data.internal.TarReader(counted, true);
      TarArchiveEntry e;
      long stored = 0;
      while ((e = next(in, counted)) != null) {
        byte[] data = new byte[0];
        boolean complete = true;
        if (!(e.isDirectory() || e.isSymbolicLink() || e.isLink())) {
          stored += e.getSize();
          if (stored > UPLOAD_CAPACITY || e.getSize() > Integer.MAX_VALUE - 16) {
            // the engine's "disk": a share of this JVM's heap per upload, refused as Docker refuses a full disk
            throw ArchiveWrite.failure("write " + clean(absolute(directory) + "/" + e.getName())
                + ": no space left on device (the in-memory engine keeps at most " + (UPLOAD_CAPACITY >> 20)
                + " MiB per upload, a quarter of this JVM's heap)");
          }
          ByteArrayOutputStream content = new ByteArrayOutputStream();
          try {
            in.transferTo(content);
          } catch (IOException x) {
            // what arrived is written, as Docker's untar leaves the part of a cut file
            complete = false;
          }
          data = content.toByteArray();
          complete = complete && data.length >= e.getSize();
          if (data.length > room) {
            // a tmpfs-backed volume with o=size= is full: what fits is written, as the daemon's untar leaves it
            byte[] fits = java.util.Arrays.copyOf(data, (int) room);
            synchronized (lock) {
              w.apply(e, fits, false);
            }
            throw ArchiveWrite.failure("write " + clean(absolute(directory) + "/" + e.getName())
                + ": no space left on device");
          }
          room -= data.length;
        }
        synchronized (lock) {
          w.apply(e, data, complete);
        }
        if (!complete) {
          throw ArchiveWrite.failure("unexpected EOF");
        }
      }
      synchronized (lock) {
        w.finish();
      }
    } catch (IOException e) {
      throw ArchiveWrite.failure(e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      synchronized (lock) {
        store.unmountIdleTmpfsLocked(c);  // the daemon mounted them for this call
      }
    }
  }

  /** Bytes still free in a tmpfs-backed local volume with {@code o=size=} under the place; else no limit. */
  private static long tmpfsRoom(Place p) {
    VolumeRecord v = p.mount() == null ? null : p.mount().volume;
    if (v == null || v.tmpfsSizeLimit < 0) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, v.tmpfsSizeLimit - Tree.size(v.root));
  }

  public Optional<PathStat> stat(String ref, String path) {
    io.github.volumes4j.internal.DaemonRules.archivePath(path, "the path to stat");
    synchronized (lock) {
      Container c = find(ref);
      setUpBinds(c);
      Located at = locate(c, path);
      String resolved = at.resolved();
      Place p = at.place();
      String name = at.name();
      if (p.host() != null) {
        if (!HostFs.exists(p.hostPath())) {
          return Optional.empty();
        }
        requireDirectoryIfNamedSo(path, Files.isDirectory(p.hostPath()));
        if (!Files.isSymbolicLink(p.hostPath())) {
          return Optional.of(HostFs.stat(name, p.hostPath(), resolved));
        }
        return Optional.of(Tars.stat(name, HostFs.load(p.hostPath()), resolve(c, resolved, true)));
      }
      Tree.Node n = TreeFiles.walk(p.base(), p.rest());
      if (n == null) {
        return Optional.empty();
      }
      requireDirectoryIfNamedSo(path, n instanceof Tree.Dir);
      // Docker reports where a link leads, every link on the way followed, as an absolute container path
      String linkTarget = n instanceof Tree.Symlink ? resolve(c, resolved, true) : "";
      return Optional.of(Tars.stat(name, n, linkTarget));
    }
  }
}
