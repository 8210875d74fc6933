package io.github.volumes4j.data.internal.snap;

import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.data.internal.BackupFormat;
import io.github.volumes4j.data.internal.Pipe;
import io.github.volumes4j.data.internal.Sources;
import io.github.volumes4j.data.internal.Tars;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A snapshot as a volumes4j backup stream, rebuilt from its tree and chunks on a thread of its own,
 * so that a restore of a snapshot is a restore of a backup: every check, every policy. The
 * trailer carries the digest recorded when the snapshot was taken: a damaged chunk makes the
 * restore fail its checksum, and the volume it created is removed again.
 */
public final class SnapshotSource implements Sources.ArchiveSource {

  private final Repository repo;
  private final Repository.Record record;

  private SnapshotSource(Repository repo, Repository.Record record) {
    this.repo = repo;
    this.record = record;
  }

  /** @throws DataMovementException when the repository has no such snapshot */
  public static SnapshotSource of(Repository repo, String id) {
    Repository.Record r = repo.record(id).orElseThrow(() -> new DataMovementException("repository " + repo.dir()
        + " has no snapshot \"" + id + "\"; list() names the snapshots it has"));
    return new SnapshotSource(repo, r);
  }

  public SnapshotInfo info() {
    return record.info();
  }

  @Override
  public InputStream open() {
    RepoLock lock = repo.lock(false, "restore of snapshot " + record.info().id());
    Store store;
    try {
      store = Store.load(repo.dir());
    } catch (IOException e) {
      lock.close();
      throw new DataMovementException("cannot read repository " + repo.dir() + ": " + e.getMessage(), e);
    }
    return Pipe.produce("snapshot-" + record.info().id(), out -> {
      try (lock; store) {
        write(store, out);
      }
    });
  }

  private void write(Store store, java.io.OutputStream out) throws IOException {
    SnapshotInfo s = record.info();
    TarArchiveOutputStream tar = Tars.writer(out);
    BackupManifest.Builder b = BackupManifest.builder().volumeName(s.volumeName()).driver(s.driver())
        .driverOptions(s.driverOptions()).maskedOptions(s.maskedOptions()).labels(s.labels()).backedUpAt(s.takenAt())
        .engine(s.engine()).content(TreeDigest.builder().sha256("").files(0).directories(0).symlinks(0).others(0)
            .bytes(0).build());
    s.volumeCreatedAt().ifPresent(b::volumeCreatedAt);
    BackupManifest probe = b.build();
    BackupFormat.Header h = BackupFormat.writeHeader(tar, probe, Optional.empty());
    try {
      Tree.read(store, record.tree(), e -> {
        try {
          tar.putArchiveEntry(e.tar(BackupFormat.DATA));
          if (e.file()) {
            long left = e.size();
            for (ChunkId c : e.chunks()) {
              byte[] bytes = store.read(c);
              if (bytes.length > left) {
                throw new IOException("snapshot " + s.id() + "'s file " + e.name() + " has more chunk data than its "
                    + e.size() + " bytes: the repository is damaged; run check()");
              }
              tar.write(bytes);
              left -= bytes.length;
            }
            if (left != 0) {
              throw new IOException("snapshot " + s.id() + "'s file " + e.name() + " lacks " + left
                  + " bytes of chunk data: the repository is damaged; run check()");
            }
          }
          tar.closeArchiveEntry();
        } catch (IOException x) {
          throw new UncheckedIOException(x);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    BackupFormat.writeTrailer(tar, s.content(), s.takenAt(), h);
    tar.finish();
    tar.flush();
  }

  @Override
  public boolean reopenable() {
    return true;
  }

  @Override
  public OptionalLong estimatedContentBytes() {
    return OptionalLong.of(record.info().content().bytes());
  }

  @Override
  public String describe() {
    return "snapshot " + record.info().id() + " of repository " + repo.dir();
  }
}
