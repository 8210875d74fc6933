package io.github.volumes4j.data.internal;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeConflictException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.ProgressListener;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.data.UntrustedManifestException;
import io.github.volumes4j.internal.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore of a volumes4j backup. Into a volume it creates: in one pass, checked as written; on any
 * failure the new volume is removed. Into an existing volume: only after the whole archive was
 * checked (a stream is spooled to an owner-only temporary file for that, removed whatever happens),
 * then by policy. The manifest's driver and options are used only with the caller's consent or a
 * valid HMAC ({@link UntrustedManifestException} otherwise, before anything is created).
 */
public final class RestoreJob {

  private static final Logger LOG = LoggerFactory.getLogger(RestoreJob.class);

  /** How to restore. */
  public record Plan(Optional<String> name, boolean newVolumeOnly, RestorePolicy policy, Optional<String> driver,
      Map<String, String> driverOptions, boolean trustManifest, Optional<SecretKey> key, Map<String, String> labels,
      ArchiveLimits limits, ProgressListener listener, boolean verifyWritten, boolean fastPath) {}

  private final VolumeAccess access;

  public RestoreJob(VolumeAccess access) {
    this.access = access;
  }

  /** Reads and checks a whole backup without writing anything. */
  public BackupManifest verify(Sources.ArchiveSource source, ArchiveLimits limits, ProgressListener listener,
      Optional<SecretKey> key) {
    try (InputStream in = source.open()) {
      ProgressMeter meter = new ProgressMeter(listener, OptionalLong.empty());
      BackupManifest m = new BackupFormat.Reader(in, limits, meter, source.describe(), key).readData(null, null);
      meter.done();
      return m;
    } catch (IOException e) {
      throw new DataMovementException("cannot read " + source.describe() + ": " + e.getMessage(), e);
    }
  }

  public TransferResult run(Sources.ArchiveSource source, Plan plan) {
    long t0 = System.nanoTime();
    InputStream first;
    try {
      // A stream that may have to be spooled keeps the bytes its header took, to spool them too.
      first = source.reopenable() ? source.open() : new Sources.Prefix(source.open());
    } catch (IOException e) {
      throw new DataMovementException("cannot read " + source.describe() + ": " + e.getMessage(), e);
    }
    Sources.Spool spool = null;
    try {
      BackupFormat.Reader reader = new BackupFormat.Reader(first, plan.limits(), ProgressMeter.NONE, source.describe(),
          plan.key());
      BackupManifest meta = reader.header().content(TreeDigest.builder().sha256("").files(0).directories(0)
          .symlinks(0).others(0).bytes(0).build()).build();
      String name = plan.name().orElse(meta.volumeName());
      Optional<Volume> existing = access.find(name);
      if (existing.isPresent() && plan.newVolumeOnly()) {
        throw new VolumeConflictException(name, "volume \"" + name + "\" exists; restore into it with into(\"" + name
            + "\", RestorePolicy.REPLACE or MERGE), or name a new volume with toNewVolume(name)");
      }
      // Decided before anything is created: which driver and options a new volume gets.
      VolumeSpec spec = existing.isEmpty() ? specFor(meta, name, plan, reader.authenticated()) : null;
      boolean special = plan.limits().allowDevices() || plan.limits().allowFifos();
      BackupManifest verified = null;
      Sources.ArchiveSource src = source;
      if (existing.isPresent() || special) {
        // Checked whole before anything is written; a stream is read once, so it is spooled for that.
        if (!source.reopenable()) {
          spool = Sources.Spool.of(((Sources.Prefix) first).replay(), source.describe());
          src = spool.source();
        }
        closeQuietly(first);
        first = null;
        reader = null;
        verified = verify(src, plan.limits(), ProgressListener.none(), plan.key());
      } else if (first instanceof Sources.Prefix p) {
        p.stop();
      }
      ProgressMeter meter = new ProgressMeter(plan.listener(),
          verified == null ? src.estimatedContentBytes() : OptionalLong.of(verified.content().bytes()));
      boolean noSpecial = verified != null ? verified.content().others() == 0 : !special;
      if (existing.isEmpty()) {
        return intoNew(name, spec, src, reader, plan, noSpecial, meter, t0);
      }
      Volume v = existing.get();
      switch (plan.policy()) {
        case FAIL_IF_NOT_EMPTY:
          return intoEmpty(v, src, plan, noSpecial, meter, t0);
        case MERGE: {
          VolumeWriter[] w = new VolumeWriter[1];
          BackupManifest m;
          try {
            m = write(src, plan, meter, t -> access.writer(v, false, false, t, true), false, w);
          } catch (RuntimeException e) {
            if (w[0] == null) {
              throw e;
            }
            throw new DataMovementException("merging " + src.describe() + " into volume \"" + name + "\" failed half way ("
                + e.getMessage() + "); the volume may hold part of the backup next to its own content: merge again, or "
                + "restore with RestorePolicy.REPLACE", e);
          }
          meter.done();
          return result(name, false, m, w[0], t0);
        }
        case REPLACE:
        default: {
          ReplaceJob job = new ReplaceJob(access, this);
          BackupManifest m = job.run(v, src, verified, plan, meter);
          meter.done();
          return TransferResult.builder().volume(name).created(false).digest(m.content()).manifest(m)
              .path(job.path()).duration(Duration.ofNanos(System.nanoTime() - t0)).build();
        }
      }
    } finally {
      closeQuietly(first);
      if (spool != null) {
        spool.close();
      }
    }
  }

  /** One pass into a volume this restore creates; removed again on any failure. */
  private TransferResult intoNew(String name, VolumeSpec spec, Sources.ArchiveSource src, BackupFormat.Reader reader,
      Plan plan, boolean noSpecial, ProgressMeter meter, long t0) {
    Volume created = access.createNew(spec);
    try {
      if (SharedStorage.holdsData(access, created)) {
        throw new io.github.volumes4j.data.SharedStorageException(name, SharedStorage.describe(created), "the new volume \""
            + name + "\" is a view of storage that already holds data (" + SharedStorage.describe(created) + "); nothing"
            + " was written, and the volume was removed (its storage's files are left as they were): restore into a"
            + " volume with storage of its own, or create this one yourself and restore into it with a RestorePolicy");
      }
      BackupFormat.Reader r = reader;
      InputStream opened = null;
      try {
        if (r == null) {
          opened = src.open();
          r = new BackupFormat.Reader(opened, plan.limits(), meter, src.describe(), plan.key());
        } else {
          r.meter(meter);
        }
        try (VolumeWriter w = access.writer(created, plan.fastPath(), noSpecial, r.tracker(), false)) {
          BackupFormat.Reader rr = r;
          BackupManifest m = rr.readData((e, rel, content, t) -> w.entry(e, rel, content));
          w.finish(plan.verifyWritten());
          meter.done();
          return result(name, true, m, w, t0);
        }
      } finally {
        closeQuietly(opened);
      }
    } catch (IOException e) {
      access.remove(name, e);
      throw new DataMovementException("cannot read " + src.describe() + ": " + e.getMessage()
          + "; the new volume \"" + name + "\" was removed", e);
    } catch (RuntimeException | Error e) {
      access.remove(name, e);
      throw e;
    }
  }

  /** Into an existing volume that must be empty; emptied again if the write fails. */
  private TransferResult intoEmpty(Volume v, Sources.ArchiveSource src, Plan plan, boolean noSpecial,
      ProgressMeter meter, long t0) {
    String name = v.name();
    boolean quiet = access.writers(v).isEmpty();
    Optional<Path> host = plan.fastPath() && noSpecial && quiet
        ? access.hostMountpoint(v).filter(Files::isWritable) : Optional.empty();
    if (!access.isEmpty(v, host)) {
      throw new VolumeConflictException(name, "volume \"" + name + "\" is not empty; restore with "
          + "RestorePolicy.REPLACE or MERGE, or into a new volume");
    }
    VolumeWriter[] w = new VolumeWriter[1];
    try {
      BackupManifest m = write(src, plan, meter, t -> access.writer(v, plan.fastPath(), noSpecial, t, false),
          plan.verifyWritten(), w);
      meter.done();
      return result(name, false, m, w[0], t0);
    } catch (RuntimeException | Error e) {
      if (w[0] != null) {
        emptyAgain(v, w[0] instanceof VolumeWriter.Host h ? Optional.of(h.mountpoint()) : Optional.empty(), e);
      }
      throw e;
    }
  }

  /**
   * Streams the backup from {@code src} into the writer {@code open} makes with the reader's tracker:
   * every entry checked, the trailer verified, then the writer finished. {@code opened[0]} is the writer.
   */
  BackupManifest write(Sources.ArchiveSource src, Plan plan, ProgressMeter meter,
      java.util.function.Function<EntryTracker, VolumeWriter> open, boolean verify, VolumeWriter[] opened) {
    try (InputStream in = src.open()) {
      BackupFormat.Reader r = new BackupFormat.Reader(in, plan.limits(), meter, src.describe(), plan.key());
      r.header();
      try (VolumeWriter w = open.apply(r.tracker())) {
        opened[0] = w;
        BackupManifest m = r.readData((e, rel, content, t) -> w.entry(e, rel, content));
        w.finish(verify);
        return m;
      }
    } catch (IOException e) {
      throw new DataMovementException("cannot read " + src.describe() + ": " + e.getMessage(), e);
    }
  }

  private static TransferResult result(String name, boolean created, BackupManifest m, VolumeWriter w, long t0) {
    return TransferResult.builder().volume(name).created(created).digest(m.content()).manifest(m).path(w.path())
        .duration(Duration.ofNanos(System.nanoTime() - t0)).build();
  }

  /**
   * The spec of the volume a restore creates. The manifest's driver and options only with consent
   * ({@code trustManifest()}) or a valid HMAC; the caller's own driver and options otherwise; a plain
   * local volume when the manifest asks for nothing else.
   */
  static VolumeSpec specFor(BackupManifest m, String name, Plan plan, boolean authenticated) {
    boolean trusted = plan.trustManifest() || authenticated;
    boolean explicit = plan.driver().isPresent() || !plan.driverOptions().isEmpty();
    String driver;
    Map<String, String> options = new LinkedHashMap<>();
    if (trusted) {
      driver = plan.driver().orElse(m.driver());
      options.putAll(m.driverOptions());
      options.putAll(plan.driverOptions());
    } else if (explicit) {
      driver = plan.driver().orElse("local");
      options.putAll(plan.driverOptions());
    } else if (m.driver().equals("local") && m.driverOptions().isEmpty()) {
      driver = "local";
    } else {
      throw new UntrustedManifestException("the backup of volume \"" + m.volumeName() + "\" asks for driver \""
          + m.driver() + "\"" + (m.driverOptions().isEmpty() ? "" : " with options " + Secrets.mask(m.driverOptions()))
          + ", which a restore does not take from a backup that nothing vouches for (a tampered one could bind any "
          + "host directory); nothing was created. If the backup is yours, restore with trustManifest(); give the "
          + "driver and options yourself with driver(...) and driverOption(...); or restore as a plain local volume "
          + "with driver(\"local\")", m.driver(), Secrets.mask(m.driverOptions()));
    }
    Set<String> stillMasked = new TreeSet<>();
    options.forEach((k, v) -> {
      if (v.contains(BackupManifest.MASKED)) {
        stillMasked.add(k);
      }
    });
    if (!stillMasked.isEmpty()) {
      throw new IllegalArgumentException("the backup of volume \"" + m.volumeName() + "\" has masked driver options "
          + stillMasked + "; give their values with driverOption(key, value) on the restore, or back up with keepSecrets()");
    }
    Map<String, String> labels = new LinkedHashMap<>(m.labels());
    labels.putAll(plan.labels());
    return VolumeSpec.builder().name(name).driver(driver).driverOptions(options).labels(labels).build();
  }

  /**
   * Puts a volume that was empty before a failed restore back to empty: its mountpoint's content
   * deleted when the write went there, else the volume re-created with its driver, options and
   * labels when no container uses it. What could not be done is added to {@code failure}.
   */
  private void emptyAgain(Volume v, Optional<Path> host, Throwable failure) {
    String name = v.name();
    try {
      if (host.isPresent()) {
        Path root = host.get();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            if (!dir.equals(root)) {
              Files.delete(dir);
            }
            return FileVisitResult.CONTINUE;
          }
        });
      } else if (access.containersUsing(name, false).isEmpty()) {
        access.engine().removeVolume(name, false);
        access.engine().createVolume(VolumeSpec.builder().name(name).driver(v.driver()).driverOptions(v.options())
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

  static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
