package io.github.volumes4j.data;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.internal.Compression;
import io.github.volumes4j.data.internal.FileSink;
import io.github.volumes4j.data.internal.BackupJob;
import io.github.volumes4j.data.internal.Jobs;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * A backup of one volume: a tar (optionally gzip or zstd) holding a manifest (name, driver, driver options
 * with secrets masked, labels, creation time), the data, and the data's counts and SHA-256.
 * Streamed in constant memory. A file is written under a temporary name in its directory, synced,
 * and renamed only when complete; on any failure no file is left.
 *
 * <pre>{@code
 * BackupResult r = volumes.backup("pgdata")
 *     .gzip()                       // parallel gzip, level 1 (or .zstd(): many times faster)
 *     .consistent()                 // stop the containers using it, restart them afterwards
 *     .progress(p -> log.info("{} MiB", p.bytes() >> 20))
 *     .to(Path.of("/backups/pgdata.tar.gz"));
 * }</pre>
 *
 * <p>The data is read through a never-started helper container (the engine's archive endpoint),
 * or, when the engine is local and this process can read the volume's mountpoint, directly from
 * it ({@link TransferPath#HOST_MOUNTPOINT}, much faster); {@link #fastPath(boolean)} turns that off.
 */
public final class Backup {

  private final Jobs jobs;
  private final String volume;
  private Compression compression = Compression.NONE;
  private boolean keepSecrets;
  private boolean consistent;
  private Duration stopTimeout = Duration.ofSeconds(10);
  private boolean fastPath = true;
  private boolean overwrite;
  private ProgressListener listener = ProgressListener.none();
  private Optional<SecretKey> key = Optional.empty();
  private java.util.List<io.github.volumes4j.spi.VolumeEngine> sharedWith = java.util.List.of();

  Backup(Jobs jobs, String volume) {
    this.jobs = jobs;
    this.volume = volume;
  }

  private Backup copy() {
    Backup c = new Backup(jobs, volume);
    c.key = key;
    c.compression = compression;
    c.keepSecrets = keepSecrets;
    c.consistent = consistent;
    c.stopTimeout = stopTimeout;
    c.fastPath = fastPath;
    c.overwrite = overwrite;
    c.listener = listener;
    c.sharedWith = sharedWith;
    return c;
  }

  /** Compresses with gzip at level 1, on every core (members of 1 MiB, read by any gunzip). */
  public Backup gzip() {
    return gzip(1);
  }

  /** Compresses with gzip at a level from 1 (fastest) to 9 (smallest). */
  public Backup gzip(int level) {
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("gzip level " + level + " is not between 1 and 9");
    }
    Backup c = copy();
    c.compression = new Compression(Compression.Kind.GZIP, level);
    return c;
  }

  /**
   * Compresses with zstd at level 1, on every core: about as small as gzip's level 6 and many
   * times faster. Needs the optional dependency {@code com.github.luben:zstd-jni} (1.5.7-28).
   *
   * @throws IllegalStateException when zstd-jni is not on the class path (the message names it)
   */
  public Backup zstd() {
    return zstd(1);
  }

  /** Compresses with zstd at a level from 1 (fastest) to 19 (smallest); see {@link #zstd()}. */
  public Backup zstd(int level) {
    if (level < 1 || level > 19) {
      throw new IllegalArgumentException("zstd level " + level + " is not between 1 and 19");
    }
    if (!Compression.zstdAvailable()) {
      throw new IllegalStateException("backup of volume \"" + volume + "\" cannot use zstd: "
          + "add " + Compression.ZSTD_ARTIFACT + " to the class path, or use gzip()");
    }
    Backup c = copy();
    c.compression = new Compression(Compression.Kind.ZSTD, level);
    return c;
  }

  /** Keeps secret driver options (passwords in NFS/CIFS options...) in clear in the manifest. */
  public Backup keepSecrets() {
    Backup c = copy();
    c.keepSecrets = true;
    return c;
  }

  /**
   * Stops the running containers that use the volume before reading it and starts them again
   * afterwards (oldest first), also when the backup fails. Each gets 10 s to stop.
   */
  public Backup consistent() {
    return consistent(Duration.ofSeconds(10));
  }

  /** Like {@link #consistent()}, with the time each container gets to stop before it is killed. */
  public Backup consistent(Duration stopTimeout) {
    Backup c = copy();
    c.consistent = true;
    c.stopTimeout = requireNonNull(stopTimeout, "stopTimeout == null");
    return c;
  }

  /**
   * Makes the backup consistent across daemons that reach the volume's storage too (two daemons over one shared
   * directory or NFS export): besides this engine's containers, the running containers of each engine given that use a
   * volume over the same storage (same driver, {@code type} and {@code device}; for a plugin's volume, the same name)
   * are stopped before the volume is read and started again afterwards, also when the backup fails. Implies
   * {@link #consistent()}. Without it a consistent backup stops this engine's containers only: containers of other
   * daemons keep writing while the volume is read.
   *
   * <pre>{@code
   * volumes.backup("shared").sharedWith(otherDaemon).to(Path.of("shared.tar"));
   * }</pre>
   */
  public Backup sharedWith(io.github.volumes4j.spi.VolumeEngine... engines) {
    Backup c = copy();
    c.consistent = true;
    c.sharedWith = java.util.List.of(engines);
    return c;
  }

  /** Whether direct reads of a local mountpoint may be used (default true). */
  public Backup fastPath(boolean allowed) {
    Backup c = copy();
    c.fastPath = allowed;
    return c;
  }

  /**
   * Authenticates the backup with an HMAC-SHA256 key: the manifest (driver, options, labels) and the
   * content's digest are signed, so that a restore with {@link Restore#authenticatedBy} the same key
   * trusts the manifest's driver and options, and refuses a backup anyone without the key altered.
   * {@code volumes.backup("pgdata").authenticate(new SecretKeySpec(key32bytes, "HmacSHA256")).to(file)}
   */
  public Backup authenticate(SecretKey key) {
    Backup c = copy();
    c.key = Optional.of(requireNonNull(key, "key == null"));
    return c;
  }

  /** Allows {@link #to(Path)} to replace an existing file (atomically, once the new one is complete). */
  public Backup overwrite() {
    Backup c = copy();
    c.overwrite = true;
    return c;
  }

  /** Reports progress to {@code listener}: {@code backup.progress(p -> log.info("{}", p))}. */
  public Backup progress(ProgressListener listener) {
    Backup c = copy();
    c.listener = requireNonNull(listener, "listener == null");
    return c;
  }

  /**
   * Writes the backup to a file: a temporary file next to it, synced, renamed into place when complete.
   *
   * @throws DataMovementException if anything fails; then neither the file nor the temporary one exists
   */
  public BackupResult to(Path file) {
    requireNonNull(file, "file == null");
    jobs.engine().inspectVolume(volume);
    FileSink[] sink = new FileSink[1];
    return jobs.backup(volume, plan(), new BackupJob.Target() {
          @Override
          public OutputStream open() throws IOException {
            try {
              sink[0] = new FileSink(file, overwrite);
            } catch (FileAlreadyExistsException e) {
              throw new IllegalArgumentException("backup file " + file + " exists; pick another name or call overwrite()", e);
            }
            return sink[0].stream();
          }

          @Override
          public void commit() throws IOException {
            sink[0].commit();
          }

          @Override
          public String abort() {
            if (sink[0] == null) {
              return "nothing was written";
            }
            boolean gone = sink[0].abort();
            String left = gone ? "no file was left (" + file + " not written, temporary file removed)"
                : "the temporary file " + sink[0].temp() + " could not be removed; delete it";
            sink[0] = null;
            return left;
          }

          @Override
          public boolean restartable() {
            return true;
          }

          @Override
          public Optional<Path> file() {
            return Optional.of(file);
          }

          @Override
          public long written() {
            return sink[0] == null ? 0 : sink[0].written();
          }

          @Override
          public boolean buffered() {
            return true;
          }
        });
  }

  /**
   * Writes the backup to a stream (not closed). On failure the stream holds an incomplete archive,
   * which a restore recognizes and refuses.
   */
  public BackupResult to(OutputStream out) {
    requireNonNull(out, "out == null");
    long[] written = new long[1];
    return jobs.backup(volume, plan(), new BackupJob.Target() {
          @Override
          public OutputStream open() {
            return new FilterOutputStream(out) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written[0] += len;
              }

              @Override
              public void close() throws IOException {
                out.flush(); // the caller's stream stays open
              }
            };
          }

          @Override
          public void commit() {
            try {
              out.flush();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }

          @Override
          public String abort() {
            return "the stream holds an incomplete backup, which restore refuses";
          }

          @Override
          public Optional<Path> file() {
            return Optional.empty();
          }

          @Override
          public long written() {
            return written[0];
          }
        });
  }

  private BackupJob.Plan plan() {
    return new BackupJob.Plan(compression, keepSecrets, consistent, stopTimeout, fastPath, listener, key, sharedWith);
  }

  @Override
  public String toString() {
    return "Backup[" + volume + (compression.kind() == Compression.Kind.NONE ? "" : ", " + compression)
        + (consistent ? ", consistent" : "") + "]";
  }
}
