package io.github.volumes4j.data.internal;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeConflictException;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumeUsage;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.CorruptArchiveException;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.ProgressListener;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every data-movement operation, written once over {@link VolumeEngine}. */
public final class Mover {

  private static final Logger LOG = LoggerFactory.getLogger(Mover.class);
  /** Labels put on staging and rollback volumes. */
  public static final String LABEL_STAGING = "io.github.volumes4j.staging-for";
  public static final String LABEL_ROLLBACK = "io.github.volumes4j.rollback-for";
  private static final ArchiveLimits FROM_VOLUME = EntryTracker.FROM_VOLUME;

  private final VolumeEngine engine;
  private final Helpers helpers;

  public Mover(VolumeEngine engine) {
    this.engine = engine;
    this.helpers = new Helpers(engine, Map.of());
  }

  public VolumeEngine engine() {
    return engine;
  }

  public Helpers helpers() {
    return helpers;
  }

  /** A function on a stream that may throw I/O errors. */
  @FunctionalInterface
  public interface StreamFunction<T> {
    T apply(InputStream in) throws IOException;
  }

  // ---- primitives ------------------------------------------------------------------------------

  /** The tar of {@code path} (relative to the volume root; "" for the whole volume, as {@code ./} entries). */
  public <T> T read(String volume, String path, StreamFunction<T> f) {
    engine.inspectVolume(volume);
    try (Helpers.Helper h = helpers.create(volume, true);
        InputStream in = engine.readArchive(h.id(), containerPath(path))) {
      return f.apply(in);
    } catch (IOException e) {
      throw new DataMovementException("reading " + describe(volume, path) + " from the engine failed: " + e.getMessage(), e);
    }
  }

  /**
   * Writes a tar, produced in another thread, into the volume; entries are named {@code ./...}
   * ({@link #PREFIX}). When {@code tracker} saw a root entry, its mode, owner and mtime are applied
   * by a second upload of {@code data/} alone to the helper's {@code /}: Docker skips a {@code ./}
   * entry (the root would keep its old metadata), but applies {@code data/}, the mountpoint.
   */
  public void write(String volume, boolean noOverwriteDirNonDir, EntryTracker tracker, Pipe.Producer producer) {
    try (Helpers.Helper h = helpers.create(volume, false)) {
      Pipe.run("write-" + volume, producer, in -> engine.writeArchive(h.id(), Helpers.MOUNT, in, noOverwriteDirNonDir));
      Optional<TarArchiveEntry> root = tracker.root();
      if (root.isPresent()) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream t = Tars.writer(b)) {
          t.putArchiveEntry(Tars.copy(root.get(), "data/", "", null));
          t.closeArchiveEntry();
          t.finish();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        engine.writeArchive(h.id(), "/", new java.io.ByteArrayInputStream(b.toByteArray()), false);
      }
    }
  }

  /** The name of the volume root in uploads. */
  public static final String PREFIX = "./";

  private static String containerPath(String path) {
    return path.isEmpty() ? Helpers.MOUNT + "/." : Helpers.MOUNT + "/" + path;
  }

  private static String describe(String volume, String path) {
    return path.isEmpty() ? "volume \"" + volume + "\"" : "\"" + path + "\" of volume \"" + volume + "\"";
  }

  /** The order-independent digest of a volume's tree, read through the engine. */
  public TreeDigest digest(String volume) {
    Optional<Path> host = podmanMountpoint(volume);
    if (host.isPresent()) {
      return hostDigest(host.get());
    }
    return read(volume, "", TreeDigest::of);
  }

  /**
   * On Podman, whose archive endpoints data movement does not use, the volume's mountpoint when this
   * process reads it; empty on every other engine (they are read through the engine).
   */
  private Optional<Path> podmanMountpoint(String volume) {
    return engine.info().isPodman() ? hostMountpoint(engine.inspectVolume(volume)) : Optional.empty();
  }

  /** Whether a volume holds nothing but its root directory. */
  public boolean isEmpty(String volume) {
    Optional<Path> host = podmanMountpoint(volume);
    return host.isPresent() ? isEmpty(host.get()) : isEmptyThroughEngine(volume);
  }

  /** Whether a mountpoint holds nothing. */
  private static boolean isEmpty(Path mountpoint) {
    try (java.util.stream.Stream<Path> s = Files.list(mountpoint)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new DataMovementException("cannot list " + mountpoint + ": " + e.getMessage(), e);
    }
  }

  private boolean isEmptyThroughEngine(String volume) {
    return read(volume, "", in -> {
      TarReader tar = new TarReader(in);
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String n = e.getName();
        if (!(n.equals("./") || n.equals(".") || n.equals("/"))) {
          return false;
        }
      }
      return true;
    });
  }

  /** Running containers that mount {@code volume}, in the engine's list order. */
  public List<ContainerInfo> containersUsing(String volume, boolean runningOnly) {
    List<ContainerInfo> out = new ArrayList<>();
    for (ContainerInfo c : engine.listContainers(Map.of())) {
      if (runningOnly && c.state() != ContainerState.RUNNING) {
        continue;
      }
      if (c.labels().containsKey(Helpers.LABEL_HELPER)) {
        continue;
      }
      if (c.mounts().stream().anyMatch(m -> m.name().filter(volume::equals).isPresent())) {
        out.add(c);
      }
    }
    return out;
  }

  // ---- backup ----------------------------------------------------------------------------------

  /** Where a backup goes. */
  public interface BackupTarget {
    OutputStream open() throws IOException;

    void commit() throws IOException;

    /** Removes what was written; says what is left, for the message. */
    String abort();

    Optional<Path> file();

    long written();

    /** Whether {@link #open()}'s stream buffers by itself (then it is not wrapped in another buffer). */
    default boolean buffered() {
      return false;
    }
  }

  public BackupResult backup(String volume, Compression compression, boolean keepSecrets, boolean consistent,
      Duration stopTimeout, boolean fastPath, ProgressListener listener, BackupTarget target) {
    long t0 = System.nanoTime();
    Volume v = engine.inspectVolume(volume);
    Set<String> masked = new TreeSet<>();
    Map<String, String> options = keepSecrets ? v.options() : Secrets.mask(v.options(), masked);
    Instant now = Instant.now();
    BackupManifest.Builder header = BackupManifest.builder().volumeName(v.name()).driver(v.driver())
        .driverOptions(options).maskedOptions(masked).labels(v.labels()).backedUpAt(now)
        .engine(engine.info().name() + " " + engine.info().version());
    v.createdAt().ifPresent(header::volumeCreatedAt);
    OptionalLong expected = v.usage().map(VolumeUsage::sizeBytes).filter(s -> s >= 0)
        .map(OptionalLong::of).orElse(OptionalLong.empty());
    ProgressMeter meter = new ProgressMeter(listener, expected);

    List<ContainerInfo> stopped = new ArrayList<>();
    List<String> restarted = new ArrayList<>();
    RuntimeException failure = null;
    TreeDigest digest = null;
    TransferPath path = TransferPath.ARCHIVE_API;
    try {
      if (consistent) {
        for (ContainerInfo c : containersUsing(volume, true)) {
          LOG.info("stopping container {} ({}) for a consistent backup of volume {}", c.name(), c.id(), volume);
          engine.stopContainer(c.id(), stopTimeout);
          stopped.add(c);
        }
      }
      Optional<Path> host = fastPath ? hostMountpoint(v) : Optional.empty();
      path = host.isPresent() ? TransferPath.HOST_MOUNTPOINT : TransferPath.ARCHIVE_API;
      long w0 = System.nanoTime();
      digest = writeBackup(volume, header, compression, meter, target, host);
      long w1 = System.nanoTime();
      target.commit();
      meter.done();
      LOG.debug("backup of volume {} ({}): data {} ms, commit (sync, rename) {} ms", volume, path,
          (w1 - w0) / 1_000_000, (System.nanoTime() - w1) / 1_000_000);
    } catch (RuntimeException e) {
      failure = e;
    } catch (IOException e) {
      failure = new UncheckedIOException(e);
    } finally {
      // Restart in the original order: Docker lists newest first, so the oldest starts first.
      List<ContainerInfo> order = new ArrayList<>(stopped);
      Collections.reverse(order);
      List<String> notRestarted = new ArrayList<>();
      for (ContainerInfo c : order) {
        try {
          engine.startContainer(c.id());
          restarted.add(c.id());
        } catch (VolumesException e) {
          notRestarted.add(c.name() + " (" + e.getMessage() + ")");
          if (failure == null) {
            failure = new DataMovementException("backup of volume \"" + volume + "\" finished, but container "
                + c.name() + " could not be restarted: " + e.getMessage() + "; start it by hand", e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        String left = target.abort();
        throw backupFailure(volume, failure, left, target, notRestarted);
      }
    }
    return BackupResult.builder().manifest(header.content(digest).build()).file(target.file())
        .archiveBytes(target.written()).path(path).restartedContainers(restarted)
        .duration(Duration.ofNanos(System.nanoTime() - t0)).build();
  }

  private static RuntimeException backupFailure(String volume, RuntimeException e, String left, BackupTarget target,
      List<String> notRestarted) {
    if (e instanceof VolumeNotFoundException || e instanceof CorruptArchiveException) {
      return e;
    }
    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
    String what;
    if (cause instanceof FileSink.WriteFailedException) {
      what = "writing " + target.file().map(Path::toString).orElse("the backup stream") + " failed after "
          + target.written() + " bytes: " + cause.getMessage();
    } else if (cause instanceof IOException) {
      what = "the engine's stream of the volume broke after " + target.written() + " bytes of backup ("
          + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); is the engine still running?";
    } else {
      what = cause.getMessage();
    }
    String msg = "backup of volume \"" + volume + "\" failed: " + what + "; " + left
        + (notRestarted.isEmpty() ? "" : "; containers NOT restarted: " + notRestarted);
    return new DataMovementException(msg, cause);
  }

  private TreeDigest writeBackup(String volume, BackupManifest.Builder header, Compression compression,
      ProgressMeter meter, BackupTarget target, Optional<Path> host) throws IOException {
    OutputStream raw = target.open();
    OutputStream buffered = target.buffered() ? raw : new BufferedOutputStream(raw, 1 << 20);
    OutputStream body = compression.wrap(buffered);
    TarArchiveOutputStream tar = Tars.writer(body);
    BackupManifest probe = header.content(TreeDigest.builder().sha256("").files(0).directories(0).symlinks(0)
        .others(0).bytes(0).build()).build();
    BackupFormat.writeHeader(tar, header, probe);
    EntryTracker tracker = new EntryTracker(FROM_VOLUME).meter(meter);
    if (host.isPresent()) {
      HostTree.write(host.get(), BackupFormat.DATA, Optional.empty(), HostTree.Overrides.none(), tar, tracker);
    } else {
      try (Helpers.Helper h = helpers.create(volume, true);
          InputStream in = engine.readArchive(h.id(), containerPath(""))) {
        Tars.copyEntries(new TarReader(in), BackupFormat.DATA, tar, tracker);
      }
    }
    TreeDigest digest = tracker.digest();
    BackupFormat.writeTrailer(tar, digest, header.content(digest).build().backedUpAt());
    tar.finish();
    body.flush();
    if (body != buffered) {
      body.close(); // finishes the compressed stream; the sink's commit closes the file
    }
    buffered.flush();
    return digest;
  }

  /**
   * The volume's mountpoint, when this process can read it and it provably is the volume's: the
   * engine's stat of the mounted root matches the host directory's mode and nanosecond mtime.
   */
  public Optional<Path> hostMountpoint(Volume v) {
    if (v.mountpoint().isEmpty() || !v.mountpoint().startsWith("/")) {
      return Optional.empty();
    }
    try {
      Path mp = Path.of(v.mountpoint());
      if (!Files.isDirectory(mp, LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(mp) || !Files.isExecutable(mp)) {
        return Optional.empty();
      }
      Optional<PathStat> stat;
      try (Helpers.Helper h = helpers.createForStat(v.name(), true)) {
        stat = engine.statPath(h.id(), Helpers.MOUNT);
      }
      if (stat.isEmpty()) {
        return Optional.empty();
      }
      Instant hostTime = Files.getLastModifiedTime(mp, LinkOption.NOFOLLOW_LINKS).toInstant();
      int hostMode = (Integer) Files.getAttribute(mp, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777;
      if (hostTime.equals(stat.get().modified()) && hostMode == (stat.get().mode() & 0777)) {
        LOG.debug("volume {}: reading the mountpoint {} directly", v.name(), mp);
        return Optional.of(mp);
      }
      LOG.debug("volume {}: mountpoint {} is not the engine's (mtime {} vs {})", v.name(), mp, hostTime,
          stat.get().modified());
    } catch (IOException | RuntimeException e) {
      LOG.debug("volume {}: no direct access to the mountpoint: {}", v.name(), e.toString());
    }
    return Optional.empty();
  }

  // ---- restore ---------------------------------------------------------------------------------

  /** A backup to restore: a file (read once into a new volume; verified, then written into an existing one) or a one-shot stream. */
  public interface ArchiveSource {
    InputStream open() throws IOException;

    /** Whether {@link #open()} may be called again. */
    boolean reopenable();

    /** About how many content bytes the archive holds, when that can be told without reading it. */
    default OptionalLong estimatedContentBytes() {
      return OptionalLong.empty();
    }

    String describe();
  }

  /** How to restore. */
  public static final class RestorePlan {
    public Optional<String> name = Optional.empty();
    public boolean newVolumeOnly = true;
    public RestorePolicy policy = RestorePolicy.FAIL_IF_NOT_EMPTY;
    public Map<String, String> driverOptions = new LinkedHashMap<>();
    public Map<String, String> labels = new LinkedHashMap<>();
    public ArchiveLimits limits = ArchiveLimits.defaults();
    public ProgressListener listener = ProgressListener.none();
    public boolean verifyWritten = true;
    public boolean fastPath = true;
  }

  /** Reads and checks a whole backup without writing anything. */
  public BackupManifest verify(ArchiveSource source, ArchiveLimits limits, ProgressListener listener) {
    try (InputStream in = source.open()) {
      ProgressMeter meter = new ProgressMeter(listener, OptionalLong.empty());
      BackupManifest m = new BackupFormat.Reader(in, limits, meter, source.describe()).readData(null, null);
      meter.done();
      return m;
    } catch (IOException e) {
      throw new DataMovementException("cannot read " + source.describe() + ": " + e.getMessage(), e);
    }
  }

  public TransferResult restore(ArchiveSource source, RestorePlan plan) {
    long t0 = System.nanoTime();
    BackupManifest manifest = null;
    String name;
    ArchiveSource src = source;
    Path spooled = null;
    // The header (name, driver, options, labels) comes first in every backup: read it, then decide.
    InputStream oneShot;
    try {
      // A stream that may have to be spooled keeps the bytes its header took, to spool them too.
      oneShot = source.reopenable() ? source.open() : new Prefix(source.open());
    } catch (IOException e) {
      throw new DataMovementException("cannot read " + source.describe() + ": " + e.getMessage(), e);
    }
    BackupFormat.Reader oneShotReader;
    BackupManifest.Builder header;
    try {
      oneShotReader = new BackupFormat.Reader(oneShot, plan.limits, ProgressMeter.NONE, source.describe());
      header = oneShotReader.header();
    } catch (RuntimeException e) {
      closeQuietly(oneShot);
      throw e;
    }
    BackupManifest meta = header.content(manifest != null ? manifest.content()
        : TreeDigest.builder().sha256("").files(0).directories(0).symlinks(0).others(0).bytes(0).build()).build();
    name = plan.name.orElse(meta.volumeName());
    VolumeSpec spec = specFor(meta, name, plan);
    Optional<Volume> existing = find(name);
    if (existing.isPresent() && plan.newVolumeOnly) {
      closeQuietly(oneShot);
      throw new VolumeConflictException(name, "volume \"" + name + "\" exists; restore into it with into(\"" + name
          + "\", RestorePolicy.REPLACE or MERGE), or name a new volume with as(...)");
    }
    // Into a volume this restore creates, the archive is checked as it is written, in one pass: on any
    // failure the new volume is removed, and nothing that was there before is touched. Into an existing
    // volume it must be verified whole before anything is written (a stream is spooled to a file for it).
    // Archives that may hold device nodes or fifos are verified first too: the host path cannot make them.
    boolean special = plan.limits.allowDevices() || plan.limits.allowFifos();
    if (existing.isPresent() || special) {
      if (source.reopenable()) {
        closeQuietly(oneShot);
        oneShot = null;
        oneShotReader = null;
        manifest = verify(source, plan.limits, ProgressListener.none());
      } else if (existing.isPresent()) {
        spooled = spool(((Prefix) oneShot).replay(), source.describe());
        closeQuietly(oneShot);
        oneShot = null;
        oneShotReader = null;
        src = fileSource(spooled, source.describe(), true);
        manifest = verify(src, plan.limits, ProgressListener.none());
      }
    }
    if (oneShot instanceof Prefix p) {
      p.stop();
    }
    try {
      ProgressMeter meter = new ProgressMeter(plan.listener,
          manifest == null ? src.estimatedContentBytes() : OptionalLong.of(manifest.content().bytes()));
      if (existing.isEmpty()) {
        Volume created = engine.createVolume(spec);
        try {
          boolean noSpecial = manifest != null ? manifest.content().others() == 0 : !special;
          Optional<Path> host = plan.fastPath && noSpecial
              ? hostMountpoint(created).filter(Files::isWritable) : Optional.empty();
          if (host.isPresent()) {
            BackupManifest m = restoreOnHost(host.get(), src, oneShotReader, plan, meter);
            meter.done();
            return result(name, true, m, t0).withPath(TransferPath.HOST_MOUNTPOINT);
          }
          BackupManifest m = writeBackupInto(name, src, oneShotReader, plan, meter, false);
          meter.done();
          return result(name, true, m, t0);
        } catch (RuntimeException e) {
          removeQuietly(name);
          throw e;
        }
      }
      switch (plan.policy) {
        case FAIL_IF_NOT_EMPTY: {
          Optional<Path> host = plan.fastPath && manifest.content().others() == 0
              ? hostMountpoint(existing.get()).filter(Files::isWritable) : Optional.empty();
          if (!(host.isPresent() ? isEmpty(host.get()) : isEmpty(name))) {
            throw new VolumeConflictException(name, "volume \"" + name + "\" is not empty; restore with "
                + "RestorePolicy.REPLACE or MERGE, or into a new volume");
          }
          // Verified already; the write can still fail (engine gone, disk full): then the volume is emptied again.
          try {
            BackupManifest m = host.isPresent() ? restoreOnHost(host.get(), src, null, plan, meter)
                : writeBackupInto(name, src, null, plan, meter, false);
            meter.done();
            return result(name, false, m, t0).withPath(host.isPresent() ? TransferPath.HOST_MOUNTPOINT : TransferPath.ARCHIVE_API);
          } catch (RuntimeException e) {
            emptyAgain(existing.get(), host, e);
            throw e;
          }
        }
        case MERGE: {
          BackupManifest m = writeBackupInto(name, src, null, plan, meter, true);
          meter.done();
          return result(name, false, m, t0);
        }
        case REPLACE:
        default: {
          BackupManifest m = replace(name, existing.get(), src, manifest, plan, meter);
          meter.done();
          return result(name, false, m, t0);
        }
      }
    } finally {
      closeQuietly(oneShot);
      if (spooled != null) {
        try {
          Files.deleteIfExists(spooled);
        } catch (IOException ignored) {
          // best effort: a temporary file
        }
      }
    }
  }

  /**
   * The fast path of a restore into a volume this restore created: the archive's entries are
   * extracted straight into the volume's mountpoint (local engine, proved to be the volume's) as
   * they are read and checked, in one pass, synced, and verified: the tree that landed (types,
   * names, modes, owners, mtimes, sizes, links) must have the backup's digest, each file's content
   * taken from the SHA-256 of the very bytes written to it.
   */
  private BackupManifest restoreOnHost(Path mountpoint, ArchiveSource src, BackupFormat.Reader opened, RestorePlan plan,
      ProgressMeter meter) {
    long t0 = System.nanoTime();
    BackupManifest m;
    BackupFormat.Reader reader;
    try (InputStream in = opened == null ? src.open() : InputStream.nullInputStream()) {
      reader = opened == null ? new BackupFormat.Reader(in, plan.limits, meter, src.describe()) : opened.meter(meter);
      if (plan.verifyWritten) {
        reader.tracker().recordContents();
      }
      HostTree.ExtractorThread x = new HostTree.ExtractorThread(new HostTree.Extractor(mountpoint, true, reader.tracker()));
      try {
        m = reader.readData((e, rel, content, t) -> {
          try {
            x.entry(e, rel, content, t);
          } catch (HostTree.WriteFailedException ex) {
            throw new DataMovementException("writing into the volume's mountpoint " + mountpoint + " failed: "
                + ex.getMessage(), ex.getCause());
          }
        });
        x.finish();
      } catch (HostTree.WriteFailedException ex) {
        throw new DataMovementException("writing into the volume's mountpoint " + mountpoint + " failed: "
            + ex.getMessage(), ex.getCause());
      } finally {
        x.abort(); // a no-op after finish()
      }
    } catch (IOException e) {
      throw new DataMovementException("restoring " + src.describe() + " into " + mountpoint + " failed: " + e.getMessage(), e);
    }
    long t1 = System.nanoTime();
    syncFileSystem(mountpoint);
    long t2 = System.nanoTime();
    if (plan.verifyWritten) {
      EntryTracker landedTracker = new EntryTracker(FROM_VOLUME);
      try {
        HostTree.digest(mountpoint, reader.tracker(), landedTracker);
      } catch (IOException e) {
        throw new DataMovementException("reading back " + mountpoint + " failed: " + e.getMessage(), e);
      }
      TreeDigest landed = landedTracker.digest();
      if (!landed.sha256().equals(m.content().sha256()) || landed.bytes() != m.content().bytes()) {
        throw new DataMovementException("the volume's mountpoint " + mountpoint + " does not hold what was restored: "
            + "expected " + m.content() + ", found " + landed);
      }
    }
    LOG.debug("restore into {}: extract {} ms, sync {} ms, read-back {} ms", mountpoint, (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
    return m;
  }

  /** The digest of a host directory, as the engine would report it. */
  public static TreeDigest hostDigest(Path dir) {
    EntryTracker t = new EntryTracker(FROM_VOLUME);
    try {
      HostTree.digest(dir, null, t);
    } catch (IOException e) {
      throw new DataMovementException("reading " + dir + " failed: " + e.getMessage(), e);
    }
    return t.digest();
  }

  /** {@code sync -f}: one syncfs(2) for the file system of {@code dir}, the way the tar pattern's {@code sync} is durable. */
  private static void syncFileSystem(Path dir) {
    try {
      Process p = new ProcessBuilder("sync", "-f", dir.toString()).redirectErrorStream(true).start();
      p.getInputStream().transferTo(OutputStream.nullOutputStream());
      if (p.waitFor() != 0) {
        LOG.warn("sync -f {} failed; the restored data may not be on disk yet", dir);
      }
    } catch (IOException e) {
      LOG.warn("cannot run sync -f {} ({}); the restored data may not be on disk yet", dir, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private TransferResult result(String name, boolean created, BackupManifest m, long t0) {
    return TransferResult.builder().volume(name).created(created).digest(m.content()).manifest(m)
        .path(TransferPath.ARCHIVE_API).duration(Duration.ofNanos(System.nanoTime() - t0)).build();
  }

  private VolumeSpec specFor(BackupManifest meta, String name, RestorePlan plan) {
    Map<String, String> options = new LinkedHashMap<>(meta.driverOptions());
    options.putAll(plan.driverOptions);
    Set<String> stillMasked = Secrets.maskedKeys(options);
    if (!stillMasked.isEmpty()) {
      throw new IllegalArgumentException("the backup of volume \"" + meta.volumeName() + "\" has masked driver options "
          + stillMasked + "; give their values with driverOption(key, value) on the restore, or back up with keepSecrets()");
    }
    Map<String, String> labels = new LinkedHashMap<>(meta.labels());
    labels.putAll(plan.labels);
    return VolumeSpec.builder().name(name).driver(meta.driver()).driverOptions(options).labels(labels).build();
  }

  private Optional<Volume> find(String name) {
    try {
      return Optional.of(engine.inspectVolume(name));
    } catch (VolumeNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Streams the backup's data into the volume; verifies the stream and (when asked) what the engine wrote. */
  private BackupManifest writeBackupInto(String volume, ArchiveSource src, BackupFormat.Reader reader,
      RestorePlan plan, ProgressMeter meter, boolean noOverwriteDirNonDir) {
    BackupManifest[] out = new BackupManifest[1];
    InputStream opened = null;
    BackupFormat.Reader r = reader;
    if (r == null) {
      try {
        opened = src.open();
      } catch (IOException e) {
        throw new DataMovementException("cannot read " + src.describe() + ": " + e.getMessage(), e);
      }
      r = new BackupFormat.Reader(opened, plan.limits, meter, src.describe());
    } else {
      r.meter(meter);
    }
    BackupFormat.Reader rr = r;
    try {
      write(volume, noOverwriteDirNonDir, rr.tracker(), os -> {
        TarArchiveOutputStream tar = Tars.writer(os);
        out[0] = rr.readData(tar, PREFIX);
        tar.finish();
      });
    } finally {
      closeQuietly(opened);
    }
    if (plan.verifyWritten && !noOverwriteDirNonDir) {
      TreeDigest written = digest(volume);
      if (!written.sha256().equals(out[0].content().sha256())) {
        throw new DataMovementException("volume \"" + volume + "\" does not hold what was restored: expected "
            + out[0].content() + ", the engine has " + written);
      }
    }
    return out[0];
  }

  private BackupManifest replace(String name, Volume target, ArchiveSource src, BackupManifest verifiedManifest,
      RestorePlan plan, ProgressMeter meter) {
    List<ContainerInfo> users = containersUsing(name, false);
    if (!users.isEmpty()) {
      List<String> ids = new ArrayList<>();
      users.forEach(c -> ids.add(c.id()));
      throw new VolumeInUseException(name, ids, "cannot replace the content of volume \"" + name + "\": containers "
          + users.stream().map(ContainerInfo::name).toList() + " use it; remove them first (a replace re-creates the volume)", null);
    }
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String staging = name + "-v4j-staging-" + suffix;
    String rollback = name + "-v4j-rollback-" + suffix;
    VolumeSpec targetSpec = VolumeSpec.builder().name(name).driver(target.driver()).driverOptions(target.options())
        .labels(target.labels()).build();
    // 1. staging: the archive, verified by the engine's own read-back
    engine.createVolume(targetSpec.withName(staging).withLabels(with(target.labels(), LABEL_STAGING, name)));
    BackupManifest m;
    try {
      RestorePlan verified = copyOf(plan);
      verified.verifyWritten = true;
      Optional<Path> host = plan.fastPath && verifiedManifest.content().others() == 0
          ? hostMountpoint(engine.inspectVolume(staging)).filter(Files::isWritable) : Optional.empty();
      m = host.isPresent() ? restoreOnHost(host.get(), src, null, verified, meter)
          : writeBackupInto(staging, src, null, verified, meter, false);
    } catch (RuntimeException e) {
      removeQuietly(staging);
      throw e;
    }
    // 2. rollback copy of the current content
    TreeDigest old;
    try {
      engine.createVolume(targetSpec.withName(rollback).withLabels(with(target.labels(), LABEL_ROLLBACK, name)));
      old = copyVolume(this, name, rollback, ProgressMeter.NONE, plan.fastPath);
    } catch (RuntimeException e) {
      removeQuietly(staging);
      removeQuietly(rollback);
      throw new DataMovementException("replace of volume \"" + name + "\" stopped before touching it: copying its "
          + "current content aside failed: " + e.getMessage(), e);
    }
    // 3. re-create the target from staging
    try {
      engine.removeVolume(name, false);
      engine.createVolume(targetSpec);
      copyVolume(this, staging, name, ProgressMeter.NONE, plan.fastPath);
      TreeDigest now = digest(name);
      if (!now.sha256().equals(m.content().sha256())) {
        throw new DataMovementException("volume \"" + name + "\" does not match the backup after the copy from staging");
      }
    } catch (RuntimeException e) {
      try {
        removeQuietly(name);
        engine.createVolume(targetSpec);
        copyVolume(this, rollback, name, ProgressMeter.NONE, plan.fastPath);
        if (!digest(name).sha256().equals(old.sha256())) {
          throw new DataMovementException("rolled-back content does not match");
        }
        removeQuietly(staging);
        removeQuietly(rollback);
      } catch (RuntimeException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
        throw new DataMovementException("replace of volume \"" + name + "\" failed (" + e.getMessage()
            + ") and so did putting back its old content (" + rollbackFailure.getMessage() + "); the old content is in volume \""
            + rollback + "\", the backup's in volume \"" + staging + "\": clone one of them to \"" + name + "\"", e);
      }
      throw new DataMovementException("replace of volume \"" + name + "\" failed: " + e.getMessage()
          + "; the volume holds its previous content again", e);
    }
    removeQuietly(staging);
    removeQuietly(rollback);
    return m;
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> out = new LinkedHashMap<>(labels);
    out.put(key, value);
    return out;
  }

  private static RestorePlan copyOf(RestorePlan p) {
    RestorePlan c = new RestorePlan();
    c.name = p.name;
    c.newVolumeOnly = p.newVolumeOnly;
    c.policy = p.policy;
    c.driverOptions = p.driverOptions;
    c.labels = p.labels;
    c.limits = p.limits;
    c.listener = p.listener;
    c.verifyWritten = p.verifyWritten;
    c.fastPath = p.fastPath;
    return c;
  }

  /** Keeps what was read through it (the header of a backup: a few KiB), so that it can be read again. */
  static final class Prefix extends java.io.FilterInputStream {
    private static final int LIMIT = 16 << 20;
    private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
    private boolean stopped;

    Prefix(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        keep(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        keep(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(n, 8192)];
      int k = read(buf, 0, buf.length);
      return Math.max(k, 0);
    }

    /** Keeps nothing more: the stream will not be replayed. */
    void stop() {
      stopped = true;
      kept.reset();
    }

    private void keep(byte[] b, int off, int n) throws IOException {
      if (stopped) {
        return;
      }
      if (kept.size() + n > LIMIT) {
        throw new IOException("the backup's header is larger than " + LIMIT + " bytes; it is not a volumes4j backup");
      }
      kept.write(b, off, n);
    }

    /** Everything: what was read so far, then the rest of the stream. */
    InputStream replay() {
      return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(kept.toByteArray()), in);
    }
  }

  private Path spool(InputStream in, String what) {
    try {
      Path tmp = Files.createTempFile("volumes4j-restore-", ".tar");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      return tmp;
    } catch (IOException e) {
      throw new DataMovementException("cannot buffer " + what + " in a temporary file before restoring it into an "
          + "existing volume: " + e.getMessage(), e);
    }
  }

  /** A backup file. */
  public static ArchiveSource fileSource(Path file, String what, boolean temporary) {
    return new ArchiveSource() {
      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }

      @Override
      public boolean reopenable() {
        return true;
      }

      @Override
      public OptionalLong estimatedContentBytes() {
        // an uncompressed tar is its content plus 512-byte headers: its size is a fair estimate
        try (InputStream in = Files.newInputStream(file)) {
          return Tars.compressionOf(in.readNBytes(4)) == Compression.Kind.NONE ? OptionalLong.of(Files.size(file))
              : OptionalLong.empty();
        } catch (IOException e) {
          return OptionalLong.empty();
        }
      }

      @Override
      public String describe() {
        return temporary ? what + " spooled to " + file : file.toString();
      }
    };
  }

  /**
   * Puts a volume that was empty before a failed restore back to empty: its mountpoint's content
   * deleted when this process writes it, else the volume re-created with its driver, options and
   * labels when no container uses it. What could not be done is added to {@code failure}.
   */
  private void emptyAgain(Volume v, Optional<Path> host, RuntimeException failure) {
    String name = v.name();
    try {
      if (host.isPresent()) {
        Path root = host.get();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a)
              throws IOException {
            Files.delete(file);
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            if (!dir.equals(root)) {
              Files.delete(dir);
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }
        });
      } else if (containersUsing(name, false).isEmpty()) {
        engine.removeVolume(name, false);
        engine.createVolume(VolumeSpec.builder().name(name).driver(v.driver()).driverOptions(v.options())
            .labels(v.labels()).build());
      } else {
        throw new DataMovementException("containers use it, so it cannot be re-created empty");
      }
      LOG.info("restore into volume {} failed; the volume is empty again, as it was", name);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(new DataMovementException("volume \"" + name + "\" was empty before the failed restore and "
          + "now holds part of the backup (" + e.getMessage() + "); restore again, or remove it", e));
    }
  }

  private void removeQuietly(String volume) {
    try {
      engine.removeVolume(volume, true);
    } catch (VolumesException e) {
      LOG.warn("could not remove volume {}: {}", volume, e.getMessage());
    }
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  // ---- volume to volume ------------------------------------------------------------------------

  /**
   * Streams volume {@code src} of this engine into volume {@code dst} of {@code target}'s engine
   * (which may be this one), then checks the written tree's digest against what was read.
   */
  public TreeDigest copyVolume(Mover target, String src, String dst, ProgressMeter meter, boolean fastPath) {
    if (target == this && fastPath) {
      Optional<TreeDigest> local = copyOnHost(src, dst, meter);
      if (local.isPresent()) {
        return local.get();
      }
    }
    EntryTracker tracker = new EntryTracker(FROM_VOLUME).meter(meter);
    // The source stream is opened here, before the upload starts: an engine may hold a lock while it
    // consumes an upload (the in-memory engine does), so the producer must not call the engine.
    try (Helpers.Helper hs = helpers.create(src, true);
        InputStream in = engine.readArchive(hs.id(), containerPath(""))) {
      target.write(dst, false, tracker, out -> {
        TarArchiveOutputStream tar = Tars.writer(out);
        Tars.copyEntries(new TarReader(in), PREFIX, tar, tracker);
        tar.finish();
      });
    } catch (IOException e) {
      throw new DataMovementException("copying volume \"" + src + "\" to \"" + dst + "\" failed: " + e.getMessage(), e);
    }
    TreeDigest sent = tracker.digest();
    TreeDigest written = target.digest(dst);
    if (!sent.sha256().equals(written.sha256())) {
      throw new DataMovementException("volume \"" + dst + "\" does not hold what was copied from \"" + src
          + "\": sent " + sent + ", the engine has " + written);
    }
    return sent;
  }

  /**
   * {@link #copyVolume} on a local engine whose mountpoints this process reads (source) and writes
   * (destination), proved to be the volumes' own: a tar stream from one mountpoint straight into the
   * other, synced, and the landed tree checked against what was sent. Empty when that path is not
   * open (remote engine, no access, device nodes or fifos in the source): the caller copies through
   * the engine then.
   */
  private Optional<TreeDigest> copyOnHost(String src, String dst, ProgressMeter meter) {
    Optional<Path> from = hostMountpoint(engine.inspectVolume(src));
    if (from.isEmpty() || hasSpecialFiles(from.get())) {
      return Optional.empty();
    }
    Optional<Path> to = hostMountpoint(engine.inspectVolume(dst)).filter(Files::isWritable);
    if (to.isEmpty()) {
      return Optional.empty();
    }
    EntryTracker sent = new EntryTracker(FROM_VOLUME).meter(meter).recordContents();
    try {
      Pipe.run("copying volume \"" + src + "\" to \"" + dst + "\"", out -> {
        TarArchiveOutputStream tar = Tars.writer(out);
        HostTree.write(from.get(), "", Optional.empty(), HostTree.Overrides.none(), tar, new EntryTracker(FROM_VOLUME));
        tar.finish();
        tar.flush();
      }, in -> {
        try {
          HostTree.extract(new TarReader(in), to.get(), sent, true);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw new DataMovementException("copying volume \"" + src + "\" to \"" + dst + "\" through their mountpoints failed: "
          + e.getCause().getMessage(), e.getCause());
    }
    syncFileSystem(to.get());
    EntryTracker landed = new EntryTracker(FROM_VOLUME);
    try {
      HostTree.digest(to.get(), sent, landed);
    } catch (IOException e) {
      throw new DataMovementException("reading back " + to.get() + " failed: " + e.getMessage(), e);
    }
    TreeDigest d = sent.digest();
    if (!landed.digest().sha256().equals(d.sha256())) {
      throw new DataMovementException("volume \"" + dst + "\" does not hold what was copied from \"" + src
          + "\": sent " + d + ", found " + landed.digest());
    }
    LOG.debug("copied volume {} to {} through their mountpoints", src, dst);
    return Optional.of(d);
  }

  /** Whether a tree holds device nodes, fifos or sockets, which Java cannot create. */
  private static boolean hasSpecialFiles(Path root) {
    boolean[] found = new boolean[1];
    try {
      Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
        @Override
        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
          if (a.isOther()) {
            found[0] = true;
            return java.nio.file.FileVisitResult.TERMINATE;
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      return true; // unreadable somewhere: let the engine copy it
    }
    return found[0];
  }

  /** Clone or migrate: a new volume {@code dst} on {@code target} with {@code src}'s metadata and data. */
  public TransferResult copyToNewVolume(Mover target, String src, String dst, Map<String, String> extraLabels,
      ProgressListener listener) {
    long t0 = System.nanoTime();
    Volume v = engine.inspectVolume(src);
    if (target.find(dst).isPresent()) {
      throw new VolumeConflictException(dst, "volume \"" + dst + "\" exists; pick a new name, or back up \"" + src
          + "\" and restore into \"" + dst + "\" with a RestorePolicy");
    }
    Map<String, String> labels = new LinkedHashMap<>(v.labels());
    labels.putAll(extraLabels);
    target.engine.createVolume(VolumeSpec.builder().name(dst).driver(v.driver()).driverOptions(v.options())
        .labels(labels).build());
    try {
      ProgressMeter meter = new ProgressMeter(listener, v.usage().map(VolumeUsage::sizeBytes).filter(s -> s >= 0)
          .map(OptionalLong::of).orElse(OptionalLong.empty()));
      Optional<TreeDigest> local = target == this ? copyOnHost(src, dst, meter) : Optional.empty();
      TreeDigest d = local.isPresent() ? local.get() : copyVolume(target, src, dst, meter, false);
      meter.done();
      return TransferResult.builder().volume(dst).created(true).digest(d)
          .path(local.isPresent() ? TransferPath.HOST_MOUNTPOINT : TransferPath.ARCHIVE_API)
          .duration(Duration.ofNanos(System.nanoTime() - t0)).build();
    } catch (RuntimeException e) {
      target.removeQuietly(dst);
      throw e;
    }
  }

  static int level(int level) {
    return level < 0 ? Deflater.BEST_SPEED : level;
  }
}
