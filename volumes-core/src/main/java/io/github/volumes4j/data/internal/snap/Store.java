package io.github.volumes4j.data.internal.snap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chunks of a repository: the index of every whole pack, read at open from the index files
 * ({@link PackIndex}) or from the pack itself (a damaged pack is left out and named in
 * {@link #damaged()}: its chunks count as missing, so a new snapshot stores them again), and reads of
 * single chunks with a few pack files kept open.
 */
final class Store implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Store.class);

  final Path repo;
  private final Map<ChunkId, Packs.Blob> index = new ConcurrentHashMap<>();
  private final Map<Path, List<Packs.Blob>> packs = new LinkedHashMap<>();
  private final List<String> damaged = new ArrayList<>();
  private final Map<Path, FileChannel> open = new LinkedHashMap<>(8, 0.75f, true);
  private int unindexed;
  private List<Path> indexFiles = List.of();

  private Store(Path repo) {
    this.repo = repo;
  }

  /** Opens the repository's chunks: the packs in place, what they hold read from the index files where they say. */
  static Store load(Path repo) throws IOException {
    return load(repo, false);
  }

  /**
   * Opens the repository's chunks.
   *
   * @param verify read every pack's own index (check, prune) instead of trusting the index files, a cache
   *     ({@link PackIndex})
   */
  static Store load(Path repo, boolean verify) throws IOException {
    Store s = new Store(repo);
    List<String> unreadable = new ArrayList<>();
    Map<Path, List<Packs.Blob>> cached = Map.of();
    if (!verify) {
      s.indexFiles = PackIndex.files(repo);
      cached = PackIndex.read(repo, s.indexFiles, unreadable);
    }
    for (String u : unreadable) {
      LOG.warn("{}; the packs it names are read one by one meanwhile", u);
    }
    for (Path p : Packs.list(repo)) {
      try {
        List<Packs.Blob> blobs = cached.get(p);
        if (blobs == null) {
          blobs = Packs.index(p);
          s.unindexed++;
        }
        s.packs.put(p, blobs);
        for (Packs.Blob b : blobs) {
          s.index.putIfAbsent(b.id(), b);
        }
      } catch (IOException e) {
        s.damaged.add(e.getMessage());
      }
    }
    return s;
  }

  /** The index files read at open (none when opened to verify). */
  List<Path> indexFiles() {
    return indexFiles;
  }

  /** How many packs were read one by one at open (no index file named them). */
  int unindexed() {
    return unindexed;
  }

  boolean has(ChunkId id) {
    return index.containsKey(id);
  }

  Packs.Blob blob(ChunkId id) {
    return index.get(id);
  }

  /** The packs read at open, with their blobs (packs written since are not listed). */
  Map<Path, List<Packs.Blob>> packs() {
    return Collections.unmodifiableMap(packs);
  }

  List<String> damaged() {
    return damaged;
  }

  void added(List<Packs.Blob> blobs) {
    for (Packs.Blob b : blobs) {
      index.putIfAbsent(b.id(), b);
    }
  }

  int chunks() {
    return index.size();
  }

  /** A chunk's bytes, uncompressed. @throws IOException when it is missing or unreadable */
  synchronized byte[] read(ChunkId id) throws IOException {
    Packs.Blob b = index.get(id);
    if (b == null) {
      throw new IOException("chunk " + id + " is missing from repository " + repo + ": it is damaged; run check()");
    }
    return Packs.readBlob(channel(b.pack()), b);
  }

  synchronized FileChannel channel(Path pack) throws IOException {
    FileChannel ch = open.get(pack);
    if (ch == null) {
      if (open.size() >= 8) {
        Map.Entry<Path, FileChannel> eldest = open.entrySet().iterator().next();
        eldest.getValue().close();
        open.remove(eldest.getKey());
      }
      ch = FileChannel.open(pack, StandardOpenOption.READ);
      open.put(pack, ch);
    }
    return ch;
  }

  @Override
  public synchronized void close() {
    for (FileChannel ch : open.values()) {
      try {
        ch.close();
      } catch (IOException e) {
        // read-only: nothing to lose
      }
    }
    open.clear();
  }

  /** Total size of the pack files in place. */
  static long packBytes(Path repo) throws IOException {
    long n = 0;
    for (Path p : Packs.list(repo)) {
      n += Files.size(p);
    }
    return n;
  }
}
