package io.github.volumes4j.data.internal.snap;

import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.ProgressListener;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.data.internal.BackupJob;
import io.github.volumes4j.data.internal.Compression;
import io.github.volumes4j.data.internal.Digests;
import io.github.volumes4j.data.internal.EntryTracker;
import io.github.volumes4j.data.internal.EntryTypes;
import io.github.volumes4j.data.internal.FileSink;
import io.github.volumes4j.data.internal.HostTree;
import io.github.volumes4j.data.internal.Jobs;
import io.github.volumes4j.data.internal.ProgressMeter;
import io.github.volumes4j.data.internal.VolumeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot: the volume read as a backup reads it (same path choice, same consistency, same
 * checks), each file cut into chunks ({@link Chunker}) stored once ({@link PackWriter}), the tree
 * stored as chunks too, and the record written last. On the host-mountpoint path a file whose size,
 * mtime, ctime and inode match the parent snapshot's is not read at all.
 */
public final class SnapshotJob {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotJob.class);
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  /** A file changed this close to the snapshot's start may change again within the clock's step: no stat kept. */
  private static final long RACY_NANOS = 2_000_000_000L;

  /** How to snapshot. */
  public record Plan(int zstdLevel, boolean consistent, Duration stopTimeout, boolean fastPath,
      ProgressListener listener, Set<String> tags) {}

  private SnapshotJob() {}

  public static SnapshotInfo run(Jobs jobs, Repository repo, String volume, Plan plan) {
    long t0 = System.nanoTime(); // the backup's run inspects the volume (VolumeNotFoundException as it is)
    try (RepoLock lock = repo.lock(false, "snapshot of volume \"" + volume + "\"")) {
      Store store;
      try {
        long o0 = System.nanoTime();
        store = Store.load(repo.dir());
        LOG.debug("repository {} opened in {} ms: {} packs ({} read one by one), {} index files", repo.dir(),
            (System.nanoTime() - o0) / 1_000_000, store.packs().size(), store.unindexed(), store.indexFiles().size());
      } catch (IOException e) {
        throw new io.github.volumes4j.data.DataMovementException("cannot read repository " + repo.dir() + ": "
            + e.getMessage(), e);
      }
      try (store) {
        Optional<Repository.Record> parent = Optional.empty();
        for (Repository.Record r : repo.records(null)) {
          if (r.info().volumeName().equals(volume)) {
            parent = Optional.of(r);
          }
        }
        Session[] session = new Session[1];
        Optional<Repository.Record> p = parent;
        java.util.concurrent.atomic.AtomicBoolean unwanted = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture<Map<String, Tree.Entry>> parentFiles = parentFiles(store, parent, unwanted);
        BackupJob.Target target = new BackupJob.Target() {
          @Override
          public OutputStream open() {
            throw new UnsupportedOperationException("a snapshot writes chunks, not a stream");
          }

          @Override
          public void commit() throws IOException {
            session[0].commit(repo, plan, t0);
          }

          @Override
          public String abort() {
            if (session[0] != null) {
              session[0].abort();
              session[0] = null;
            }
            return "the snapshot was not recorded, the repository holds what it held (whole packs written meanwhile "
                + "are reused by later snapshots or removed by prune())";
          }

          @Override
          public Optional<Path> file() {
            return Optional.of(repo.dir());
          }

          @Override
          public long written() {
            return session[0] == null ? 0 : session[0].packs.addedBytes();
          }

          @Override
          public boolean restartable() {
            return true;
          }
        };
        BackupJob.Plan bp = new BackupJob.Plan(Compression.NONE, false, plan.consistent(), plan.stopTimeout(),
            plan.fastPath(), plan.listener(), Optional.empty(), java.util.List.of());
        BackupResult r;
        try {
          r = new BackupJob(jobs.access()).run(volume, bp, target, "snapshot", (reader, header, meter) -> {
            session[0] = new Session(store, plan.zstdLevel(), p, parentFiles, unwanted, header, reader);
            return session[0].write(meter);
          });
        } finally {
          parentFiles.join(); // never read the store after it is closed
        }
        LOG.debug("snapshot {} of volume {} via {}", session[0].info.id(), volume, r.path());
        return session[0].info;
      }
    }
  }

  /**
   * The parent's regular files that carry a stat, by name; none when it has no usable tree. Read on
   * a thread of its own while the engine is asked for the volume and its path; given up (none) once
   * {@code unwanted} is set: only a read of the mountpoint can skip files.
   */
  private static java.util.concurrent.CompletableFuture<Map<String, Tree.Entry>> parentFiles(Store store,
      Optional<Repository.Record> parent, java.util.concurrent.atomic.AtomicBoolean unwanted) {
    if (parent.isEmpty() || !parent.get().statKeys()) {
      return java.util.concurrent.CompletableFuture.completedFuture(Map.of());
    }
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      Map<String, Tree.Entry> m = new HashMap<>();
      try {
        Tree.read(store, parent.get().tree(), e -> {
          if (unwanted.get()) {
            throw new java.util.concurrent.CancellationException();
          }
          if (e.file() && e.stat() != null) {
            m.put(e.name(), e);
          }
        });
      } catch (java.util.concurrent.CancellationException e) {
        return Map.of();
      } catch (IOException | RuntimeException e) {
        LOG.warn("the tree of snapshot {} cannot be read ({}); every file is read again (run check())",
            parent.get().info().id(), e.getMessage());
        return Map.of();
      }
      return m;
    });
  }

  /**
   * One attempt (a raced read of the mountpoint is done again, from scratch, through the engine).
   * Entries reach the tree in the order read; a file's entry waits in {@link #order} until the
   * tracker's hash lane gave its content digest and the {@link ChunkPipeline} its chunk ids.
   */
  private static final class Session implements HostTree.EntrySink {
    final PackWriter packs;
    private final ChunkPipeline pipeline;
    private final Store store;
    private final Optional<Repository.Record> parent;
    private final BackupManifest.Builder header;
    private final VolumeReader reader;
    private final Instant takenAt = Instant.now();
    private final long racyFrom = takenAt.getEpochSecond() * 1_000_000_000L + takenAt.getNano() - RACY_NANOS;
    private final List<ChunkId> treeChunks = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Chunker data;
    private final Chunker treeChunker;
    private final java.util.ArrayDeque<Pending> order = new java.util.ArrayDeque<>();
    /** Files whose content digest is awaited, by name (a name twice in an archive: in order). */
    private final Map<String, java.util.ArrayDeque<Pending>> hashing = new HashMap<>();
    private Tree.Writer tree;
    private Pending current;
    private final java.util.concurrent.CompletableFuture<Map<String, Tree.Entry>> parentLoad;
    private final java.util.concurrent.atomic.AtomicBoolean unwanted;
    private Map<String, Tree.Entry> parentFiles;
    private Tree.Entry known;
    private long[] stat;
    private EntryTracker tracker;
    private TreeDigest digest;
    private long filesRead;
    private long filesUnchanged;
    SnapshotInfo info;

    Session(Store store, int zstdLevel, Optional<Repository.Record> parent,
        java.util.concurrent.CompletableFuture<Map<String, Tree.Entry>> parentLoad,
        java.util.concurrent.atomic.AtomicBoolean unwanted, BackupManifest.Builder header,
        VolumeReader reader) {
      this.parentLoad = parentLoad;
      this.unwanted = unwanted;
      this.store = store;
      this.packs = new PackWriter(store, zstdLevel);
      this.pipeline = new ChunkPipeline(packs);
      this.parent = parent;
      this.header = header;
      this.reader = reader;
      // the chunker's buffer is handed over, not copied. A file's first chunk is hashed once with its content:
      // by the tracker's lane or by the chunk thread, whichever gets to it first (a file that is one chunk is
      // named by its content digest)
      this.data = Chunker.handingOver((buf, len) -> {
        Pending p = current;
        boolean first = p.expect() == 0;
        return pipeline.handOver(buf, len, p::chunk, first ? p.firstId(tracker.lastShare(), len) : null);
      });
      this.treeChunker = new Chunker((buf, len) -> pipeline.submit(buf, len, treeChunks::add));
    }

    TreeDigest write(ProgressMeter meter) throws IOException {
      tracker = new EntryTracker(EntryTracker.FROM_VOLUME).meter(meter).shareContent().onContent((name, sha) -> {
        Pending p;
        synchronized (hashing) {
          java.util.ArrayDeque<Pending> q = hashing.get(name);
          p = q == null ? null : q.poll();
          if (q != null && q.isEmpty()) {
            hashing.remove(name);
          }
        }
        if (p != null) {
          p.content(sha);
        }
      });
      tree = new Tree.Writer(treeChunker);
      HostTree.Known k = null;
      if (reader.path() == TransferPath.HOST_MOUNTPOINT) {
        k = this::known; // the parent's files are awaited at the first file: the walk starts meanwhile
      } else {
        unwanted.set(true); // every file is read through the engine: the parent's tree would be read for nothing
      }
      try {
        reader.read(tracker, this, k);
        // chunks first: a chunk thread that failed (disk full, out of memory) throws its own cause here, not the
        // tracker's "digest not computed" for a file whose first chunk it was hashing for the lane
        pipeline.flush();             // every chunk id is in
        digest = Digests.of(tracker); // waits for the hash lane: every content digest is in
        drain(true);
        tree.end();
        treeChunker.endFile();
        pipeline.finish();
      } catch (IOException | RuntimeException | Error e) {
        pipeline.abort();
        throw e;
      }
      return digest;
    }

    private String known(String name, TarArchiveEntry e, long[] s) {
      stat = s[2] >= racyFrom || s[3] >= racyFrom || s[3] < 0 ? null : s;
      if (parentFiles == null) {
        parentFiles = parentLoad.join();
      }
      Tree.Entry p = parentFiles.get(name);
      known = null;
      if (p == null || stat == null || p.size() != e.getSize() || !Arrays.equals(p.stat(), s)) {
        return null;
      }
      for (ChunkId c : p.chunks()) {
        if (!store.has(c)) {
          return null;
        }
      }
      known = p;
      return ChunkId.of(p.content(), 0).hex();
    }

    @Override
    public void entry(TarArchiveEntry e, String name, InputStream content) throws IOException {
      if (EntryTypes.typeFlag(e) == TarConstants.LF_NORMAL) {
        Pending p = new Pending(Tree.Entry.of(e, name, null, null, List.of(), stat));
        stat = null;
        order.add(p);
        current = p;
        synchronized (hashing) {
          hashing.computeIfAbsent(name, n -> new java.util.ArrayDeque<>()).add(p);
        }
        tracker.accept(e, name, content, data);
        data.endFile();
        p.sealed();
        filesRead++;
      } else {
        String link = e.isLink() ? tracker.normalize(e.getLinkName()) : e.isSymbolicLink() ? e.getLinkName() : null;
        tracker.accept(e, name, content, null);
        order.add(new Pending(Tree.Entry.of(e, name, link, null, List.of(), null)).done());
      }
      drain(false);
    }

    @Override
    public void unread(TarArchiveEntry e, String name, String contentSha256) throws IOException {
      order.add(new Pending(Tree.Entry.of(e, name, null, known.content(), known.chunks(), stat)).done());
      stat = null;
      known = null;
      filesUnchanged++;
      drain(false);
    }

    /** Entries waiting for the head's chunk ids before the batch of small chunks is sent unfilled. */
    private static final int BACKLOG = 512;

    /** Writes the entries at the head of {@link #order} that are complete (all of them, at the end). */
    private void drain(boolean all) throws IOException {
      Pending p;
      while ((p = order.peek()) != null) {
        Tree.Entry e = p.entryIfComplete();
        if (e == null) {
          if (all) {
            throw new IllegalStateException("the entry of " + p.name() + " is incomplete after all was read");
          }
          if (order.size() >= BACKLOG) {
            pipeline.send(); // the head may wait for a batch that fills slowly (few files read): the tree goes on
          }
          return;
        }
        tree.add(e);
        order.poll();
      }
    }

    void commit(Repository repo, Plan plan, long t0) throws IOException {
      try {
        packs.finish();
      } catch (IOException e) {
        throw e instanceof FileSink.WriteFailedException ? e : new FileSink.WriteFailedException(e);
      }
      try {
        PackIndex.writeForSnapshot(store, packs.placed()); // a cache: without it the packs are read one by one
      } catch (IOException e) {
        LOG.warn("the index file of the packs of this snapshot could not be written ({}); the next snapshots read "
            + "them one by one until prune() writes the index again", e.toString());
      }
      BackupManifest m = header.content(digest).build();
      String id = ID_TIME.format(takenAt) + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
      SnapshotInfo.Builder b = SnapshotInfo.builder().id(id).volumeName(m.volumeName()).driver(m.driver())
          .driverOptions(m.driverOptions()).maskedOptions(m.maskedOptions()).labels(m.labels()).takenAt(takenAt)
          .engine(m.engine()).tags(plan.tags()).content(digest).addedBytes(packs.addedBytes()).filesRead(filesRead)
          .filesUnchanged(filesUnchanged).parent(parent.map(r -> r.info().id())).path(reader.path())
          .duration(Duration.ofMillis((System.nanoTime() - t0) / 1_000_000)); // the record keeps milliseconds
      m.volumeCreatedAt().ifPresent(b::volumeCreatedAt);
      SnapshotInfo s = b.build();
      try {
        repo.writeRecord(new Repository.Record(s, List.copyOf(treeChunks), reader.path() == TransferPath.HOST_MOUNTPOINT));
      } catch (IOException e) {
        throw new FileSink.WriteFailedException(e);
      }
      info = s;
    }

    void abort() {
      pipeline.abort();
      packs.abort();
    }
  }

  /**
   * A tree entry on its way: a regular file read waits for its content digest (from the hash lane)
   * and for the ids of its chunks (from the pipeline, in order).
   */
  private static final class Pending {
    private final Tree.Entry entry;
    private final List<ChunkId> chunks = new ArrayList<>();
    private byte[] content;
    private int expected;
    private boolean sealed;

    Pending(Tree.Entry entry) {
      this.entry = entry;
    }

    String name() {
      return entry.name();
    }

    synchronized Pending done() {
      sealed = true;
      content = entry.content();
      chunks.addAll(entry.chunks());
      expected = chunks.size();
      return this;
    }

    /** Counts one more chunk to wait for; returns how many were expected before it. */
    synchronized int expect() {
      return expected++;
    }

    synchronized void chunk(ChunkId id) {
      chunks.add(id);
    }

    synchronized void content(byte[] sha) {
      content = sha;
    }

    /**
     * How this file's first chunk, of {@code len} bytes, gets its id: from {@code share} (hashed once with the
     * content, by the lane or by the chunk thread), or, for a file hashed as it was read (no share), when it is
     * the whole file, its content digest; else null (the chunk thread hashes it).
     */
    ChunkPipeline.KnownId firstId(io.github.volumes4j.data.internal.SharedContent share, int len) {
      if (share != null) {
        share.firstChunk(len);
        return share::firstChunkId;
      }
      if (len != entry.size()) {
        return null;
      }
      return (data, off, n) -> {
        synchronized (this) {
          return content; // told before the file's chunk was handed over: it was hashed as it was read
        }
      };
    }

    synchronized void sealed() {
      sealed = true;
    }

    synchronized Tree.Entry entryIfComplete() {
      if (!sealed || (entry.file() && content == null) || chunks.size() != expected) {
        return null;
      }
      Tree.Entry e = entry;
      return new Tree.Entry(e.type(), e.name(), e.mode(), e.uid(), e.gid(), e.uname(), e.gname(), e.mtime(), e.size(),
          e.link(), e.devMajor(), e.devMinor(), content, List.copyOf(chunks), e.stat());
    }
  }
}
