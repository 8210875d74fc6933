package io.github.volumes4j.data.internal.snap;

import io.github.volumes4j.data.CheckResult;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.PruneResult;
import io.github.volumes4j.data.RetentionPolicy;
import io.github.volumes4j.data.RetentionResult;
import io.github.volumes4j.data.SnapshotDiff;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.data.internal.Digests;
import io.github.volumes4j.data.internal.EntryTracker;
import io.github.volumes4j.data.internal.TarNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Listing, diff, retention, prune and check of a repository, each under the lock it needs. */
public final class Maintenance {

  private Maintenance() {}

  public static List<SnapshotInfo> list(Repository repo) {
    try (RepoLock l = repo.lock(false, "list")) {
      List<SnapshotInfo> out = new ArrayList<>();
      repo.records(null).forEach(r -> out.add(r.info()));
      return Collections.unmodifiableList(out);
    }
  }

  /** One snapshot, its record alone read. */
  public static java.util.Optional<SnapshotInfo> get(Repository repo, String id) {
    try (RepoLock l = repo.lock(false, "get " + id)) {
      return repo.record(id).map(Repository.Record::info);
    }
  }

  public static long storedBytes(Repository repo) {
    try (RepoLock l = repo.lock(false, "size")) {
      return Store.packBytes(repo.dir());
    } catch (IOException e) {
      throw new DataMovementException("cannot measure repository " + repo.dir() + ": " + e.getMessage(), e);
    }
  }

  // ---- diff ------------------------------------------------------------------------------------

  public static SnapshotDiff diff(Repository repo, String from, String to) {
    try (RepoLock l = repo.lock(false, "diff"); Store store = load(repo)) {
      Map<String, String> a = signatures(repo, store, from);
      Map<String, String> b = signatures(repo, store, to);
      TreeSet<String> added = new TreeSet<>();
      TreeSet<String> removed = new TreeSet<>();
      TreeSet<String> changed = new TreeSet<>();
      b.forEach((name, sig) -> {
        String old = a.get(name);
        if (old == null) {
          added.add(name);
        } else if (!old.equals(sig)) {
          changed.add(name);
        }
      });
      a.keySet().stream().filter(n -> !b.containsKey(n)).forEach(removed::add);
      return SnapshotDiff.builder().from(from).to(to).added(printable(added)).removed(printable(removed))
          .changed(printable(changed)).build();
    }
  }

  private static List<String> printable(TreeSet<String> names) {
    List<String> out = new ArrayList<>(names.size());
    names.forEach(n -> out.add(n.isEmpty() ? "/" : "/" + TarNames.printable(n)));
    return out;
  }

  private static Map<String, String> signatures(Repository repo, Store store, String id) {
    Repository.Record r = repo.record(id).orElseThrow(() -> new DataMovementException("repository " + repo.dir()
        + " has no snapshot \"" + id + "\"; list() names the snapshots it has"));
    Map<String, String> m = new HashMap<>();
    try {
      Tree.read(store, r.tree(), e -> m.put(e.name(), e.signature()));
    } catch (IOException e) {
      throw new DataMovementException("the tree of snapshot " + id + " cannot be read: " + e.getMessage()
          + "; the repository " + repo.dir() + " is damaged, run check()", e);
    }
    return m;
  }

  // ---- retention -------------------------------------------------------------------------------

  public static RetentionResult retention(Repository repo, RetentionPolicy policy, boolean apply) {
    try (RepoLock l = repo.lock(apply, apply ? "forget" : "retention plan")) {
      List<Repository.Record> all = repo.records(null);
      Map<String, List<SnapshotInfo>> byVolume = new LinkedHashMap<>();
      for (int i = all.size() - 1; i >= 0; i--) {
        SnapshotInfo s = all.get(i).info();
        byVolume.computeIfAbsent(s.volumeName(), v -> new ArrayList<>()).add(s);
      }
      List<SnapshotInfo> kept = new ArrayList<>();
      List<SnapshotInfo> forgotten = new ArrayList<>();
      for (List<SnapshotInfo> newestFirst : byVolume.values()) {
        Set<String> keep = keep(newestFirst, policy);
        for (SnapshotInfo s : newestFirst) {
          (keep.contains(s.id()) ? kept : forgotten).add(s);
        }
      }
      if (apply) {
        for (SnapshotInfo s : forgotten) {
          try {
            repo.deleteRecord(s.id());
          } catch (IOException e) {
            throw new DataMovementException("forgetting snapshot " + s.id() + " failed: " + e.getMessage()
                + "; the snapshots forgotten before it are gone, the others kept", e);
          }
        }
        Repository.syncDirectory(repo.dir().resolve("snapshots"));
      }
      return RetentionResult.builder().kept(kept).forgotten(forgotten).build();
    }
  }

  private static Set<String> keep(List<SnapshotInfo> newestFirst, RetentionPolicy p) {
    Set<String> keep = new HashSet<>();
    for (int i = 0; i < Math.min(p.keepLast(), newestFirst.size()); i++) {
      keep.add(newestFirst.get(i).id());
    }
    bucket(newestFirst, p.keepDaily(), keep, s -> date(s, p).toString());
    bucket(newestFirst, p.keepWeekly(), keep, s -> {
      LocalDate d = date(s, p);
      return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    });
    bucket(newestFirst, p.keepMonthly(), keep, s -> date(s, p).getYear() + "-" + date(s, p).getMonthValue());
    bucket(newestFirst, p.keepYearly(), keep, s -> String.valueOf(date(s, p).getYear()));
    return keep;
  }

  private static LocalDate date(SnapshotInfo s, RetentionPolicy p) {
    return s.takenAt().atZone(p.zone()).toLocalDate();
  }

  /** Keeps the newest snapshot of each of the first {@code n} distinct buckets, newest first. */
  private static void bucket(List<SnapshotInfo> newestFirst, int n, Set<String> keep, Function<SnapshotInfo, String> key) {
    Set<String> seen = new HashSet<>();
    for (SnapshotInfo s : newestFirst) {
      if (seen.size() >= n) {
        return;
      }
      if (seen.add(key.apply(s))) {
        keep.add(s.id());
      }
    }
  }

  public static void forget(Repository repo, String id) {
    try (RepoLock l = repo.lock(true, "forget " + id)) {
      if (repo.record(id).isEmpty()) {
        throw new DataMovementException("repository " + repo.dir() + " has no snapshot \"" + id
            + "\"; list() names the snapshots it has");
      }
      repo.deleteRecord(id);
      Repository.syncDirectory(repo.dir().resolve("snapshots"));
    } catch (IOException e) {
      throw new DataMovementException("forgetting snapshot " + id + " failed: " + e.getMessage(), e);
    }
  }

  // ---- prune -----------------------------------------------------------------------------------

  /** Packs whose unused share is above this are rewritten; below it, they are kept as they are. */
  private static final double REWRITE_UNUSED = 0.25;

  public static PruneResult prune(Repository repo) {
    try (RepoLock l = repo.lock(true, "prune"); Store store = load(repo, true)) {
      long before = Store.packBytes(repo.dir());
      long tmpRemoved = 0;
      long tmpBytes = 0;
      // Exclusive lock: no writer is alive. Packs half written go to tmp/; a record or the config file half
      // written is a dot file beside its place (Repository.writeAtomically).
      Map<Path, String> leftovers = new LinkedHashMap<>();
      leftovers.put(repo.dir().resolve("tmp"), "*");
      leftovers.put(repo.dir().resolve("snapshots"), Repository.TEMPORARY_GLOB);
      leftovers.put(repo.dir(), Repository.TEMPORARY_GLOB);
      leftovers.put(repo.dir().resolve(PackIndex.DIR), Repository.TEMPORARY_GLOB);
      for (Map.Entry<Path, String> d : leftovers.entrySet()) {
        if (!Files.isDirectory(d.getKey())) {
          continue;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d.getKey(), d.getValue())) {
          for (Path p : ds) {
            if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
              tmpBytes += Files.size(p);
              Files.delete(p);
              tmpRemoved++;
            }
          }
        }
      }
      List<String> problems = new ArrayList<>();
      List<Repository.Record> records = repo.records(problems);
      if (!problems.isEmpty() || !store.damaged().isEmpty()) {
        List<String> all = new ArrayList<>(problems);
        all.addAll(store.damaged());
        throw new DataMovementException("prune of repository " + repo.dir() + " stopped before removing anything: "
            + String.join("; ", all) + "; a damaged record could hide chunks still in use: run check(), forget or "
            + "repair what it names, then prune again");
      }
      Set<ChunkId> used = new HashSet<>();
      for (Repository.Record r : records) {
        used.addAll(r.tree());
        try {
          Tree.read(store, r.tree(), e -> used.addAll(e.chunks()));
        } catch (IOException e) {
          throw new DataMovementException("prune of repository " + repo.dir() + " stopped before removing anything: "
              + "the tree of snapshot " + r.info().id() + " cannot be read (" + e.getMessage() + "); run check()", e);
        }
      }
      long removedChunks = 0;
      long removedPacks = 0;
      PackWriter rewrite = new PackWriter(store, 0);
      List<Path> drop = new ArrayList<>();
      Set<ChunkId> kept = new HashSet<>();
      try {
        for (Map.Entry<Path, List<Packs.Blob>> pack : store.packs().entrySet()) {
          long usedBytes = 0;
          long allBytes = 0;
          int unused = 0;
          for (Packs.Blob b : pack.getValue()) {
            allBytes += b.stored();
            if (used.contains(b.id()) && !kept.contains(b.id())) {
              usedBytes += b.stored();
            } else {
              unused++;
            }
          }
          if (unused == 0) {
            pack.getValue().forEach(b -> kept.add(b.id()));
            continue;
          }
          if (usedBytes > 0 && allBytes - usedBytes <= REWRITE_UNUSED * allBytes) {
            pack.getValue().forEach(b -> kept.add(b.id()));
            continue;
          }
          FileChannel ch = store.channel(pack.getKey());
          for (Packs.Blob b : pack.getValue()) {
            if (used.contains(b.id()) && kept.add(b.id())) {
              java.nio.ByteBuffer stored = java.nio.ByteBuffer.allocate(b.stored());
              Packs.read(ch, stored, b.offset());
              rewrite.copy(b, stored.array());
            } else {
              removedChunks++;
            }
          }
          drop.add(pack.getKey());
        }
        rewrite.finish();
      } catch (IOException | RuntimeException e) {
        rewrite.abort();
        throw new DataMovementException("prune of repository " + repo.dir() + " failed before removing anything: "
            + e.getMessage(), e);
      }
      store.close();
      // the index anew: every pack kept and written, in one file, before the old files go (a crash between
      // leaves both, which agree; a pack dropped below is no longer listed and its entries count for nothing)
      List<Path> oldIndex = PackIndex.files(repo.dir());
      Map<Path, List<Packs.Blob>> remaining = new LinkedHashMap<>(store.packs());
      drop.forEach(remaining::remove);
      remaining.putAll(rewrite.placed());
      PackIndex.write(repo.dir(), remaining);
      for (Path p : oldIndex) {
        Files.deleteIfExists(p);
      }
      for (Path p : drop) {
        Files.delete(p);
        removedPacks++;
      }
      long after = Store.packBytes(repo.dir());
      return PruneResult.builder().chunksRemoved(removedChunks).packsRemoved(removedPacks)
          .packsWritten(rewrite.written().size()).temporaryFilesRemoved(tmpRemoved)
          .bytesFreed(before + tmpBytes - after).build();
    } catch (IOException e) {
      throw new DataMovementException("prune of repository " + repo.dir() + " failed: " + e.getMessage()
          + "; what it removed was unused, the snapshots are whole", e);
    }
  }

  // ---- check -----------------------------------------------------------------------------------

  public static CheckResult check(Repository repo) {
    try (RepoLock l = repo.lock(false, "check"); Store store = load(repo, true)) {
      List<String> problems = new ArrayList<>(store.damaged());
      PackIndex.verify(repo.dir(), store.packs(), problems);
      long chunks = 0;
      long bytes = 0;
      java.security.MessageDigest sha = ChunkId.sha256();
      for (Map.Entry<Path, List<Packs.Blob>> pack : store.packs().entrySet()) {
        FileChannel ch;
        try {
          ch = store.channel(pack.getKey());
        } catch (IOException e) {
          problems.add("pack " + pack.getKey() + " cannot be opened: " + e.getMessage());
          continue;
        }
        for (Packs.Blob b : pack.getValue()) {
          try {
            byte[] raw = Packs.readBlob(ch, b);
            chunks++;
            bytes += raw.length;
            if (raw.length != b.raw() || !ChunkId.hash(sha, raw, 0, raw.length).equals(b.id())) {
              problems.add("chunk " + b.id() + " in pack " + pack.getKey() + " does not match its SHA-256: it is damaged");
            }
          } catch (IOException e) {
            problems.add("chunk " + b.id() + " in pack " + pack.getKey() + " cannot be read: " + e.getMessage());
          }
        }
      }
      List<Repository.Record> records = repo.records(problems);
      for (Repository.Record r : records) {
        checkSnapshot(store, r, problems);
      }
      return CheckResult.builder().snapshots(records.size()).chunks(chunks).bytes(bytes).problems(problems).build();
    }
  }

  private static void checkSnapshot(Store store, Repository.Record r, List<String> problems) {
    String id = r.info().id();
    for (ChunkId c : r.tree()) {
      if (!store.has(c)) {
        problems.add("snapshot " + id + " is incomplete: its tree's chunk " + c + " is missing");
        return;
      }
    }
    EntryTracker tracker = new EntryTracker(EntryTracker.FROM_VOLUME);
    List<String> missing = new ArrayList<>();
    try {
      Tree.read(store, r.tree(), e -> {
        try {
          org.apache.commons.compress.archivers.tar.TarArchiveEntry t = e.tar(null);
          String name = tracker.check(t);
          if (!e.file()) {
            tracker.accept(t, name, InputStream.nullInputStream(), null);
            return;
          }
          long size = 0;
          for (ChunkId c : e.chunks()) {
            Packs.Blob b = store.blob(c);
            if (b == null) {
              missing.add("/" + TarNames.printable(e.name()) + " (chunk " + c + ")");
              return;
            }
            size += b.raw();
          }
          if (size != e.size()) {
            missing.add("/" + TarNames.printable(e.name()) + " (" + size + " bytes of chunks for " + e.size() + ")");
          }
          tracker.acceptKnownContent(t, name, ChunkId.of(e.content(), 0).hex());
        } catch (IOException x) {
          throw new java.io.UncheckedIOException(x);
        }
      });
    } catch (IOException | RuntimeException e) {
      problems.add("snapshot " + id + "'s tree cannot be read: " + e.getMessage());
      return;
    }
    if (!missing.isEmpty()) {
      problems.add("snapshot " + id + " is incomplete: " + missing.size() + " files lack data, first "
          + missing.subList(0, Math.min(5, missing.size())));
      return;
    }
    TreeDigest d = Digests.of(tracker);
    if (!d.equals(r.info().content()) || d.entries() != r.info().content().entries()
        || d.bytes() != r.info().content().bytes()) {
      problems.add("snapshot " + id + "'s tree does not match its recorded digest (recorded " + r.info().content()
          + ", tree " + d + ")");
    }
  }

  private static Store load(Repository repo) {
    return load(repo, false);
  }

  /** @param verify read every pack's own index, not the index files ({@link Store#load(Path, boolean)}) */
  private static Store load(Repository repo, boolean verify) {
    try {
      return Store.load(repo.dir(), verify);
    } catch (IOException e) {
      throw new DataMovementException("cannot read repository " + repo.dir() + ": " + e.getMessage(), e);
    }
  }
}
