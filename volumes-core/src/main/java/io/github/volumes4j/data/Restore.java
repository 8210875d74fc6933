package io.github.volumes4j.data;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.internal.Mover;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Restores a volumes4j backup. The archive is checked completely: structure, manifest, every entry
 * (no {@code ..}, no links leading out, no devices unless allowed), counts and SHA-256. By default
 * the backup becomes a NEW volume with the manifest's name, driver, options and labels, checked as
 * it is written in one pass: if anything is wrong the new volume is removed again. An existing
 * volume is written only with an explicit {@link RestorePolicy}, and only after the whole archive
 * was checked (a stream is first spooled to a temporary file for that).
 *
 * <pre>{@code
 * BackupManifest m = volumes.restore(Path.of("pgdata.tar.gz")).verify();          // reads, writes nothing
 * volumes.restore(Path.of("pgdata.tar.gz")).toNewVolume("pgdata-restored");
 * volumes.restore(Path.of("pgdata.tar.gz")).into("pgdata", RestorePolicy.REPLACE); // staged, then swapped
 * }</pre>
 */
public final class Restore {

  private final Mover mover;
  private final Mover.ArchiveSource source;
  private ArchiveLimits limits = ArchiveLimits.defaults();
  private ProgressListener listener = ProgressListener.none();
  private Map<String, String> driverOptions = Map.of();
  private Map<String, String> labels = Map.of();
  private boolean verifyWritten = true;
  private boolean fastPath = true;

  Restore(Mover mover, Mover.ArchiveSource source) {
    this.mover = mover;
    this.source = source;
  }

  private Restore copy() {
    Restore c = new Restore(mover, source);
    c.limits = limits;
    c.listener = listener;
    c.driverOptions = driverOptions;
    c.labels = labels;
    c.verifyWritten = verifyWritten;
    c.fastPath = fastPath;
    return c;
  }

  /**
   * Whether a restore may write a volume's mountpoint directly, when the engine is local and this
   * process can (default true; see {@link TransferPath#HOST_MOUNTPOINT}): a new volume, an empty one
   * ({@link RestorePolicy#FAIL_IF_NOT_EMPTY}), and the staging, rollback and final copies of a
   * {@link RestorePolicy#REPLACE}. {@code false} keeps everything on the engine's archive endpoints.
   */
  public Restore fastPath(boolean allowed) {
    Restore c = copy();
    c.fastPath = allowed;
    return c;
  }

  /** What the archive may contain. */
  public Restore limits(ArchiveLimits limits) {
    Restore c = copy();
    c.limits = requireNonNull(limits, "limits == null");
    return c;
  }

  public Restore progress(ProgressListener listener) {
    Restore c = copy();
    c.listener = requireNonNull(listener, "listener == null");
    return c;
  }

  /** A driver option for a volume the restore creates: overrides the manifest's (needed for masked secrets). */
  public Restore driverOption(String key, String value) {
    Restore c = copy();
    Map<String, String> m = new LinkedHashMap<>(driverOptions);
    m.put(requireNonNull(key, "key == null"), requireNonNull(value, "value == null"));
    c.driverOptions = Map.copyOf(m);
    return c;
  }

  /** A label for a volume the restore creates, added to the manifest's. */
  public Restore label(String key, String value) {
    Restore c = copy();
    Map<String, String> m = new LinkedHashMap<>(labels);
    m.put(requireNonNull(key, "key == null"), requireNonNull(value, "value == null"));
    c.labels = Map.copyOf(m);
    return c;
  }

  /**
   * Whether to read the written volume back and compare its digest with the manifest's (default
   * true; a REPLACE always does for its staging volume). Through the archive endpoints the whole
   * volume is read back through the engine. On the host-mountpoint path
   * ({@link TransferPath#HOST_MOUNTPOINT}) the tree is walked after the sync: every entry's type,
   * name, mode, owner, mtime, size and link target as it landed, each file's content by the
   * SHA-256 of the bytes written into it (computed while writing, not by reading the file again).
   */
  public Restore verifyWritten(boolean verify) {
    Restore c = copy();
    c.verifyWritten = verify;
    return c;
  }

  /** Reads and checks the whole archive; writes nothing. @return its manifest */
  public BackupManifest verify() {
    return mover.verify(source, limits, listener);
  }

  /** Into a new volume named as in the manifest. @throws io.github.volumes4j.VolumeConflictException if it exists */
  public TransferResult toNewVolume() {
    return mover.restore(source, plan(Optional.empty(), true, RestorePolicy.FAIL_IF_NOT_EMPTY));
  }

  /** Into a new volume of that name. @throws io.github.volumes4j.VolumeConflictException if it exists */
  public TransferResult toNewVolume(String name) {
    return mover.restore(source, plan(Optional.of(DataMovement.requireVolume(name)), true, RestorePolicy.FAIL_IF_NOT_EMPTY));
  }

  /** Into a volume that may exist, with a policy for when it does (created from the manifest when it does not). */
  public TransferResult into(String name, RestorePolicy policy) {
    return mover.restore(source, plan(Optional.of(DataMovement.requireVolume(name)), false,
        requireNonNull(policy, "policy == null")));
  }

  private Mover.RestorePlan plan(Optional<String> name, boolean newOnly, RestorePolicy policy) {
    Mover.RestorePlan p = new Mover.RestorePlan();
    p.name = name;
    p.newVolumeOnly = newOnly;
    p.policy = policy;
    p.driverOptions = new LinkedHashMap<>(driverOptions);
    p.labels = new LinkedHashMap<>(labels);
    p.limits = limits;
    p.listener = listener;
    p.verifyWritten = verifyWritten;
    p.fastPath = fastPath;
    return p;
  }

  @Override
  public String toString() {
    return "Restore[" + source.describe() + "]";
  }
}
