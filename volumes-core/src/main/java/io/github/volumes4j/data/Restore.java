package io.github.volumes4j.data;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.internal.Jobs;
import io.github.volumes4j.data.internal.RestoreJob;
import io.github.volumes4j.data.internal.Sources;
import java.util.Collections;
import javax.crypto.SecretKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Restores a volumes4j backup. The archive is checked completely: structure, manifest (by its
 * checksum, and by an HMAC when {@link #authenticatedBy} a key), every entry (no {@code ..}, no links
 * leading out, no devices unless allowed), counts and SHA-256. By default the backup becomes a NEW
 * volume with the manifest's name and labels, checked as it is written in one pass: if anything is
 * wrong the new volume is removed again. The manifest's driver and options are used only with
 * consent ({@link #trustManifest()}) or authentication; otherwise a backup that asks for them is
 * refused ({@link UntrustedManifestException}) before anything is created. An existing
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

  private final Jobs jobs;
  private final Sources.ArchiveSource source;
  private ArchiveLimits limits = ArchiveLimits.defaults();
  private ProgressListener listener = ProgressListener.none();
  private Optional<String> driver = Optional.empty();
  private Map<String, String> driverOptions = Map.of();
  private Map<String, String> labels = Map.of();
  private boolean trustManifest;
  private Optional<SecretKey> key = Optional.empty();
  private boolean verifyWritten = true;
  private boolean fastPath = true;

  Restore(Jobs jobs, Sources.ArchiveSource source) {
    this.jobs = jobs;
    this.source = source;
  }

  private Restore copy() {
    Restore c = new Restore(jobs, source);
    c.limits = limits;
    c.listener = listener;
    c.driver = driver;
    c.driverOptions = driverOptions;
    c.labels = labels;
    c.trustManifest = trustManifest;
    c.key = key;
    c.verifyWritten = verifyWritten;
    c.fastPath = fastPath;
    return c;
  }

  /**
   * Whether a restore may write a volume's mountpoint directly, when the engine is local and this
   * process can (default true; see {@link TransferPath#HOST_MOUNTPOINT}): a new volume, an empty one
   * ({@link RestorePolicy#FAIL_IF_NOT_EMPTY}) that no running container uses, and the staging, rollback
   * and final copies of a {@link RestorePolicy#REPLACE}. {@code false} keeps everything on the engine's
   * archive endpoints.
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

  /** Reports progress as the data is written. {@code restore(file).progress(p -> log(p.bytes())).toNewVolume()} */
  public Restore progress(ProgressListener listener) {
    Restore c = copy();
    c.listener = requireNonNull(listener, "listener == null");
    return c;
  }

  /**
   * Consents to the manifest's driver and driver options for a volume the restore creates: take it
   * only for your own backups. Without it (or {@link #authenticatedBy}) a backup that asks for a driver
   * other than {@code local} or for any driver option (a {@code device}, a bind, a file server) is
   * refused with {@link UntrustedManifestException} before anything is created.
   * {@code volumes.restore(myBackup).trustManifest().driverOption("password", pw).toNewVolume()}
   */
  public Restore trustManifest() {
    Restore c = copy();
    c.trustManifest = true;
    return c;
  }

  /**
   * Requires the backup to be authenticated with this HMAC key ({@link Backup#authenticate}): an
   * unauthenticated or altered backup is refused; an authenticated one's driver and options are
   * trusted. {@code volumes.restore(file).authenticatedBy(key).toNewVolume()}
   */
  public Restore authenticatedBy(SecretKey key) {
    Restore c = copy();
    c.key = Optional.of(requireNonNull(key, "key == null"));
    return c;
  }

  /**
   * The driver of a volume the restore creates. Without {@link #trustManifest()}, the volume gets this
   * driver and only the options given here, whatever the manifest says.
   * {@code volumes.restore(file).driver("local").toNewVolume()}
   */
  public Restore driver(String driver) {
    requireNonNull(driver, "driver == null");
    if (driver.isEmpty()) {
      throw new IllegalArgumentException("driver is empty; give \"local\" or a plugin's name");
    }
    Restore c = copy();
    c.driver = Optional.of(driver);
    return c;
  }

  /**
   * A driver option for a volume the restore creates: with {@link #trustManifest()} it overrides the
   * manifest's (masked secrets need it); without, the volume gets only the options given here.
   * {@code volumes.restore(file).trustManifest().driverOption("o", "addr=10.0.0.2,password=" + pw)}
   */
  public Restore driverOption(String key, String value) {
    Restore c = copy();
    Map<String, String> m = new LinkedHashMap<>(driverOptions);
    m.put(requireNonNull(key, "key == null"), requireNonNull(value, "value == null"));
    c.driverOptions = Collections.unmodifiableMap(m);
    return c;
  }

  /** A label for a volume the restore creates, added to the manifest's. {@code restore(file).label("restored", "yes")} */
  public Restore label(String key, String value) {
    Restore c = copy();
    Map<String, String> m = new LinkedHashMap<>(labels);
    m.put(requireNonNull(key, "key == null"), requireNonNull(value, "value == null"));
    c.labels = Collections.unmodifiableMap(m);
    return c;
  }

  /**
   * Whether to read the written volume back and compare its digest with the manifest's (default
   * true; a REPLACE always does for its staging volume). Through the archive endpoints the whole
   * volume is read back through the engine: on a remote daemon (whose automatic path they are) the
   * volume crosses the network a second time (on the benchmark's stand-in a verified restore took 1.4 to
   * 2 times as long as one without). On the host-mountpoint path
   * ({@link TransferPath#HOST_MOUNTPOINT}) the tree is walked after the sync: every entry's type,
   * name, mode, owner, mtime, size and link target as it landed, each file's content by the
   * SHA-256 of the bytes written into it (computed while writing, not by reading the file again).
   * The archive itself is checked as it is read either way.
   *
   * <pre>{@code
   * data.restore(Path.of("db.tar")).verifyWritten(false).toNewVolume("db-copy");   // no read-back
   * }</pre>
   */
  public Restore verifyWritten(boolean verify) {
    Restore c = copy();
    c.verifyWritten = verify;
    return c;
  }

  /** Reads and checks the whole archive; writes nothing. @return its manifest */
  public BackupManifest verify() {
    return jobs.verify(source, limits, listener, key);
  }

  /** Into a new volume named as in the manifest. @throws io.github.volumes4j.VolumeConflictException if it exists */
  public TransferResult toNewVolume() {
    return jobs.restore(source, plan(Optional.empty(), true, RestorePolicy.FAIL_IF_NOT_EMPTY));
  }

  /** Into a new volume of that name. @throws io.github.volumes4j.VolumeConflictException if it exists */
  public TransferResult toNewVolume(String name) {
    return jobs.restore(source, plan(Optional.of(DataMovement.requireVolume(name)), true, RestorePolicy.FAIL_IF_NOT_EMPTY));
  }

  /** Into a volume that may exist, with a policy for when it does (created as by {@link #toNewVolume} when it does not). */
  public TransferResult into(String name, RestorePolicy policy) {
    return jobs.restore(source, plan(Optional.of(DataMovement.requireVolume(name)), false,
        requireNonNull(policy, "policy == null")));
  }

  private RestoreJob.Plan plan(Optional<String> name, boolean newOnly, RestorePolicy policy) {
    return new RestoreJob.Plan(name, newOnly, policy, driver, driverOptions, trustManifest, key, labels, limits,
        listener, verifyWritten, fastPath);
  }

  @Override
  public String toString() {
    return "Restore[" + source.describe() + "]";
  }
}
