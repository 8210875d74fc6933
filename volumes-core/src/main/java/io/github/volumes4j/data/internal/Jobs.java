package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.ProgressListener;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.VolumeEngine;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * The door from the public data classes to the jobs, one per kind of work: {@link BackupJob},
 * {@link RestoreJob} (with {@link ReplaceJob}), {@link CopyJob}, each over {@link VolumeAccess}'s
 * readers and writers.
 */
public final class Jobs {

  private final VolumeAccess access;

  public Jobs(VolumeEngine engine) {
    this.access = new VolumeAccess(engine);
  }

  public Jobs(VolumeEngine engine, VolumeAccess.PathOptions options) {
    this.access = new VolumeAccess(engine, options);
  }

  public VolumeEngine engine() {
    return access.engine();
  }

  public VolumeAccess access() {
    return access;
  }

  public BackupResult backup(String volume, BackupJob.Plan plan, BackupJob.Target target) {
    return new BackupJob(access).run(volume, plan, target);
  }

  public BackupManifest verify(Sources.ArchiveSource source, ArchiveLimits limits, ProgressListener listener,
      Optional<SecretKey> key) {
    return new RestoreJob(access).verify(source, limits, listener, key);
  }

  public TransferResult restore(Sources.ArchiveSource source, RestoreJob.Plan plan) {
    return new RestoreJob(access).run(source, plan);
  }

  /** Clone ({@code target} is this) or migrate: {@code src} into a new volume {@code dst} of {@code target}'s engine. */
  public TransferResult copyToNewVolume(Jobs target, String src, String dst, Map<String, String> labels,
      ProgressListener listener) {
    return CopyJob.toNewVolume(access, src, target.access, dst, labels, listener, java.util.Optional.empty());
  }

  /** Like {@link #copyToNewVolume(Jobs, String, String, Map, ProgressListener)}, the new volume's storage as {@code storage} says. */
  public TransferResult copyToNewVolume(Jobs target, String src, String dst, Map<String, String> labels,
      ProgressListener listener, java.util.Optional<io.github.volumes4j.VolumeSpec> storage) {
    return CopyJob.toNewVolume(access, src, target.access, dst, labels, listener, storage);
  }

  public TreeDigest digest(String volume) {
    return access.digest(volume);
  }
}
