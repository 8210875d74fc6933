package io.github.volumes4j.data.internal;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeConflictException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumeUsage;
import io.github.volumes4j.data.ProgressListener;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.data.DataMovementException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Volume to volume, on one engine or between two: the source read over its fastest safe path, each
 * entry written into the destination as it is read, then the destination proved to hold what was
 * sent. Mountpoint to mountpoint when both are local to this process and the source has no device
 * nodes or fifos (which Java cannot create).
 */
public final class CopyJob {

  /** What a copy moved, and how. */
  public record Copied(TreeDigest digest, TransferPath path, String reason) {}

  private CopyJob() {}

  /** Copies {@code src} of {@code from} into the existing volume {@code dst} of {@code to}, verified. */
  public static Copied copy(VolumeAccess from, Volume src, VolumeAccess to, Volume dst, ProgressMeter meter,
      boolean fastPath) {
    VolumeReader reader = from.reader(src, fastPath);
    boolean hostToHost = fastPath && from.engine() == to.engine() && reader instanceof VolumeReader.Host h
        && !hasSpecialFiles(h.mountpoint());
    EntryTracker tracker = new EntryTracker(EntryTracker.FROM_VOLUME).meter(meter);
    try (VolumeWriter w = to.writer(dst, hostToHost, true, tracker, false)) {
      reader.read(tracker, w::entry);
      TreeDigest d = w.finish(true);
      boolean fast = reader.path() == TransferPath.HOST_MOUNTPOINT && w.path() == TransferPath.HOST_MOUNTPOINT;
      TransferPath through = reader.path() == TransferPath.ARCHIVE_API || w.path() == TransferPath.ARCHIVE_API
          ? TransferPath.ARCHIVE_API : TransferPath.HELPER_STREAM;
      return new Copied(d, fast ? TransferPath.HOST_MOUNTPOINT : through, reader.reason());
    } catch (IOException e) {
      throw new DataMovementException("copying volume \"" + src.name() + "\" to \"" + dst.name() + "\" failed: "
          + e.getMessage(), e);
    }
  }

  /** Clone or migrate: a new volume {@code dst} on {@code to} with {@code src}'s metadata and data; removed again on failure. */
  public static TransferResult toNewVolume(VolumeAccess from, String src, VolumeAccess to, String dst,
      Map<String, String> extraLabels, ProgressListener listener, java.util.Optional<VolumeSpec> storage) {
    long t0 = System.nanoTime();
    Volume v = from.engine().inspectVolume(src);
    String driver = storage.map(VolumeSpec::driver).orElse(v.driver());
    Map<String, String> options = storage.map(VolumeSpec::driverOptions).orElse(v.options());
    if (from.engine() == to.engine() && driver.equals(v.driver()) && options.equals(v.options())) {
      SharedStorage.refuseClone(v, dst);
    }
    if (to.find(dst).isPresent()) {
      throw new VolumeConflictException(dst, "volume \"" + dst + "\" exists; pick a new name, or back up \"" + src
          + "\" and restore into \"" + dst + "\" with a RestorePolicy");
    }
    Map<String, String> labels = new LinkedHashMap<>(v.labels());
    storage.ifPresent(s -> labels.putAll(s.labels()));
    labels.putAll(extraLabels);
    Volume created = to.createNew(VolumeSpec.builder().name(dst).driver(driver).driverOptions(options)
        .labels(labels).build());
    try {
      ProgressMeter meter = new ProgressMeter(listener, v.usage().map(VolumeUsage::sizeBytes).filter(s -> s >= 0)
          .map(OptionalLong::of).orElse(OptionalLong.empty()));
      if (SharedStorage.holdsData(to, created)) {
        return alreadyThere(from, v, to, created, meter, t0);
      }
      Copied c = copy(from, v, to, created, meter, true);
      meter.done();
      return TransferResult.builder().volume(dst).created(true).digest(c.digest()).path(c.path())
          .pathReason(c.reason()).duration(Duration.ofNanos(System.nanoTime() - t0)).build();
    } catch (RuntimeException | Error e) {
      to.remove(dst, e);
      throw e;
    }
  }

  /**
   * A new volume of the target engine whose storage already holds data (two daemons over one shared directory or
   * export): the same tree as the source's means the data is there already, and nothing is copied; any other tree
   * is left alone and the job refused.
   */
  private static TransferResult alreadyThere(VolumeAccess from, Volume v, VolumeAccess to, Volume created, ProgressMeter meter,
      long t0) {
    TreeDigest there = to.digest(created.name());
    TreeDigest here = from.digest(v.name());
    String storage = SharedStorage.describe(created);
    if (!there.equals(here)) {
      throw new io.github.volumes4j.data.SharedStorageException(created.name(), storage, "volume \"" + created.name()
          + "\" was created on the target with the driver options of \"" + v.name() + "\" (" + storage + "), but that"
          + " storage already holds data that is not the source's (" + there + " there, " + here + " in the source);"
          + " nothing was written, and the new volume was removed (its storage's files are left as they were): migrate"
          + " into a volume with storage of its own, or empty that storage first");
    }
    meter.done();
    return TransferResult.builder().volume(created.name()).created(true).digest(there).path(TransferPath.SHARED_STORAGE)
        .pathReason("volume \"" + created.name() + "\" is storage the source's engine reaches too (" + storage + ") and"
            + " already holds the source's tree (same digest): nothing was copied")
        .duration(Duration.ofNanos(System.nanoTime() - t0)).build();
  }

  /** Whether a tree holds device nodes, fifos or sockets, which Java cannot create. */
  static boolean hasSpecialFiles(Path root) {
    boolean[] found = new boolean[1];
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
          if (a.isOther()) {
            found[0] = true;
            return FileVisitResult.TERMINATE;
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      return true; // unreadable somewhere: let the engine copy it
    }
    return found[0];
  }
}
