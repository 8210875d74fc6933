package io.github.volumes4j.data;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.internal.EntryTracker;
import io.github.volumes4j.data.internal.HostTree;
import io.github.volumes4j.data.internal.Jobs;
import io.github.volumes4j.data.internal.Sources;
import io.github.volumes4j.data.internal.TarReader;
import io.github.volumes4j.data.internal.VolumeWriter;
import io.github.volumes4j.Volume;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.github.volumes4j.data.internal.ProgressMeter;
import io.github.volumes4j.data.internal.Tars;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Copies into an existing volume: a host file, a host directory tree, bytes, a string, a class
 * path resource, or a tar stream (checked like a restore: no {@code ..}, no links leading out).
 * Missing parent directories are created by the engine. Each call is one upload through a
 * never-started helper container; options apply to the entries it creates.
 *
 * <pre>{@code
 * volumes.copyInto("config").mode(0640).owner(999, 999).file(Path.of("postgresql.conf"), "/postgresql.conf");
 * volumes.copyInto("site").tree(Path.of("public"), "/");
 * volumes.copyInto("seed").string("CREATE TABLE t(x int);\n", "/docker-entrypoint-initdb.d/1.sql");
 * }</pre>
 *
 * <p>Immutable: each option returns a new instance.
 */
public final class CopyIn {

  private final Jobs jobs;
  private final String volume;
  private OptionalInt uid = OptionalInt.empty();
  private OptionalInt gid = OptionalInt.empty();
  private OptionalInt fileMode = OptionalInt.empty();
  private OptionalInt dirMode = OptionalInt.empty();
  private ArchiveLimits limits = ArchiveLimits.defaults();
  private ProgressListener listener = ProgressListener.none();

  CopyIn(Jobs jobs, String volume) {
    this.jobs = jobs;
    this.volume = volume;
  }

  private CopyIn copy() {
    CopyIn c = new CopyIn(jobs, volume);
    c.uid = uid;
    c.gid = gid;
    c.fileMode = fileMode;
    c.dirMode = dirMode;
    c.limits = limits;
    c.listener = listener;
    return c;
  }

  /** Numeric owner of the entries created (default: the host file's owner, or 0:0 for bytes). */
  public CopyIn owner(int uid, int gid) {
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("owner " + uid + ":" + gid + " is negative; give numeric ids such as 1000, 1000");
    }
    CopyIn c = copy();
    c.uid = OptionalInt.of(uid);
    c.gid = OptionalInt.of(gid);
    return c;
  }

  /** Permission bits of the files created, for example {@code 0640} (default: the host file's, or 0644 for bytes). */
  public CopyIn mode(int mode) {
    CopyIn c = copy();
    c.fileMode = OptionalInt.of(checkMode(mode));
    return c;
  }

  /** Permission bits of the directories created by {@link #tree} (default: the host directory's). */
  public CopyIn dirMode(int mode) {
    CopyIn c = copy();
    c.dirMode = OptionalInt.of(checkMode(mode));
    return c;
  }

  /** Limits for {@link #tar}. */
  public CopyIn limits(ArchiveLimits limits) {
    CopyIn c = copy();
    c.limits = requireNonNull(limits, "limits == null");
    return c;
  }

  /** Reports progress to {@code listener}: {@code copyIn.progress(p -> log.info("{}", p))}. */
  public CopyIn progress(ProgressListener listener) {
    CopyIn c = copy();
    c.listener = requireNonNull(listener, "listener == null");
    return c;
  }

  private static int checkMode(int mode) {
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException("mode 0" + Integer.toOctalString(mode) + " is not a permission mode; give one such as 0644");
    }
    return mode;
  }

  /** Copies one host file to {@code target} (a path in the volume, such as {@code /conf/app.yml}). */
  public TransferResult file(Path hostFile, String target) {
    requireNonNull(hostFile, "hostFile == null");
    String t = DataMovement.volumePath(target, "target");
    if (t.isEmpty()) {
      throw new IllegalArgumentException("target \"" + target + "\" is the volume root; name the file, such as /" + hostFile.getFileName());
    }
    if (!Files.isRegularFile(hostFile)) {
      throw new IllegalArgumentException("host file " + hostFile + " is not a regular file; copy directories with tree(...)");
    }
    int slash = t.lastIndexOf('/');
    String dir = slash < 0 ? "" : t.substring(0, slash);
    String name = t.substring(slash + 1);
    return upload(size(hostFile), List.of(dir), (sink, tracker) -> HostTree.read(hostFile.toRealPath(), dir,
        Optional.of(name), overrides(), tracker, sink));
  }

  /**
   * Copies the content of a host directory (every file, directory, symbolic and hard link, with
   * modes, owners and mtimes) into {@code targetDir} of the volume ({@code "/"} for the root).
   */
  public TransferResult tree(Path hostDir, String targetDir) {
    requireNonNull(hostDir, "hostDir == null");
    String t = DataMovement.volumePath(targetDir, "targetDir");
    if (!Files.isDirectory(hostDir)) {
      throw new IllegalArgumentException("host directory " + hostDir + " is not a directory; copy files with file(...)");
    }
    String parent = t.contains("/") ? t.substring(0, t.lastIndexOf('/')) : "";
    return upload(OptionalLong.empty(), List.of(t.isEmpty() ? "" : t, parent), (sink, tracker) ->
        HostTree.read(hostDir.toRealPath(), t, Optional.empty(), overrides(), tracker, sink));
  }

  /** Writes bytes as the file {@code target}. */
  public TransferResult bytes(byte[] content, String target) {
    requireNonNull(content, "content == null");
    String t = DataMovement.volumePath(target, "target");
    if (t.isEmpty()) {
      throw new IllegalArgumentException("target \"" + target + "\" is the volume root; name the file");
    }
    int slash = t.lastIndexOf('/');
    return upload(OptionalLong.of(content.length), List.of(slash < 0 ? "" : t.substring(0, slash)), (sink, tracker) -> {
      TarArchiveEntry e = new TarArchiveEntry(t, TarConstants.LF_NORMAL, true);
      e.setSize(content.length);
      e.setMode(0100000 | fileMode.orElse(0644));
      e.setUserId(uid.orElse(0));
      e.setGroupId(gid.orElse(0));
      e.setModTime(Instant.now().getEpochSecond() * 1000L);
      String n = tracker.check(e);
      sink.entry(e, n, new java.io.ByteArrayInputStream(content));
    });
  }

  /** Writes a string, UTF-8 encoded, as the file {@code target}. */
  public TransferResult string(String content, String target) {
    return bytes(requireNonNull(content, "content == null").getBytes(StandardCharsets.UTF_8), target);
  }

  /** Writes a class path resource (found by this library's class loader, or the thread's) as the file {@code target}. */
  public TransferResult resource(String resourceName, String target) {
    requireNonNull(resourceName, "resourceName == null");
    String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    InputStream in = tccl == null ? null : tccl.getResourceAsStream(name);
    if (in == null) {
      in = CopyIn.class.getClassLoader().getResourceAsStream(name);
    }
    if (in == null) {
      throw new IllegalArgumentException("class path resource \"" + resourceName + "\" not found; check its name and that it is packaged");
    }
    try (InputStream r = in) {
      return bytes(r.readAllBytes(), target);
    } catch (IOException e) {
      throw new UncheckedIOException("reading class path resource " + resourceName + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Extracts a tar stream (entries relative to the volume root) into the volume. The whole stream is
   * checked first, against the {@link #limits(ArchiveLimits)} and the volume's own links (an entry
   * below a symbolic link already in the volume would not land in it), in an owner-only temporary
   * file that is removed afterwards; only then is anything written. Owner and mode options do not
   * apply. The stream is read to its end, not closed.
   */
  public TransferResult tar(InputStream tarStream) {
    requireNonNull(tarStream, "tarStream == null");
    jobs.engine().inspectVolume(volume);
    try (Sources.Spool spool = Sources.Spool.of(tarStream, "the tar stream")) {
      Set<String> outside = new HashSet<>();
      EntryTracker check = new EntryTracker(limits);
      try (InputStream in = spool.source().open()) {
        TarReader r = Tars.reader(in);
        Set<String> dirs = new HashSet<>();
        TarArchiveEntry e;
        while ((e = r.getNextEntry()) != null) {
          String n = check.check(e);
          if (e.isDirectory()) {
            dirs.add(n);
          }
          String parent = n.contains("/") ? n.substring(0, n.lastIndexOf('/')) : "";
          if (!parent.isEmpty() && !dirs.contains(parent)) {
            outside.add(parent);
          }
          check.accept(e, n, r, null);
        }
      } catch (IOException e) {
        throw new io.github.volumes4j.data.CorruptArchiveException("the tar stream is damaged or truncated ("
            + e.getMessage() + "); nothing was written", e);
      }
      check.finish();
      return upload(OptionalLong.of(check.bytes()), List.copyOf(outside), (sink, tracker) -> {
        try (InputStream in = spool.source().open()) {
          TarReader r = Tars.reader(in);
          TarArchiveEntry e;
          while ((e = r.getNextEntry()) != null) {
            sink.entry(e, tracker.check(e), r);
          }
        }
      });
    }
  }

  private HostTree.Overrides overrides() {
    return new HostTree.Overrides(uid, gid, fileMode, dirMode);
  }

  private static OptionalLong size(Path p) {
    try {
      return OptionalLong.of(Files.size(p));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  @FunctionalInterface
  private interface EntryWriter {
    void write(HostTree.EntrySink sink, EntryTracker tracker) throws IOException;
  }

  /**
   * One upload through the engine's archive endpoint (a never-started helper): the target directories
   * are first checked not to go through a link of the volume, then every entry is checked and written.
   */
  private TransferResult upload(OptionalLong expected, List<String> targetDirs, EntryWriter writer) {
    long t0 = System.nanoTime();
    Volume v = jobs.engine().inspectVolume(volume);
    jobs.access().requireNoLinkOnTheWay(volume, targetDirs);
    ProgressMeter meter = new ProgressMeter(listener, expected);
    EntryTracker tracker = new EntryTracker(limits).meter(meter);
    TreeDigest d;
    TransferPath path;
    try (VolumeWriter w = jobs.access().copyWriter(v, tracker)) {
      path = w.path();
      writer.write(w::entry, tracker);
      d = w.finish(false);
    } catch (IOException e) {
      throw new DataMovementException("copying into volume \"" + volume + "\" failed: " + e.getMessage(), e);
    }
    meter.done();
    return TransferResult.builder().volume(volume).created(false).digest(d)
        .path(path).duration(Duration.ofNanos(System.nanoTime() - t0)).build();
  }

  @Override
  public String toString() {
    return "CopyIn[" + volume + "]";
  }
}
