package io.github.volumes4j.data.internal.snap;

import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.data.internal.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot repository on a host directory: {@code volumes4j-repository.json} (its format),
 * {@code packs/} (chunks, {@link Packs}), {@code snapshots/<id>.json} (one record per snapshot,
 * written last, synced and renamed into place: a snapshot is visible only once all it refers to
 * is), {@code tmp/} (packs being written) and {@code locks/} ({@link RepoLock}).
 */
public final class Repository {

  private static final Logger LOG = LoggerFactory.getLogger(Repository.class);
  static final String CONFIG = "volumes4j-repository.json";
  static final int FORMAT = 1;

  private final Path dir;
  private final Duration lockTimeout;

  private Repository(Path dir, Duration lockTimeout) {
    this.dir = dir;
    this.lockTimeout = lockTimeout;
  }

  /** Opens a repository; creates it when {@code create} and the directory is missing or empty. */
  public static Repository open(Path dir, boolean create, Duration lockTimeout) {
    Path config = dir.resolve(CONFIG);
    try {
      if (!Files.exists(config)) {
        if (!create) {
          throw new DataMovementException("no snapshot repository at " + dir + " (it has no " + CONFIG
              + "); create one with SnapshotRepository.create(dir) or openOrCreate(dir)");
        }
        Files.createDirectories(dir);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
          if (ds.iterator().hasNext()) {
            throw new DataMovementException(dir + " is not empty and holds no snapshot repository; give an empty "
                + "or missing directory, so that nothing in it is mistaken for the repository's files");
          }
        }
        for (String sub : List.of("packs", "snapshots", "tmp", "locks")) {
          Files.createDirectories(dir.resolve(sub));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("created", Instant.now().toString());
        writeAtomically(config, Json.write(json));
      }
      Map<String, Object> json = Json.parse(Files.readString(config));
      Object f = json.get("format");
      if (!(f instanceof Long n) || n != FORMAT) {
        throw new DataMovementException("the snapshot repository at " + dir + " has format " + f + "; this volumes4j "
            + "reads format " + FORMAT + ": use a newer volumes4j");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new DataMovementException("cannot open the snapshot repository at " + dir + ": " + e.getMessage(), e);
    }
    return new Repository(dir.toAbsolutePath().normalize(), lockTimeout);
  }

  public Path dir() {
    return dir;
  }

  public Repository lockTimeout(Duration timeout) {
    return new Repository(dir, timeout);
  }

  public Duration lockTimeout() {
    return lockTimeout;
  }

  RepoLock lock(boolean exclusive, String operation) {
    return RepoLock.acquire(dir, exclusive, operation, lockTimeout);
  }

  // ---- snapshot records ------------------------------------------------------------------------

  /** A snapshot's record: its public face and where its tree is. */
  record Record(SnapshotInfo info, List<ChunkId> tree, boolean statKeys) {}

  void writeRecord(Record r) throws IOException {
    SnapshotInfo s = r.info();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("id", s.id());
    json.put("volume", s.volumeName());
    json.put("driver", s.driver());
    json.put("driverOptions", s.driverOptions());
    Map<String, Object> masked = new LinkedHashMap<>();
    s.maskedOptions().forEach(k -> masked.put(k, true));
    json.put("maskedOptions", masked);
    json.put("labels", s.labels());
    s.volumeCreatedAt().ifPresent(t -> json.put("volumeCreatedAt", t.toString()));
    json.put("takenAt", s.takenAt().toString());
    json.put("engine", s.engine());
    Map<String, Object> tags = new LinkedHashMap<>();
    s.tags().forEach(t -> tags.put(t, true));
    json.put("tags", tags);
    TreeDigest d = s.content();
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("sha256", d.sha256());
    content.put("files", d.files());
    content.put("directories", d.directories());
    content.put("symlinks", d.symlinks());
    content.put("others", d.others());
    content.put("bytes", d.bytes());
    json.put("content", content);
    json.put("addedBytes", s.addedBytes());
    json.put("filesRead", s.filesRead());
    json.put("filesUnchanged", s.filesUnchanged());
    s.parent().ifPresent(p -> json.put("parent", p));
    json.put("path", s.path().name());
    json.put("durationMillis", s.duration().toMillis());
    json.put("statKeys", r.statKeys());
    StringBuilder tree = new StringBuilder();
    for (ChunkId c : r.tree()) {
      tree.append(tree.length() == 0 ? "" : ",").append(c.hex());
    }
    json.put("tree", tree.toString());
    writeAtomically(dir.resolve("snapshots").resolve(s.id() + ".json"), Json.write(json));
  }

  /** Every snapshot record, oldest first; unreadable ones are named in {@code problems} (when given) and left out. */
  List<Record> records(List<String> problems) {
    List<Record> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve("snapshots"), "*.json")) {
      for (Path p : ds) {
        try {
          out.add(parse(Files.readString(p)));
        } catch (IOException | RuntimeException e) {
          String msg = "snapshot record " + p + " cannot be read: " + e.getMessage();
          if (problems != null) {
            problems.add(msg);
          } else {
            LOG.warn("{}; left out (run check())", msg);
          }
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new DataMovementException("cannot list the snapshots of repository " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing((Record r) -> r.info().takenAt()).thenComparing(r -> r.info().id()));
    return out;
  }

  Optional<Record> record(String id) {
    Path p = dir.resolve("snapshots").resolve(id + ".json");
    if (id.isEmpty() || id.contains("/") || id.contains("\\") || id.startsWith(".") || !Files.exists(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(Files.readString(p)));
    } catch (IOException | RuntimeException e) {
      throw new DataMovementException("snapshot " + id + " of repository " + dir + " cannot be read: " + e.getMessage()
          + "; run check()", e);
    }
  }

  void deleteRecord(String id) throws IOException {
    Files.deleteIfExists(dir.resolve("snapshots").resolve(id + ".json"));
  }

  @SuppressWarnings("unchecked")
  private static Record parse(String text) {
    Map<String, Object> j = Json.parse(text);
    SnapshotInfo.Builder b = SnapshotInfo.builder().id(Json.text(j, "id")).volumeName(Json.text(j, "volume"))
        .driver(Json.text(j, "driver")).driverOptions(Json.strings(j, "driverOptions")).labels(Json.strings(j, "labels"))
        .takenAt(Instant.parse(Json.text(j, "takenAt"))).engine(Json.text(j, "engine"))
        .addedBytes(Json.whole(j, "addedBytes")).filesRead(Json.whole(j, "filesRead")).filesUnchanged(Json.whole(j, "filesUnchanged"))
        .path(TransferPath.valueOf(Json.text(j, "path"))).duration(Duration.ofMillis(Json.whole(j, "durationMillis")));
    if (j.get("maskedOptions") instanceof Map<?, ?> m) {
      m.keySet().forEach(k -> b.addMaskedOptions(k.toString()));
    }
    if (j.get("tags") instanceof Map<?, ?> m) {
      m.keySet().forEach(k -> b.addTags(k.toString()));
    }
    if (j.get("volumeCreatedAt") instanceof String s) {
      b.volumeCreatedAt(OffsetDateTime.parse(s));
    }
    if (j.get("parent") instanceof String s) {
      b.parent(s);
    }
    Map<String, Object> c = (Map<String, Object>) j.get("content");
    if (c == null) {
      throw new IllegalArgumentException("\"content\" missing");
    }
    b.content(TreeDigest.builder().sha256(Json.text(c, "sha256")).files(Json.whole(c, "files")).directories(Json.whole(c, "directories"))
        .symlinks(Json.whole(c, "symlinks")).others(Json.whole(c, "others")).bytes(Json.whole(c, "bytes")).build());
    List<ChunkId> tree = new ArrayList<>();
    for (String h : Json.text(j, "tree").split(",")) {
      if (!h.isEmpty()) {
        tree.add(ChunkId.parse(h));
      }
    }
    return new Record(b.build(), tree, Boolean.TRUE.equals(j.get("statKeys")));
  }

  // ---- files -----------------------------------------------------------------------------------

  /** How the temporary files of {@link #writeAtomically} are named: {@code .<name>.tmp-<pid>-<thread>}. */
  static final String TEMPORARY_GLOB = ".*.tmp-*";

  /**
   * Writes a small file under a temporary name, syncs it, renames it into place, syncs the directory.
   * A failure removes the temporary file; one left by a process killed half way is removed by prune.
   */
  static void writeAtomically(Path target, String text) throws IOException {
    writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #writeAtomically(Path, String)} of bytes. */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
        + Thread.currentThread().getId());
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException left) {
        e.addSuppressed(left);
      }
      throw e;
    }
    syncDirectory(target.getParent());
  }

  /** fsync of a directory, so that a rename in it survives a crash (where the OS allows opening one). */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not every OS or file system lets a directory be synced
    }
  }
}
