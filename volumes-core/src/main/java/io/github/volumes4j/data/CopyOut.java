package io.github.volumes4j.data;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.internal.Digests;
import io.github.volumes4j.data.internal.EntryTracker;
import io.github.volumes4j.data.internal.HostExtractor;
import io.github.volumes4j.data.internal.HostTree;
import io.github.volumes4j.data.internal.Jobs;
import io.github.volumes4j.data.internal.ProgressMeter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import io.github.volumes4j.data.internal.TarReader;

/**
 * Copies out of a volume, or out of a container's file system: one file to a host file, bytes or a
 * string; a whole directory tree to a host directory (every entry, with modes, mtimes, links; owners
 * with {@link #owners(boolean)}); or a stream of one file's content or of a tar of a directory.
 *
 * <pre>{@code
 * String conf = volumes.copyFrom("config").string("/app.yml");
 * volumes.copyFrom("site").tree("/", Path.of("site-copy"));
 * try (InputStream log = volumes.copyFrom("logs").open("/app/current.log")) { log.transferTo(System.out); }
 * volumes.copyFromContainer("web").tree("/var/log/nginx", Path.of("logs"));   // running or stopped
 * }</pre>
 *
 * <p>Entries are checked as on restore: nothing lands outside the host directory. Out of a volume,
 * paths are relative to the volume's root and a helper container reads them; out of a container
 * ({@link DataMovement#copyFromContainer}), paths are absolute in the container and the container's
 * own archive endpoint reads them (what it sees, its mounts included, as {@code docker cp} does).
 */
public final class CopyOut {

  private final Jobs jobs;
  private final String volume;
  /** When set, the paths are read from this container's file system, not from {@link #volume}'s helper. */
  private final String container;
  private boolean owners;
  private ArchiveLimits limits = ArchiveLimits.defaults();
  private ProgressListener listener = ProgressListener.none();

  CopyOut(Jobs jobs, String volume, String container) {
    this.jobs = jobs;
    this.volume = volume;
    this.container = container;
  }

  private CopyOut copy() {
    CopyOut c = new CopyOut(jobs, volume, container);
    c.owners = owners;
    c.limits = limits;
    c.listener = listener;
    return c;
  }

  /** Whether {@link #tree} gives host files the volume's numeric owners (needs root); default false. */
  public CopyOut owners(boolean owners) {
    CopyOut c = copy();
    c.owners = owners;
    return c;
  }

  /** Limits for what {@link #tree} writes on the host. */
  public CopyOut limits(ArchiveLimits limits) {
    CopyOut c = copy();
    c.limits = requireNonNull(limits, "limits == null");
    return c;
  }

  /** Reports progress to {@code listener}: {@code copyOut.progress(p -> log.info("{}", p))}. */
  public CopyOut progress(ProgressListener listener) {
    CopyOut c = copy();
    c.listener = requireNonNull(listener, "listener == null");
    return c;
  }

  /** Copies one regular file of the volume to a host file (written to a temporary name, then renamed). */
  public TransferResult file(String path, Path hostFile) {
    requireNonNull(hostFile, "hostFile == null");
    String p = filePath(path);
    long t0 = System.nanoTime();
    EntryTracker tracker = new EntryTracker(limits);
    read(p, in -> {
      TarReader tar = new TarReader(in);
      TarArchiveEntry e = single(tar, path);
      String n = tracker.check(e);
      Path target = hostFile.toAbsolutePath();
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
      try {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          tracker.accept(e, n, tar, out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return null;
    });
    return result(Digests.of(tracker), t0);
  }

  /** The content of one regular file (at most 2 GiB; stream larger ones with {@link #open}). */
  public byte[] bytes(String path) {
    String p = filePath(path);
    return read(p, in -> {
      TarReader tar = new TarReader(in);
      TarArchiveEntry e = single(tar, path);
      if (e.getSize() > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("\"" + path + "\" is " + e.getSize() + " bytes; stream it with open(...)");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) e.getSize());
      tar.transferTo(out);
      return out.toByteArray();
    });
  }

  /** The content of one regular file as UTF-8 text. */
  public String string(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  /**
   * Copies the content of {@code dir} of the volume ({@code "/"} for all of it) into a host
   * directory, every entry: files, directories (empty ones too), symbolic and hard links, modes,
   * mtimes. The host directory is created if missing; existing files of the same name are replaced.
   */
  public TransferResult tree(String dir, Path hostDir) {
    requireNonNull(hostDir, "hostDir == null");
    String d = DataMovement.volumePath(dir, "dir");
    long t0 = System.nanoTime();
    ProgressMeter meter = new ProgressMeter(listener, OptionalLong.empty());
    EntryTracker tracker = new EntryTracker(limits).meter(meter);
    read(d.isEmpty() ? "" : d + "/.", in -> {
      HostExtractor.extract(new TarReader(in), hostDir, tracker, owners);
      return null;
    });
    meter.done();
    return result(Digests.of(tracker), t0);
  }

  /**
   * A stream of one file's content; the helper container lives until the stream is closed, so
   * close it (try-with-resources).
   */
  public InputStream open(String path) {
    String p = filePath(path);
    Stream s = stream(p);
    try {
      TarReader tar = new TarReader(s.raw);
      single(tar, path);
      return new Wrapped(tar, s);
    } catch (IOException | RuntimeException e) {
      s.close();
      if (e instanceof RuntimeException) {
        throw (RuntimeException) e;
      }
      throw new DataMovementException("reading \"" + path + "\" of " + source() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * A tar stream of {@code dir} ({@code "/"} for the whole volume), entries named relative to it
   * ({@code ./...}), as the engine sends it; close it to remove the helper container.
   */
  public InputStream tar(String dir) {
    String d = DataMovement.volumePath(dir, "dir");
    Stream s = stream(d.isEmpty() ? "" : d + "/.");
    return new Wrapped(s.raw, s);
  }

  private Stream stream(String path) {
    return container == null ? new Stream(jobs, volume, path) : new Stream(jobs.engine().readArchive(container, containerPath(path)));
  }

  /** Reads {@code path} (relative, "" for the root) from the volume's helper or from the container. */
  private <T> T read(String path, io.github.volumes4j.data.internal.VolumeAccess.StreamFunction<T> f) {
    if (container == null) {
      return jobs.access().read(volume, path, f);
    }
    try (InputStream in = jobs.engine().readArchive(container, containerPath(path))) {
      return f.apply(in);
    } catch (IOException e) {
      throw new DataMovementException("reading \"" + containerPath(path) + "\" of container \"" + container
          + "\" from the engine failed: " + e.getMessage(), e);
    }
  }

  private String source() {
    return (container == null ? "volume \"" : "container \"") + volume + "\"";
  }

  private static String containerPath(String path) {
    return path.isEmpty() ? "/." : "/" + path;
  }

  private static final class Stream implements AutoCloseable {
    final io.github.volumes4j.data.internal.VolumeAccess.TarSource helper;
    final InputStream raw;

    Stream(Jobs jobs, String volume, String path) {
      helper = jobs.access().openTar(volume, path);
      raw = helper.in();
    }

    /** A container's own stream: no helper. */
    Stream(InputStream raw) {
      this.helper = null;
      this.raw = raw;
    }

    @Override
    public void close() {
      try {
        raw.close();
      } catch (IOException ignored) {
        // the helper goes anyway
      } finally {
        if (helper != null) {
          helper.close();
        }
      }
    }
  }

  private static final class Wrapped extends java.io.FilterInputStream {
    private final Stream stream;

    Wrapped(InputStream in, Stream stream) {
      super(in);
      this.stream = stream;
    }

    @Override
    public void close() {
      stream.close();
    }
  }

  private static String filePath(String path) {
    String p = DataMovement.volumePath(path, "path");
    if (p.isEmpty()) {
      throw new IllegalArgumentException("path \"" + path + "\" is the volume root; name a file, or copy the tree with tree(...)");
    }
    return p;
  }

  private TarArchiveEntry single(TarReader tar, String path) throws IOException {
    TarArchiveEntry e = tar.getNextEntry();
    if (e == null) {
      throw new DataMovementException("the engine sent no entry for \"" + path + "\" of " + source());
    }
    if (e.isDirectory()) {
      throw new IllegalArgumentException("\"" + path + "\" of " + source() + " is a directory; copy it with tree(...)");
    }
    if (e.isSymbolicLink()) {
      throw new IllegalArgumentException("\"" + path + "\" of " + source() + " is a symbolic link to \""
          + e.getLinkName() + "\"; copy its target");
    }
    if (!e.isFile()) {
      throw new IllegalArgumentException("\"" + path + "\" of " + source() + " is not a regular file");
    }
    return e;
  }

  private TransferResult result(TreeDigest d, long t0) {
    // a container's file system is read through its archive endpoint; a volume's the way copies go
    TransferPath path = container == null ? jobs.access().partialPath() : TransferPath.ARCHIVE_API;
    return TransferResult.builder().volume(volume).created(false).digest(d).path(path)
        .duration(Duration.ofNanos(System.nanoTime() - t0)).build();
  }

  @Override
  public String toString() {
    return "CopyOut[" + source() + "]";
  }
}
