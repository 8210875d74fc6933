package io.github.volumes4j.data;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.internal.Jobs;
import io.github.volumes4j.data.internal.Sources;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Copy, backup, restore, clone and migrate, written once over {@link VolumeEngine}: the data goes
 * through helper containers that are created (never started) from an empty image the library
 * imports itself, so no registry is needed. {@code Volumes} offers the same operations.
 *
 * <pre>{@code
 * DataMovement data = DataMovement.on(engine);
 * data.copyInto("config").mode(0640).owner(1000, 1000).string("port: 8080\n", "/app.yml");
 * BackupResult b = data.backup("config").gzip().to(Path.of("config.tar.gz"));
 * data.restore(Path.of("config.tar.gz")).toNewVolume("config-copy");
 * }</pre>
 *
 * <p>Thread-safe; operations on different volumes may run concurrently.
 */
public final class DataMovement {

  private final Jobs jobs;

  private DataMovement(VolumeEngine engine) {
    this.jobs = new Jobs(requireNonNull(engine, "engine == null"));
  }

  private DataMovement(VolumeEngine engine, io.github.volumes4j.data.internal.VolumeAccess.PathOptions options) {
    this.jobs = new Jobs(engine, options);
  }

  /**
   * The same data movement, with the paths limited to {@code path} where it can be taken: the host
   * mountpoint when it is proved (else the engine's way, as usual), the archive endpoints only, or
   * started helpers only ({@link TransferPath#HELPER_STREAM}; fails when no helper image is at hand).
   * The default chooses by itself and reports the choice in every result.
   *
   * <pre>{@code
   * BackupResult r = DataMovement.on(engine).preferPath(TransferPath.ARCHIVE_API).backup("db").to(file);
   * }</pre>
   *
   * @param path the path to take
   * @return a new instance (with a session of its own)
   */
  public DataMovement preferPath(TransferPath path) {
    if (path == TransferPath.SHARED_STORAGE) {
      throw new IllegalArgumentException("SHARED_STORAGE is not a path to prefer: a migration reports it when the target"
          + " storage already held the data; prefer HOST_MOUNTPOINT, HELPER_STREAM or ARCHIVE_API");
    }
    var o = jobs.access().options();
    return new DataMovement(engine(), new io.github.volumes4j.data.internal.VolumeAccess.PathOptions(
        java.util.Optional.of(requireNonNull(path, "path == null")), o.helperImage(), o.pullHelperImage()));
  }

  /**
   * The image of started helpers ({@link TransferPath#HELPER_STREAM}): one on the engine already that
   * runs {@code tar} (with {@code sh} and busybox's {@code nc} the data goes through a port, else over the
   * attached streams). Without it the library imports its own image from a static busybox of this
   * host, else looks for a local image that runs {@code tar} (probing the engine's images, smallest
   * first, with created containers that never start), else takes the archive endpoints. Never pulled:
   * see {@link #helperImage(String, boolean)}.
   *
   * <pre>{@code
   * DataMovement data = DataMovement.on(podman).helperImage("docker.io/library/alpine:3.20");
   * }</pre>
   *
   * @param reference the image
   * @return a new instance (with a session of its own)
   */
  public DataMovement helperImage(String reference) {
    return helperImage(reference, false);
  }

  /**
   * {@link #helperImage(String)}, pulled first when missing if {@code pull} is true.
   *
   * <pre>{@code
   * DataMovement data = DataMovement.on(engine).helperImage("alpine:3.20", true);
   * }</pre>
   *
   * @param reference the image
   * @param pull whether the engine may pull it
   * @return a new instance (with a session of its own)
   */
  public DataMovement helperImage(String reference, boolean pull) {
    if (requireNonNull(reference, "reference == null").isBlank()) {
      throw new IllegalArgumentException("the helper image reference is blank; name an image that has tar");
    }
    var o = jobs.access().options();
    return new DataMovement(engine(), new io.github.volumes4j.data.internal.VolumeAccess.PathOptions(o.preferred(),
        java.util.Optional.of(reference), pull));
  }

  /** Data movement on an engine; does not close it. */
  public static DataMovement on(VolumeEngine engine) {
    return new DataMovement(engine);
  }

  /** The engine this instance moves data on. */
  public VolumeEngine engine() {
    return jobs.engine();
  }

  /** The label value every helper container of this instance carries ({@code io.github.volumes4j.session}). */
  public String session() {
    return jobs.access().helpers().session();
  }

  /** Copies files, trees, bytes or a tar into an existing volume. */
  public CopyIn copyInto(String volume) {
    return new CopyIn(jobs, requireVolume(volume));
  }

  /** Copies files, trees or streams out of a volume. */
  public CopyOut copyFrom(String volume) {
    return new CopyOut(jobs, requireVolume(volume), null);
  }

  /**
   * Copies files, trees or streams out of a container's file system (running or stopped), as
   * {@code docker cp} does: paths are absolute in the container, and what its mounts hold is included.
   * {@code data.copyFromContainer(id).tree("/var/log/app", Path.of("logs"))}
   *
   * @param container the container's id or name
   */
  public CopyOut copyFromContainer(String container) {
    requireNonNull(container, "container == null");
    if (container.isEmpty()) {
      throw new IllegalArgumentException("container is empty; name an existing container by id or name");
    }
    return new CopyOut(jobs, container, container);
  }

  /** Backs a volume up (metadata, data, checksum) to a file or stream. */
  public Backup backup(String volume) {
    return new Backup(jobs, requireVolume(volume));
  }

  /**
   * Restores a backup file: into a new volume in one pass, checked as it is written (the volume is
   * removed again if the check fails); into an existing volume only after the whole file was checked.
   */
  public Restore restore(Path backupFile) {
    requireNonNull(backupFile, "backupFile == null");
    return new Restore(jobs, Sources.file(backupFile, backupFile.toString()));
  }

  /**
   * Restores a backup stream. Into a new volume it streams (the new volume is removed again if
   * anything fails); into an existing volume it is first buffered in a temporary file and verified.
   */
  public Restore restore(InputStream backup) {
    requireNonNull(backup, "backup == null");
    return new Restore(jobs, Sources.stream(backup));
  }

  /**
   * Takes an incremental snapshot of a volume into a {@link SnapshotRepository}.
   * {@code data.snapshot("pgdata").consistent().tag("nightly").into(repo)}
   */
  public Snapshot snapshot(String volume) {
    return new Snapshot(jobs, requireVolume(volume));
  }

  /**
   * Restores a snapshot as a backup is restored (checked, every {@link RestorePolicy}); its
   * driver options are masked and its driver other than {@code local} needs {@link Restore#trustManifest()}.
   * {@code data.restore(repo, id).into("pgdata", RestorePolicy.REPLACE)}
   *
   * @throws DataMovementException when the repository has no such snapshot
   */
  public Restore restore(SnapshotRepository repo, String snapshotId) {
    requireNonNull(repo, "repo == null");
    requireNonNull(snapshotId, "snapshotId == null");
    return new Restore(jobs, io.github.volumes4j.data.internal.snap.SnapshotSource.of(repo.repository(), snapshotId));
  }

  /** Copies a volume into a new volume of the same engine, metadata and data, verified by digest. */
  public Clone clone(String source) {
    return new Clone(jobs, requireVolume(source));
  }

  /** Streams a volume into a new volume on another engine, verified by digest, no temporary files. */
  public Migrate migrate(String source) {
    return new Migrate(jobs, requireVolume(source));
  }

  /** The order-independent digest of a volume's tree (names, types, modes, owners, mtimes, links, content). */
  public TreeDigest digest(String volume) {
    return jobs.digest(requireVolume(volume));
  }

  static String requireVolume(String volume) {
    requireNonNull(volume, "volume == null");
    if (volume.isEmpty()) {
      throw new IllegalArgumentException("volume name is empty; name an existing volume");
    }
    return volume;
  }

  /** A path inside a volume, relative to its root: no leading "/", no "..", "" for the root. */
  static String volumePath(String path, String what) {
    requireNonNull(path, what + " == null");
    StringBuilder b = new StringBuilder();
    for (String seg : path.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        throw new IllegalArgumentException(what + " \"" + path + "\" contains \"..\"; give a path inside the volume, such as /conf/app.yml");
      }
      if (seg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(what + " \"" + path + "\" contains a NUL character");
      }
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(seg);
    }
    return b.toString();
  }
}
