package io.github.volumes4j.data.internal;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.TreeDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link io.github.volumes4j.data.RestorePolicy#REPLACE}: the target ends with either its old content
 * or the backup's, never a mix, and the error says which.
 *
 * <ol>
 *   <li>the backup into a new staging volume, verified;
 *   <li>the target's content into a new rollback volume, verified (a failure so far leaves the target
 *       untouched);
 *   <li>the target removed (proved gone) and created again, empty, then staging copied in and verified;
 *   <li>on any failure in 3: the target removed and created again, the rollback copied in and
 *       verified. If that fails too, the error names what the target holds now (checked, not
 *       assumed) and the two volumes that keep the old and the new content.
 * </ol>
 */
final class ReplaceJob {

  /** Labels put on staging and rollback volumes. */
  static final String LABEL_STAGING = "io.github.volumes4j.staging-for";
  static final String LABEL_ROLLBACK = "io.github.volumes4j.rollback-for";

  private final VolumeAccess access;
  /** How the data reached the target (the copy from the staging volume). */
  private io.github.volumes4j.data.TransferPath path = io.github.volumes4j.data.TransferPath.ARCHIVE_API;
  private final RestoreJob restore;

  ReplaceJob(VolumeAccess access, RestoreJob restore) {
    this.access = access;
    this.restore = restore;
  }

  BackupManifest run(Volume target, Sources.ArchiveSource src, BackupManifest verified, RestoreJob.Plan plan,
      ProgressMeter meter) {
    String name = target.name();
    List<ContainerInfo> users = access.containersUsing(name, false);
    if (!users.isEmpty()) {
      List<String> ids = new ArrayList<>();
      users.forEach(c -> ids.add(c.id()));
      throw new VolumeInUseException(name, ids, "cannot replace the content of volume \"" + name + "\": containers "
          + users.stream().map(ContainerInfo::name).toList() + " use it; remove them first (a replace re-creates the volume)", null);
    }
    if (SharedStorage.namesDevice(target)) {
      // staging and rollback volumes with its options would be its own files, and removing it does not empty them
      String storage = SharedStorage.describe(target);
      throw new io.github.volumes4j.data.SharedStorageException(name, storage, "cannot replace the content of volume \""
          + name + "\": its storage exists outside it (" + storage + "), so re-creating the volume does not empty it and"
          + " a staging volume with its options would be the same files; nothing was touched. Restore with"
          + " RestorePolicy.MERGE, or empty the storage and restore with RestorePolicy.FAIL_IF_NOT_EMPTY");
    }
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String staging = name + "-v4j-staging-" + suffix;
    String rollback = name + "-v4j-rollback-" + suffix;
    VolumeSpec spec = VolumeSpec.builder().name(name).driver(target.driver()).driverOptions(target.options())
        .labels(target.labels()).build();
    boolean noSpecial = verified.content().others() == 0;

    // 1. staging: the archive, verified
    Volume st = access.createNew(spec.withName(staging).withLabels(with(target.labels(), LABEL_STAGING, name)));
    BackupManifest m;
    try {
      m = restore.write(src, plan, meter, t -> access.writer(st, plan.fastPath(), noSpecial, t, false), true,
          new VolumeWriter[1]);
    } catch (RuntimeException | Error e) {
      access.remove(staging, e);
      throw e;
    }
    // 2. rollback: the current content, verified
    TreeDigest old;
    Volume rb;
    try {
      rb = access.createNew(spec.withName(rollback).withLabels(with(target.labels(), LABEL_ROLLBACK, name)));
      old = CopyJob.copy(access, target, access, rb, ProgressMeter.NONE, plan.fastPath()).digest();
    } catch (RuntimeException | Error e) {
      access.remove(staging, e);
      access.remove(rollback, e);
      throw new DataMovementException("replace of volume \"" + name + "\" stopped before touching it: copying its "
          + "current content aside failed: " + e.getMessage() + "; the volume is unchanged", e);
    }
    // 3. the target removed (proved gone), created again, filled from staging
    try {
      removeProved(name);
    } catch (RuntimeException e) {
      access.remove(staging, e);
      access.remove(rollback, e);
      throw new DataMovementException("replace of volume \"" + name + "\" stopped before touching it: the volume could "
          + "not be removed (" + e.getMessage() + "); the volume is unchanged", e);
    }
    try {
      Volume fresh = createProved(spec);
      CopyJob.Copied copied = CopyJob.copy(access, st, access, fresh, ProgressMeter.NONE, plan.fastPath());
      TreeDigest now = copied.digest();
      path = copied.path();
      if (!now.sha256().equals(m.content().sha256())) {
        throw new DataMovementException("volume \"" + name + "\" does not match the backup after the copy from staging");
      }
    } catch (RuntimeException | Error e) {
      throw rollBack(name, spec, st, rb, old, m.content(), e);
    }
    access.remove(staging, null);
    access.remove(rollback, null);
    return m;
  }

  /** Puts the old content back; the exception to throw says what the target holds. */
  private RuntimeException rollBack(String name, VolumeSpec spec, Volume staging, Volume rollback, TreeDigest old,
      TreeDigest wanted, Throwable e) {
    try {
      if (access.find(name).isPresent()) {
        removeProved(name);
      }
      Volume fresh = createProved(spec);
      TreeDigest back = CopyJob.copy(access, rollback, access, fresh, ProgressMeter.NONE, false).digest();
      if (!back.sha256().equals(old.sha256())) {
        throw new DataMovementException("the rolled-back content does not match the old content");
      }
      access.remove(staging.name(), e);
      access.remove(rollback.name(), e);
      return new DataMovementException("replace of volume \"" + name + "\" failed (" + e.getMessage()
          + "); the volume holds its previous content again (verified)", e);
    } catch (RuntimeException | Error rollbackFailure) {
      e.addSuppressed(rollbackFailure);
      return new DataMovementException("replace of volume \"" + name + "\" failed (" + e.getMessage()
          + ") and so did putting back its old content (" + rollbackFailure.getMessage() + "); volume \"" + name
          + "\" now holds " + state(name, old, wanted) + ". The old content is in volume \"" + rollback.name()
          + "\", the backup's in volume \"" + staging.name() + "\": clone one of them to \"" + name + "\"", e);
    }
  }

  /** What the volume holds, checked: for the message of a failed roll-back. */
  private String state(String name, TreeDigest old, TreeDigest wanted) {
    try {
      if (access.find(name).isEmpty()) {
        return "nothing: it does not exist";
      }
      TreeDigest d = access.digest(name);
      if (d.sha256().equals(old.sha256())) {
        return "its previous content (checked)";
      }
      if (d.sha256().equals(wanted.sha256())) {
        return "the backup's content (checked)";
      }
      if (d.entries() <= 1) {
        return "nothing: it is empty";
      }
      return "a part of one of them (" + d + "): do not use it";
    } catch (RuntimeException x) {
      return "what could not be read (" + x.getMessage() + ")";
    }
  }

  /** Removes the volume; a removal whose answer was lost is checked by looking the volume up. */
  private void removeProved(String name) {
    try {
      access.engine().removeVolume(name, false);
    } catch (RuntimeException e) {
      if (access.find(name).isPresent()) {
        throw e;
      }
    }
  }

  /** Creates the volume; a create whose answer was lost is checked, and tried once more. */
  private Volume createProved(VolumeSpec spec) {
    String name = spec.name().orElseThrow();
    try {
      return access.engine().createVolume(spec);
    } catch (RuntimeException e) {
      Optional<Volume> there = access.find(name);
      if (there.isPresent()) {
        return there.get();
      }
      return access.engine().createVolume(spec);
    }
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> out = new LinkedHashMap<>(labels);
    out.put(key, value);
    return out;
  }

  io.github.volumes4j.data.TransferPath path() {
    return path;
  }
}
