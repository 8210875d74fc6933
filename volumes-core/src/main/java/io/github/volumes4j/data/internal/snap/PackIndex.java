package io.github.volumes4j.data.internal.snap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Index files: what packs hold, kept beside them so that opening a repository reads a few small files
 * instead of the end of every pack (with packs written past the page cache, each of those was a read from
 * disk: a year of nightly snapshots is hundreds of packs). They are a cache, never the truth: the packs in
 * place are listed at every open, an index entry counts only for a pack that is there, a pack no index
 * names is read as before, and check and prune read every pack's own index.
 *
 * <p>A snapshot writes one for the packs it added before its record; prune writes one for every pack and
 * removes the others. Written under a temporary name, synced and renamed ({@link Repository#writeAtomically}).
 *
 * <pre>
 * "V4JIDX01" | packs (int) | per pack: name length (short), name ("xx/name.pack", UTF-8), blobs (int),
 *            per blob as in a pack's index | SHA-256 of all before it | "V4JIEND1"
 * </pre>
 */
final class PackIndex {

  static final String DIR = "index";
  private static final byte[] HEAD = "V4JIDX01".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "V4JIEND1".getBytes(StandardCharsets.US_ASCII);

  private PackIndex() {}

  /** Writes an index file naming {@code packs} (pack file to its blobs); none when there are none. */
  static void write(Path repo, Map<Path, List<Packs.Blob>> packs) throws IOException {
    if (packs.isEmpty()) {
      return;
    }
    Path root = repo.resolve("packs");
    List<byte[]> names = new ArrayList<>();
    int size = HEAD.length + 4;
    for (Map.Entry<Path, List<Packs.Blob>> p : packs.entrySet()) {
      byte[] n = root.relativize(p.getKey()).toString().getBytes(StandardCharsets.UTF_8);
      names.add(n);
      size += 2 + n.length + 4 + p.getValue().size() * Packs.ENTRY;
    }
    ByteBuffer b = ByteBuffer.allocate(size + ChunkId.BYTES + END.length);
    b.put(HEAD).putInt(packs.size());
    int i = 0;
    for (List<Packs.Blob> blobs : packs.values()) {
      byte[] n = names.get(i++);
      b.putShort((short) n.length).put(n).putInt(blobs.size());
      for (Packs.Blob x : blobs) {
        Packs.writeEntry(b, x);
      }
    }
    MessageDigest sha = ChunkId.sha256();
    sha.update(b.array(), 0, b.position());
    b.put(sha.digest()).put(END);
    Path dir = Files.createDirectories(repo.resolve(DIR));
    Repository.writeAtomically(dir.resolve(UUID.randomUUID().toString().replace("-", "") + ".idx"), b.array());
  }

  /** Index files a snapshot may leave before it folds them into one. */
  static final int FOLD_ABOVE = 32;

  /**
   * Writes the index file of a snapshot's new packs; when {@code store} read more than {@value #FOLD_ABOVE}
   * index files at open, writes one for every pack instead and removes those files (another snapshot's index
   * file written meanwhile was not read and stays; two snapshots folding at once leave two files that agree).
   */
  static void writeForSnapshot(Store store, Map<Path, List<Packs.Blob>> placed) throws IOException {
    if (store.indexFiles().size() <= FOLD_ABOVE) {
      write(store.repo, placed);
      return;
    }
    Map<Path, List<Packs.Blob>> all = new java.util.LinkedHashMap<>(store.packs());
    all.putAll(placed);
    write(store.repo, all);
    for (Path f : store.indexFiles()) {
      Files.deleteIfExists(f);
    }
  }

  /** The index files in place. */
  static List<Path> files(Path repo) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(repo.resolve(DIR), "*.idx")) {
      ds.forEach(out::add);
    } catch (NoSuchFileException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  /**
   * What every readable one of {@code files} says, by pack file (under {@code packs/} of {@code repo}); a damaged
   * file is left out and named in {@code damaged}.
   */
  static Map<Path, List<Packs.Blob>> read(Path repo, List<Path> files, List<String> damaged) {
    Map<Path, List<Packs.Blob>> out = new HashMap<>();
    for (Path f : files) {
      try {
        out.putAll(parse(repo, f, Files.readAllBytes(f)));
      } catch (NoSuchFileException e) {
        // removed by a prune meanwhile: it was a cache
      } catch (IOException e) {
        damaged.add(e.getMessage());
      }
    }
    return out;
  }

  /** The packs index file {@code f} (its bytes: {@code all}) names, each bound to its path under {@code repo}. */
  private static Map<Path, List<Packs.Blob>> parse(Path repo, Path f, byte[] all) throws IOException {
    int body = all.length - ChunkId.BYTES - END.length;
    if (body < HEAD.length + 4 || !Arrays.equals(all, 0, HEAD.length, HEAD, 0, HEAD.length)
        || !Arrays.equals(all, all.length - END.length, all.length, END, 0, END.length)) {
      throw new IOException("index file " + f + " is not whole: it is damaged; prune writes the index again");
    }
    MessageDigest sha = ChunkId.sha256();
    sha.update(all, 0, body);
    if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(all, body, body + ChunkId.BYTES))) {
      throw new IOException("index file " + f + " does not match its checksum: it is damaged; prune writes the "
          + "index again");
    }
    Path root = repo.resolve("packs");
    Map<Path, List<Packs.Blob>> out = new HashMap<>();
    try {
      ByteBuffer b = ByteBuffer.wrap(all, HEAD.length, body - HEAD.length);
      int packs = b.getInt();
      for (int p = 0; p < packs; p++) {
        byte[] n = new byte[b.getShort()];
        b.get(n);
        Path pack = root.resolve(new String(n, StandardCharsets.UTF_8));
        int count = b.getInt();
        List<Packs.Blob> blobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          blobs.add(Packs.readEntry(b, pack));
        }
        out.put(pack, blobs);
      }
      if (b.hasRemaining()) {
        throw new IOException("index file " + f + " has bytes after its last pack: it is damaged");
      }
    } catch (RuntimeException e) {
      throw new IOException("index file " + f + " cannot be parsed (" + e + "): it is damaged", e);
    }
    return out;
  }

  /**
   * Adds to {@code problems} every index file that is damaged or says of a pack in place something its own
   * index does not ({@code packs}: what the packs' own indexes say).
   */
  static void verify(Path repo, Map<Path, List<Packs.Blob>> packs, List<String> problems) {
    List<Path> files;
    try {
      files = files(repo);
    } catch (IOException e) {
      problems.add("the index files of " + repo + " cannot be listed: " + e.getMessage());
      return;
    }
    for (Path f : files) {
      try {
        for (Map.Entry<Path, List<Packs.Blob>> e : parse(repo, f, Files.readAllBytes(f)).entrySet()) {
          List<Packs.Blob> truth = packs.get(e.getKey());
          if (truth != null && !truth.equals(e.getValue())) {
            problems.add("index file " + f + " does not say what pack " + e.getKey() + " holds: it is damaged; "
                + "prune writes the index again");
          }
        }
      } catch (NoSuchFileException gone) {
        // removed meanwhile
      } catch (IOException e) {
        problems.add(e.getMessage());
      }
    }
  }
}
