package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.CorruptArchiveException;
import io.github.volumes4j.data.HostileArchiveException;
import io.github.volumes4j.data.TreeDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Checks each tar entry against the {@link ArchiveLimits} and the volume boundary, and folds it
 * into an order-independent {@link TreeDigest}. Memory grows with the number of entries (one name
 * and 32 bytes each), never with their size.
 */
public final class EntryTracker {

  private static final int BUFFER = 256 * 1024;

  private final ArchiveLimits limits;
  private final Map<String, Rec> recs = new HashMap<>();
  private final MessageDigest sha;
  private final byte[] buffer = new byte[BUFFER];
  /** Files larger than this are hashed on the lane; smaller ones cost less to hash than to hand over. */
  private static final long INLINE_HASH_BYTES = 64 * 1024;
  /** Made at the first large file (most trackers never see one); stays null on one core. */
  private HashLane lane;
  private ProgressMeter meter = ProgressMeter.NONE;
  private Map<String, String> contents;
  private String strip;
  private TarArchiveEntry root;
  private long entries;
  private long totalBytes;
  private long files;
  private long dirs;
  private long links;
  private long others;

  private static final class Rec {
    final char type;
    byte[] hash;        // of the record (type, metadata, content)
    String hardLinkTo;  // for hard links: the normalized target

    Rec(char type, byte[] hash, String hardLinkTo) {
      this.type = type;
      this.hash = hash;
      this.hardLinkTo = hardLinkTo;
    }
  }

  public EntryTracker(ArchiveLimits limits) {
    this.limits = limits;
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  /**
   * Names (and hard-link targets) are taken relative to {@code dir} ({@code "data"} in a backup);
   * an entry outside it is a {@link CorruptArchiveException}.
   */
  public EntryTracker within(String dir) {
    this.strip = dir;
    return this;
  }

  /**
   * Keeps the SHA-256 of each regular file's content (hard links: their target's) by normalized
   * name, for {@link #contents()}: one name and 64 characters more per file.
   */
  public EntryTracker recordContents() {
    this.contents = new java.util.concurrent.ConcurrentHashMap<>(); // the hash lane writes it too
    return this;
  }

  /**
   * The SHA-256 of the content written under {@code name}, kept since {@link #recordContents()},
   * when it had {@code size} bytes; {@code null} otherwise.
   */
  public String knownContent(String name, long size) {
    settle();
    String k = contents == null ? null : contents.get(name);
    if (k == null) {
      return null;
    }
    int slash = k.indexOf('/');
    return Long.parseLong(k, slash + 1, k.length(), 10) == size ? k.substring(0, slash) : null;
  }

  /** Reports bytes and entries to this meter as they are consumed. */
  public EntryTracker meter(ProgressMeter meter) {
    this.meter = meter;
    return this;
  }

  /**
   * A name relative to the tree's root: no leading {@code ./}, no trailing {@code /}, the root is
   * {@code ""}. @throws HostileArchiveException for absolute names, {@code ..}, NUL, over-long names
   */
  public String normalize(String raw) {
    if (raw.indexOf('\0') >= 0) {
      throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " contains a NUL character; refusing the archive");
    }
    if (raw.getBytes(StandardCharsets.UTF_8).length > limits.maxNameBytes()) {
      throw new HostileArchiveException(raw, "archive entry name of " + raw.length() + " characters is longer than "
          + limits.maxNameBytes() + " bytes; refusing the archive");
    }
    if (raw.startsWith("/")) {
      throw new HostileArchiveException(raw, "archive entry " + quote(raw)
          + " has an absolute name, which would write outside the volume; refusing the archive");
    }
    StringBuilder b = new StringBuilder(raw.length());
    for (String seg : raw.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        throw new HostileArchiveException(raw, "archive entry " + quote(raw)
            + " contains \"..\", which would write outside the volume; refusing the archive");
      }
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(seg);
    }
    String name = b.toString();
    if (strip != null) {
      if (name.equals(strip)) {
        return "";
      }
      if (!name.startsWith(strip + "/")) {
        throw new CorruptArchiveException("archive entry " + quote(raw) + " is outside " + strip
            + "/; it is not a volumes4j backup");
      }
      return name.substring(strip.length() + 1);
    }
    return name;
  }

  /**
   * Checks an entry before anything of it is written. @return its normalized name
   * @throws HostileArchiveException if it must not be written
   */
  public String check(TarArchiveEntry e) {
    String raw = e.getName();
    String name = normalize(raw);
    if (++entries > limits.maxEntries()) {
      throw new HostileArchiveException(raw, "archive has more than " + limits.maxEntries()
          + " entries; refusing it (raise ArchiveLimits.maxEntries if it is genuine)");
    }
    // Nothing may be written through a symbolic link that the archive itself created.
    int slash = name.indexOf('/');
    while (slash > 0) {
      Rec parent = recs.get(name.substring(0, slash));
      if (parent != null && parent.type == 'l') {
        throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " goes through the symbolic link "
            + quote(name.substring(0, slash)) + " of the same archive; refusing the archive");
      }
      slash = name.indexOf('/', slash + 1);
    }
    if (e.isSymbolicLink()) {
      checkSymlink(raw, name, e.getLinkName());
    } else if (e.isLink()) {
      String target = normalize(e.getLinkName());
      Rec t = recs.get(target);
      if (t == null || (t.type != 'f' && t.type != 'h')) {
        throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " is a hard link to " + quote(e.getLinkName())
            + ", which is not a regular file earlier in the archive; refusing the archive");
      }
    } else if (e.isCharacterDevice() || e.isBlockDevice()) {
      if (!limits.allowDevices()) {
        throw new HostileArchiveException(raw, "archive entry " + quote(raw)
            + " is a device node; refusing the archive (allow with ArchiveLimits.allowDevices)");
      }
    } else if (e.isFIFO()) {
      if (!limits.allowFifos()) {
        throw new HostileArchiveException(raw, "archive entry " + quote(raw)
            + " is a fifo; refusing the archive (allow with ArchiveLimits.allowFifos)");
      }
    } else if (!e.isDirectory() && !isRegular(e)) {
      throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " has tar type '" + (char) typeFlag(e)
          + "', which volumes4j does not write; refusing the archive");
    }
    long size = e.getSize();
    if (size < 0 || size > limits.maxEntryBytes()) {
      throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " claims " + size + " bytes, more than the "
          + limits.maxEntryBytes() + " allowed; refusing the archive (raise ArchiveLimits.maxEntryBytes if it is genuine)");
    }
    if (totalBytes + size > limits.maxTotalBytes()) {
      throw new HostileArchiveException(raw, "archive content exceeds " + limits.maxTotalBytes()
          + " bytes; refusing the archive (raise ArchiveLimits.maxTotalBytes if it is genuine)");
    }
    return name;
  }

  private void checkSymlink(String raw, String name, String target) {
    if (target.isEmpty() || target.indexOf('\0') >= 0) {
      throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " is a symbolic link with an empty or NUL target; refusing the archive");
    }
    if (target.startsWith("/")) {
      if (!limits.allowAbsoluteSymlinks()) {
        throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " is a symbolic link to the absolute path "
            + quote(target) + ", outside the volume; refusing the archive (allow with ArchiveLimits.allowAbsoluteSymlinks)");
      }
      return;
    }
    Deque<String> path = new ArrayDeque<>();
    String[] own = name.split("/");
    for (int i = 0; i < own.length - 1; i++) {
      path.addLast(own[i]);
    }
    for (String seg : target.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (path.isEmpty()) {
          throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " is a symbolic link to " + quote(target)
              + ", which points outside the volume; refusing the archive");
        }
        path.removeLast();
      } else {
        path.addLast(seg);
      }
    }
  }

  static boolean isRegular(TarArchiveEntry e) {
    byte t = typeFlag(e);
    return t == '0' || t == 0 || t == '7';
  }

  static byte typeFlag(TarArchiveEntry e) {
    if (e.isDirectory()) {
      return '5';
    }
    if (e.isSymbolicLink()) {
      return '2';
    }
    if (e.isLink()) {
      return '1';
    }
    if (e.isCharacterDevice()) {
      return '3';
    }
    if (e.isBlockDevice()) {
      return '4';
    }
    if (e.isFIFO()) {
      return '6';
    }
    if (e.isGNUSparse() || e.isSparse()) {
      return 'S';
    }
    if (e.isFile()) {
      return '0';
    }
    return 'x';
  }

  /**
   * Reads the entry's content from {@code in} (which must be positioned at it), folds it into the
   * digest and copies it to {@code sink} when given. Call {@link #check} first.
   */
  public void accept(TarArchiveEntry e, String name, InputStream in, OutputStream sink) throws IOException {
    // The root's mtime is left out: a restore through the archive endpoint cannot set it (Docker 20.10
    // leaves the volume root at the time of the write), and every change below the root moves it.
    long mtime = name.isEmpty() ? 0 : Math.floorDiv(e.getModTime().getTime(), 1000L);
    String meta = "|" + (e.getMode() & 07777) + "|" + e.getLongUserId() + "|" + e.getLongGroupId() + "|" + mtime;
    if (e.isDirectory()) {
      dirs++;
      if (name.isEmpty()) {
        root = e;
      }
      put(name, 'd', "d" + meta);
    } else if (e.isSymbolicLink()) {
      links++;
      put(name, 'l', "l|" + e.getLongUserId() + "|" + e.getLongGroupId() + "|" + mtime + "|" + e.getLinkName());
    } else if (e.isLink()) {
      files++;
      String target = normalize(e.getLinkName());
      recs.put(name, new Rec('h', null, target));
      if (contents != null) {
        settle();
      }
      if (contents != null && contents.containsKey(target)) {
        contents.put(name, contents.get(target));
      }
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      others++;
      char t = (char) typeFlag(e);
      put(name, t, t + meta + "|" + e.getDevMajor() + "|" + e.getDevMinor());
    } else if (HashLane.USEFUL && e.getSize() > INLINE_HASH_BYTES) {
      files++;
      acceptOnLane(e, name, meta, in, sink);
    } else {
      files++;
      sha.reset();
      long size = e.getSize();
      long read = 0;
      int n;
      while (read < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - read))) > 0) {
        sha.update(buffer, 0, n);
        if (sink != null) {
          sink.write(buffer, 0, n);
        }
        read += n;
        totalBytes += n;
        meter.bytes(n);
      }
      requireComplete(e, read, size);
      String content = hex(sha.digest());
      if (contents != null) {
        contents.put(name, content + "/" + size);
      }
      put(name, 'f', "f" + meta + "|" + content);
    }
    meter.entry();
  }

  /**
   * A regular file whose content is hashed on the {@link HashLane} while this thread copies it on:
   * its record is in place at once (a later hard link may point at it) and gets its hash later.
   */
  private void acceptOnLane(TarArchiveEntry e, String name, String meta, InputStream in, OutputStream sink)
      throws IOException {
    if (lane == null) {
      lane = new HashLane();
    }
    Rec rec = new Rec('f', null, null);
    recs.put(name, rec);
    MessageDigest md = newSha();
    long size = e.getSize();
    long read = 0;
    while (read < size) {
      byte[] b = lane.take();
      int n = in.read(b, 0, (int) Math.min(b.length, size - read));
      if (n <= 0) {
        lane.give(b);
        break;
      }
      if (sink != null) {
        try {
          sink.write(b, 0, n);
        } catch (IOException | RuntimeException x) {
          lane.give(b);
          throw x;
        }
      }
      lane.update(md, b, n);
      read += n;
      totalBytes += n;
      meter.bytes(n);
    }
    requireComplete(e, read, size);
    String record = "f" + meta + "|";
    Map<String, String> keep = contents;
    lane.run(() -> {
      String content = hex(md.digest());
      rec.hash = md.digest((record + content).getBytes(StandardCharsets.UTF_8));
      if (keep != null) {
        keep.put(name, content + "/" + size);
      }
    });
  }

  private static void requireComplete(TarArchiveEntry e, long read, long size) {
    if (read != size) {
      throw new CorruptArchiveException("archive ends inside entry " + quote(e.getName()) + " after " + read + " of "
          + size + " bytes: it is truncated");
    }
  }

  private static MessageDigest newSha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  /**
   * Folds a regular file whose content digest is already known (computed from the very bytes
   * written to it, see {@link #recordContents()}) without reading it; its size counts as content.
   */
  public void acceptKnownContent(TarArchiveEntry e, String name, String contentSha256) {
    long mtime = name.isEmpty() ? 0 : Math.floorDiv(e.getModTime().getTime(), 1000L);
    String meta = "|" + (e.getMode() & 07777) + "|" + e.getLongUserId() + "|" + e.getLongGroupId() + "|" + mtime;
    files++;
    totalBytes += e.getSize();
    put(name, 'f', "f" + meta + "|" + contentSha256);
    meter.entry();
  }

  private void put(String name, char type, String record) {
    sha.reset();
    recs.put(name, new Rec(type, sha.digest(record.getBytes(StandardCharsets.UTF_8)), null));
  }

  /** Waits for the content still being hashed on the lane. */
  private void settle() {
    if (lane != null) {
      lane.await();
    }
  }

  /** The root directory's entry, when one was accepted. */
  public java.util.Optional<TarArchiveEntry> root() {
    return java.util.Optional.ofNullable(root);
  }

  /** Entries checked so far. */
  public long entries() {
    return entries;
  }

  /** Content bytes consumed so far. */
  public long bytes() {
    return totalBytes;
  }

  /** The digest of everything accepted so far. */
  public TreeDigest digest() {
    settle();
    // Hard-link groups: every name of a group gets the record of the file plus the group's least name.
    Map<String, String> root = new HashMap<>();
    Map<String, String> least = new HashMap<>();
    for (Map.Entry<String, Rec> en : recs.entrySet()) {
      if (en.getValue().type != 'h') {
        continue;
      }
      String r = resolve(en.getKey());
      if (r == null) {
        continue;
      }
      root.put(en.getKey(), r);
      least.merge(r, en.getKey(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }
    for (Map.Entry<String, String> en : least.entrySet()) {
      if (en.getKey().compareTo(en.getValue()) < 0) {
        en.setValue(en.getKey());
      }
    }
    TreeMap<String, byte[]> sorted = new TreeMap<>();
    for (Map.Entry<String, Rec> en : recs.entrySet()) {
      String name = en.getKey();
      Rec rec = en.getValue();
      String r = rec.type == 'h' ? root.get(name) : name;
      if (r == null) {
        continue;
      }
      byte[] h = recs.get(r).hash;
      String group = least.get(r);
      if (group != null) {
        sha.reset();
        sha.update(h);
        h = sha.digest(("|hardlink|" + group).getBytes(StandardCharsets.UTF_8));
      }
      sorted.put(name, h);
    }
    sha.reset();
    for (Map.Entry<String, byte[]> en : sorted.entrySet()) {
      sha.update(en.getKey().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(en.getValue());
    }
    return TreeDigest.builder().sha256(hex(sha.digest())).files(files).directories(dirs).symlinks(links)
        .others(others).bytes(totalBytes).build();
  }

  private String resolve(String name) {
    String cur = name;
    for (int i = 0; i < 64; i++) {
      Rec r = recs.get(cur);
      if (r == null) {
        return null;
      }
      if (r.type != 'h') {
        return r.type == 'f' ? cur : null;
      }
      cur = r.hardLinkTo;
    }
    return null;
  }

  static String hex(byte[] bytes) {
    StringBuilder b = new StringBuilder(bytes.length * 2);
    for (byte x : bytes) {
      b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return b.toString();
  }

  static String quote(String s) {
    return "\"" + s + "\"";
  }
}
