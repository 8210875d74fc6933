package io.github.volumes4j.data.internal;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeUsage;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.CorruptArchiveException;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.ProgressListener;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.internal.Secrets;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup: the manifest (secrets masked), the volume's tree read over the fastest safe path, the
 * trailer (counts, digest, the manifest's checksum, an HMAC when keyed); for a consistent backup,
 * the containers using the volume stopped first and started again afterwards, also on failure.
 */
public final class BackupJob {

  private static final Logger LOG = LoggerFactory.getLogger(BackupJob.class);

  /** How to back up. */
  public record Plan(Compression compression, boolean keepSecrets, boolean consistent, Duration stopTimeout,
      boolean fastPath, ProgressListener listener, Optional<SecretKey> key,
      List<io.github.volumes4j.spi.VolumeEngine> sharedWith) {}

  /** A container stopped for a consistent run, and the engine it runs on. */
  private record Stopped(io.github.volumes4j.spi.VolumeEngine engine, ContainerInfo container) {}

  /** Where a backup goes. */
  public interface Target {
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

    /** Whether it can be {@link #abort}ed and {@link #open}ed again (a file can, a caller's stream cannot). */
    default boolean restartable() {
      return false;
    }
  }

  private final VolumeAccess access;

  public BackupJob(VolumeAccess access) {
    this.access = access;
  }

  /** Writes the volume's tree read by {@code reader} somewhere; returns its digest. */
  @FunctionalInterface
  public interface Body {
    TreeDigest write(VolumeReader reader, BackupManifest.Builder header, ProgressMeter meter) throws IOException;
  }

  public BackupResult run(String volume, Plan plan, Target target) {
    return run(volume, plan, target, "backup", (reader, header, meter) -> write(reader, header, plan, meter, target));
  }

  /**
   * The run of a backup with another body (a snapshot's): containers stopped and restarted around
   * it when consistent, the path chosen, a raced read of the mountpoint done again through the
   * engine (after {@link Target#abort()}), the target committed or aborted.
   *
   * @param what the operation's name in messages: "backup", "snapshot"
   */
  public BackupResult run(String volume, Plan plan, Target target, String what, Body body) {
    long t0 = System.nanoTime();
    Volume v = access.engine().inspectVolume(volume);
    Set<String> masked = new TreeSet<>();
    Map<String, String> options = plan.keepSecrets() ? v.options() : Secrets.mask(v.options(), masked);
    Instant now = Instant.now();
    BackupManifest.Builder header = BackupManifest.builder().volumeName(v.name()).driver(v.driver())
        .driverOptions(options).maskedOptions(masked).labels(v.labels()).backedUpAt(now)
        .engine(Secrets.maskUri(access.engine().info().name()) + " " + access.engine().info().version());
    v.createdAt().ifPresent(header::volumeCreatedAt);
    OptionalLong expected = v.usage().map(VolumeUsage::sizeBytes).filter(s -> s >= 0)
        .map(OptionalLong::of).orElse(OptionalLong.empty());
    ProgressMeter meter = new ProgressMeter(plan.listener(), expected);

    List<Stopped> stopped = new ArrayList<>();
    List<String> restarted = new ArrayList<>();
    Throwable failure = null;
    TreeDigest digest = null;
    VolumeReader reader = null;
    try {
      if (plan.consistent()) {
        for (ContainerInfo c : access.containersUsing(volume, true)) {
          LOG.info("stopping container {} ({}) for a consistent {} of volume {}", c.name(), c.id(), what, volume);
          access.engine().stopContainer(c.id(), plan.stopTimeout());
          stopped.add(new Stopped(access.engine(), c));
        }
        for (io.github.volumes4j.spi.VolumeEngine other : plan.sharedWith()) {
          stopSharers(other, v, plan, what, stopped);
        }
      }
      reader = access.reader(v, plan.fastPath());
      long w0 = System.nanoTime();
      try {
        digest = body.write(reader, header, meter);
      } catch (VolumeReader.RacedException raced) {
        if (!target.restartable()) {
          throw new DataMovementException(what + " of volume \"" + volume + "\" was discarded: " + raced.getMessage()
              + "; back up again, or with consistent() to stop them first", raced);
        }
        LOG.info("{} of volume {}: {}; reading it through the engine instead", what, volume, raced.getMessage());
        target.abort();
        reader = access.reader(v, false);
        digest = body.write(reader, header, meter);
      }
      long w1 = System.nanoTime();
      meter.done(); // before the commit: a listener that fails here fails the run, which then leaves nothing
      target.commit();
      LOG.debug("{} of volume {} ({}): data {} ms, commit (sync, rename) {} ms", what, volume, reader.path(),
          (w1 - w0) / 1_000_000, (System.nanoTime() - w1) / 1_000_000);
    } catch (RuntimeException | Error e) {
      failure = e;
    } catch (IOException e) {
      failure = e;
    } finally {
      // Restart in the original order: Docker lists newest first, so the oldest starts first.
      List<Stopped> order = new ArrayList<>(stopped);
      Collections.reverse(order);
      List<String> notRestarted = new ArrayList<>();
      for (Stopped st : order) {
        ContainerInfo c = st.container();
        try {
          st.engine().startContainer(c.id());
          restarted.add(c.id());
        } catch (VolumesException e) {
          notRestarted.add(c.name() + " (" + e.getMessage() + ")");
          if (failure == null) {
            failure = new DataMovementException(what + " of volume \"" + volume + "\" finished, but container "
                + c.name() + " could not be restarted: " + e.getMessage() + "; start it by hand", e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        String left = target.abort();
        if (failure instanceof Error err) {
          throw err;
        }
        throw failure(what, volume, failure, left, target, notRestarted, reader == null ? null : reader.path());
      }
    }
    return BackupResult.builder().manifest(header.content(digest).build()).file(target.file())
        .archiveBytes(target.written()).path(reader.path()).pathReason(reader.reason()).restartedContainers(restarted)
        .duration(Duration.ofNanos(System.nanoTime() - t0)).build();
  }

  /**
   * Stops, on an engine that reaches the same storage, the running containers that use a volume over it: the same
   * driver and the same {@code type} and {@code device} options (a volume of a plugin: the same name too).
   */
  private static void stopSharers(io.github.volumes4j.spi.VolumeEngine other, Volume v, Plan plan, String what,
      List<Stopped> stopped) {
    VolumeAccess there = new VolumeAccess(other);
    for (Volume candidate : other.listVolumes(io.github.volumes4j.VolumeFilter.all())) {
      boolean same = candidate.driver().equals(v.driver())
          && java.util.Objects.equals(candidate.options().get("type"), v.options().get("type"))
          && java.util.Objects.equals(candidate.options().get("device"), v.options().get("device"))
          && (v.options().containsKey("device") || candidate.name().equals(v.name()));
      if (!same) {
        continue;
      }
      for (ContainerInfo c : there.containersUsing(candidate.name(), true)) {
        LOG.info("stopping container {} ({}) of {} for a consistent {} of volume {}: it uses volume {} over the same storage",
            c.name(), c.id(), other.info().name(), what, v.name(), candidate.name());
        other.stopContainer(c.id(), plan.stopTimeout());
        stopped.add(new Stopped(other, c));
      }
    }
  }

  private static RuntimeException failure(String op, String volume, Throwable e, String left, Target target,
      List<String> notRestarted, io.github.volumes4j.data.TransferPath path) {
    if (e instanceof VolumeNotFoundException || e instanceof CorruptArchiveException) {
      return (RuntimeException) e;
    }
    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
    String what;
    if (cause instanceof FileSink.WriteFailedException) {
      what = "writing " + target.file().map(Path::toString).orElse("the backup stream") + " failed after "
          + target.written() + " bytes: " + cause.getMessage();
    } else if (cause instanceof HostTree.HostReadException) {
      what = cause.getMessage();
    } else if (cause instanceof TarReader.TarFormatException && path == io.github.volumes4j.data.TransferPath.HELPER_STREAM) {
      what = "the helper container's tar stream of the volume ended early after " + target.written() + " bytes of backup ("
          + cause.getMessage() + "); the helper was stopped, or its connection cut: is the engine still running?";
    } else if (cause instanceof TarReader.TarFormatException) {
      what = "the engine's archive of the volume ended early after " + target.written() + " bytes of backup ("
          + cause.getMessage() + "); the daemon ends it when a file changes while it is read: if a container writes "
          + "to the volume, back up with consistent() to stop it meanwhile";
    } else if (cause instanceof IOException) {
      what = "the engine's stream of the volume broke after " + target.written() + " bytes of backup ("
          + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); is the engine still running?";
    } else {
      what = cause.getMessage();
    }
    String msg = op + " of volume \"" + volume + "\" failed: " + what + "; " + left
        + (notRestarted.isEmpty() ? "" : "; containers NOT restarted: " + notRestarted);
    return new DataMovementException(msg, cause);
  }

  private TreeDigest write(VolumeReader reader, BackupManifest.Builder header, Plan plan, ProgressMeter meter,
      Target target) throws IOException {
    OutputStream raw = target.open();
    OutputStream buffered = target.buffered() ? raw : new BufferedOutputStream(raw, 1 << 20);
    OutputStream body = plan.compression().wrap(buffered);
    TarArchiveOutputStream tar = Tars.writer(body);
    BackupManifest probe = header.content(TreeDigest.builder().sha256("").files(0).directories(0).symlinks(0)
        .others(0).bytes(0).build()).build();
    BackupFormat.Header h = BackupFormat.writeHeader(tar, probe, plan.key());
    EntryTracker tracker = new EntryTracker(EntryTracker.FROM_VOLUME).meter(meter);
    reader.read(tracker, HostTree.tarSink(tar, BackupFormat.DATA, tracker));
    TreeDigest digest = Digests.of(tracker);
    BackupFormat.writeTrailer(tar, digest, probe.backedUpAt(), h);
    tar.finish();
    body.flush();
    if (body != buffered) {
      body.close(); // finishes the compressed stream; the sink's commit closes the file
    }
    buffered.flush();
    return digest;
  }
}
