package io.github.volumes4j.data.internal;

import io.github.volumes4j.Volume;
import io.github.volumes4j.data.TransferPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Reads a volume's whole tree: each entry checked by a tracker and handed to a sink, which folds it
 * into the tracker ({@link HostTree#tarSink} writes it into a tar on the way; {@code null} only folds
 * it). One implementation per path the data can take ({@link TransferPath}).
 */
public interface VolumeReader {

  TransferPath path();

  /** Why this path was taken (for the result and the log). */
  String reason();

  /** Reads every entry, the root first, each checked by {@code tracker}, then given to {@code sink} (null: folded only). */
  void read(EntryTracker tracker, HostTree.EntrySink sink) throws IOException;

  /**
   * {@link #read(EntryTracker, HostTree.EntrySink)}, where a path that stats files before reading
   * them (the host mountpoint) asks {@code known} which need not be read.
   */
  default void read(EntryTracker tracker, HostTree.EntrySink sink, HostTree.Known known) throws IOException {
    read(tracker, sink);
  }

  /** Each entry of an engine's tar checked by {@code tracker}, then given to {@code sink} (null: folded only). */
  static void entries(TarReader tar, EntryTracker tracker, HostTree.EntrySink sink) throws IOException {
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      String name = tracker.check(e);
      if (sink == null) {
        tracker.accept(e, name, tar, null);
      } else {
        sink.entry(e, name, tar);
      }
    }
  }

  /** A running container began using the volume while its mountpoint was read: the result is discarded. */
  final class RacedException extends IOException {
    private static final long serialVersionUID = 1L;

    RacedException(String message) {
      super(message);
    }
  }

  /**
   * The proved mountpoint of a volume no running container uses; checked again after the walk, which
   * fails with {@link RacedException} if a container started using it meanwhile.
   */
  final class Host implements VolumeReader {
    private final VolumeAccess access;
    private final Volume volume;
    private final Path mountpoint;

    Host(VolumeAccess access, Volume volume, Path mountpoint) {
      this.access = access;
      this.volume = volume;
      this.mountpoint = mountpoint;
    }

    @Override
    public TransferPath path() {
      return TransferPath.HOST_MOUNTPOINT;
    }

    Path mountpoint() {
      return mountpoint;
    }

    @Override
    public String reason() {
      return "the volume's mountpoint " + mountpoint + " is local, proved to be the volume's, and no running container uses it";
    }

    @Override
    public void read(EntryTracker tracker, HostTree.EntrySink sink) throws IOException {
      if (sink == null) {
        HostTree.digest(mountpoint, null, tracker);
      } else {
        HostTree.read(mountpoint, "", Optional.empty(), HostTree.Overrides.none(), tracker, sink);
      }
      raced();
    }

    @Override
    public void read(EntryTracker tracker, HostTree.EntrySink sink, HostTree.Known known) throws IOException {
      HostTree.read(mountpoint, tracker, known, sink);
      raced();
    }

    private void raced() throws RacedException {
      List<String> writers = access.writers(volume);
      if (!writers.isEmpty()) {
        throw new RacedException("containers " + writers + " started using volume \"" + volume.name()
            + "\" while its mountpoint was read");
      }
    }
  }

  /** The engine's archive endpoint on a created, never-started helper container. */
  final class Archive implements VolumeReader {
    private final VolumeAccess access;
    private final String volume;
    private final String reason;

    Archive(VolumeAccess access, String volume, String reason) {
      this.access = access;
      this.volume = volume;
      this.reason = reason;
    }

    @Override
    public TransferPath path() {
      return TransferPath.ARCHIVE_API;
    }

    @Override
    public String reason() {
      return reason;
    }

    @Override
    public void read(EntryTracker tracker, HostTree.EntrySink sink) throws IOException {
      try (Helpers.Helper h = access.helpers().create(volume, true);
          InputStream in = access.engine().readArchive(h.id(), VolumeAccess.containerPath(""))) {
        entries(new TarReader(in), tracker, sink);
      }
    }
  }

  /**
   * A started helper's {@code tar cf - -C /data .}, read from its output ({@link HelperStream}); its
   * exit code is checked after the end of the archive.
   */
  final class Stream implements VolumeReader {
    private final VolumeAccess access;
    private final String volume;
    private final StreamImage.Resolved image;
    private final String reason;

    Stream(VolumeAccess access, String volume, StreamImage.Resolved image, String reason) {
      this.access = access;
      this.volume = volume;
      this.image = image;
      this.reason = reason;
    }

    @Override
    public TransferPath path() {
      return TransferPath.HELPER_STREAM;
    }

    @Override
    public String reason() {
      return reason;
    }

    @Override
    public void read(EntryTracker tracker, HostTree.EntrySink sink) throws IOException {
      try (HelperStream h = HelperStream.read(access, image, volume, access.portExchange())) {
        entries(new TarReader(h.out()), tracker, sink);
        h.drain();
        h.finish("reading volume \"" + volume + "\"");
      }
    }
  }
}
