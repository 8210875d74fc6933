package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.CorruptArchiveException;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.HostileArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Checks each tar entry against the {@link ArchiveLimits} and the volume boundary, and folds it into
 * an order-independent digest ({@link Totals}; the API value is {@code TreeDigest}, built by {@link Digests}).
 *
 * <p>Checks: names (no {@code ..}, not absolute, no NUL, at most {@code maxNameBytes} bytes, link
 * targets too), each name once, no entry below a symbolic link or a non-directory of the same
 * archive, hard links only to earlier regular files, only the entry types the daemon extracts,
 * sizes; at the end ({@link #finish()}), every relative symbolic link resolved through the
 * archive's other links must stay inside the tree (so {@code y -> .} with {@code x -> y/..} is
 * refused), unless {@link ArchiveLimits#allowEscapingSymlinks()}.
 *
 * <p>Memory: about 14 bytes per name and 32 per regular file ({@link NameIndex}), plus the text of
 * symbolic links (when escapes are checked) and hard links; no name is kept otherwise. A tree that
 * would need more than a sixth of the JVM's heap is refused with a typed error before it runs out.
 *
 * <p>The digest is the SHA-256 of the sum modulo 2^256 of one SHA-256 per entry (its name's bytes and
 * its record: type, permission bits, owners, mtime in seconds, link target or content digest), so it
 * needs no sorting; the members of a hard-link group also carry the group's least name. It detects
 * damage and differences, not a forger: anyone who can change an archive can recompute it.
 */
public final class EntryTracker {

  /** What a volume's own tree may hold: everything (it is read, never extracted into a volume). */
  public static final ArchiveLimits FROM_VOLUME = ArchiveLimits.defaults().withAllowDevices(true).withAllowFifos(true)
      .withAllowAbsoluteSymlinks(true).withAllowEscapingSymlinks(true).withMaxEntryBytes(Long.MAX_VALUE)
      .withMaxTotalBytes(Long.MAX_VALUE).withMaxEntries(Long.MAX_VALUE);

  private static final int BUFFER = 256 * 1024;
  /** Files larger than this are hashed on the lane; smaller ones cost less to hash than to hand over. */
  private static final long INLINE_HASH_BYTES = 64 * 1024;
  /** How much heap one tracker may take. */
  private static final long BUDGET = Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 6);

  private final ArchiveLimits limits;
  private final NameIndex index = new NameIndex();
  private final MessageDigest sha = TreeSum.newSha();
  private final TreeSum sum = new TreeSum();
  private byte[] buffer;
  /** Made at the first large file (most trackers never see one); stays null on one core. */
  private HashLane lane;
  private final ConcurrentLinkedQueue<long[]> laneDone = new ConcurrentLinkedQueue<>();
  private ProgressMeter meter = ProgressMeter.NONE;
  private String strip;
  private TarArchiveEntry root;
  /** The archive's symbolic links, when escapes are checked at the end. */
  private final LinkResolver linkResolver;
  /** Hard links: name to (normalized) target. */
  private final Map<String, String> hardLinks = new HashMap<>();
  private long extraBytes;
  private boolean finished;
  private String lastName;
  private long lastKey;
  private long entries;
  private long totalBytes;
  private long files;
  private long dirs;
  private long links;
  private long others;

  public EntryTracker(ArchiveLimits limits) {
    this.limits = limits;
    this.linkResolver = limits.allowEscapingSymlinks() ? null : new LinkResolver(index, limits.allowAbsoluteSymlinks());
  }

  /**
   * Names (and hard-link targets) are taken relative to {@code dir} ({@code "data"} in a backup);
   * an entry outside it is a {@link CorruptArchiveException}.
   */
  public EntryTracker within(String dir) {
    this.strip = dir;
    return this;
  }

  /** Keeps the SHA-256 and size of each regular file's content, for {@link #knownContent}: 40 bytes more per file. */
  public EntryTracker recordContents() {
    index.keepContents();
    return this;
  }

  /**
   * The SHA-256 of the content written under {@code name} (a hard link: its target's), kept since
   * {@link #recordContents()}, when it had {@code size} bytes; {@code null} otherwise.
   */
  public String knownContent(String name, long size) {
    settle();
    if (index.contents == null) {
      return null;
    }
    int slot = index.slot(index.keyOf(name));
    if (slot < 0 || index.sizes[slot] != size || index.sizes[slot] < 0) {
      return null;
    }
    return hex(TreeSum.unpack(index.contents, slot * 4), 0);
  }

  /** Told the SHA-256 of each regular file's content read by {@link #accept}, once it is known. */
  @FunctionalInterface
  public interface ContentListener {
    /** Called at once, or later on the hash lane's thread (then before {@link #totals()} returns). */
    void content(String name, byte[] sha256);
  }

  private ContentListener contentListener;
  private boolean sharing;
  private SharedContent share;
  private volatile RuntimeException laneFailure;

  /** Tells {@code listener} each file's content digest (so that it need not hash the content again). */
  public EntryTracker onContent(ContentListener listener) {
    this.contentListener = listener;
    return this;
  }

  /**
   * Lets the sink get the SHA-256 of a large file's first chunk from the hashing of its content ({@link
   * #lastShare()}): those bytes are hashed once, by the lane or by the sink, whichever comes first (where this
   * JVM's SHA-256 can be cloned mid-stream: {@link SharedContent#POSSIBLE}).
   */
  public EntryTracker shareContent() {
    this.sharing = true;
    return this;
  }

  /**
   * The shared hashing of the regular file being accepted or accepted last, when it is hashed on the lane and
   * {@link #shareContent()} is on; else null (its digest is known when {@link #accept} returns, and told to the
   * {@link ContentListener}).
   */
  public SharedContent lastShare() {
    return share;
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
    String name = TarNames.normalize(raw, limits.maxNameBytes());
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
   * Checks an entry before anything of it is written, and records its name. @return its normalized name
   * @throws HostileArchiveException if it must not be written
   */
  public String check(TarArchiveEntry e) {
    String raw = e.getName();
    String name = normalize(raw);
    if (++entries > limits.maxEntries()) {
      throw new HostileArchiveException(raw, "archive has more than " + limits.maxEntries()
          + " entries; refusing it (raise ArchiveLimits.maxEntries if it is genuine)");
    }
    byte type = EntryTypes.typeFlag(e);
    if (type == 'x') {
      throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " has tar type "
          + EntryTypes.describeFlag(e.getLinkFlag()) + ", which the Docker daemon does not extract; refusing the archive");
    }
    // Nothing may be written below a symbolic link or a non-directory of the same archive.
    NameIndex.Key k = index.root();
    int start = 0;
    int slash;
    while ((slash = name.indexOf('/', start)) >= 0) {
      index.append(k, name, start, slash, start > 0);
      byte t = index.type(k.value());
      if (t != 0 && t != '5') {
        String parent = name.substring(0, slash);
        throw new HostileArchiveException(raw, "archive entry " + quote(raw) + (t == '2'
            ? " goes through the symbolic link " + quote(parent) + " of the same archive"
            : " is below " + quote(parent) + ", which the same archive made a " + EntryTypes.kind(t)) + "; refusing the archive");
      }
      start = slash + 1;
    }
    long key = index.append(k, name, start, name.length(), start > 0).value();
    if (!index.add(key, type)) {
      throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " names "
          + (name.isEmpty() ? "the root" : quote(name)) + " a second time; an archive whose result depends on the order "
          + "of its entries is refused");
    }
    lastName = name;
    lastKey = key;
    if (type == '2') {
      checkSymlink(raw, name, key, e.getLinkName());
    } else if (type == '1') {
      String target = normalize(e.getLinkName());
      byte t = index.type(index.keyOf(target));
      if (t != '0' && t != '1') {
        throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " is a hard link to " + quote(e.getLinkName())
            + ", which is not a regular file earlier in the archive; refusing the archive");
      }
    } else if (type == '3' || type == '4') {
      if (!limits.allowDevices()) {
        throw new HostileArchiveException(raw, "archive entry " + quote(raw)
            + " is a device node; refusing the archive (allow with ArchiveLimits.allowDevices)");
      }
    } else if (type == '6') {
      if (!limits.allowFifos()) {
        throw new HostileArchiveException(raw, "archive entry " + quote(raw)
            + " is a fifo; refusing the archive (allow with ArchiveLimits.allowFifos)");
      }
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
    checkBudget(raw);
    return name;
  }

  private void checkBudget(String raw) {
    if ((entries & 1023) != 0) {
      return;
    }
    long used = index.bytes() + extraBytes;
    if (used > BUDGET) {
      String what = "the tree has more than " + entries + " entries: checking it needs more than " + (BUDGET >> 20)
          + " MiB, a sixth of this JVM's heap (-Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m)";
      if (limits.allowEscapingSymlinks() && limits.maxEntries() == Long.MAX_VALUE) {
        throw new DataMovementException(what + "; run with a larger -Xmx", null);
      }
      throw new HostileArchiveException(raw, what + "; refusing the archive (run with a larger -Xmx if it is genuine)");
    }
  }


  private void checkSymlink(String raw, String name, long key, String target) {
    if (target.isEmpty() || target.indexOf('\0') >= 0) {
      throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " is a symbolic link with an empty or NUL target; refusing the archive");
    }
    int bytes = TarNames.byteLength(target);
    if (bytes > limits.maxNameBytes()) {
      throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " is a symbolic link whose target has " + bytes
          + " bytes, more than " + limits.maxNameBytes() + "; refusing the archive (raise ArchiveLimits.maxNameBytes if it is genuine)");
    }
    if (target.startsWith("/")) {
      if (!limits.allowAbsoluteSymlinks()) {
        throw new HostileArchiveException(raw, "archive entry " + quote(raw) + " is a symbolic link to the absolute path "
            + quote(target) + ", outside the volume; refusing the archive (allow with ArchiveLimits.allowAbsoluteSymlinks)");
      }
      if (linkResolver != null) {
        remember(key, name, target);
      }
      return;
    }
    if (linkResolver == null) {
      return;
    }
    // The lexical check refuses the plain cases at once; finish() resolves through the archive's other links.
    int depth = 0;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '/') {
        depth++;
      }
    }
    for (String seg : target.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (depth == 0) {
          throw LinkResolver.escaping(raw, target, null);
        }
        depth--;
      } else {
        depth++;
      }
    }
    remember(key, name, target);
  }

  private void remember(long key, String name, String target) {
    linkResolver.remember(key, name, target);
    extraBytes += 2L * (name.length() + target.length()) + 160;
  }

  /**
   * The checks that need the whole archive: every relative symbolic link, resolved through the
   * archive's other links as the kernel would, must stay inside the tree. Called by {@link #digest()}.
   */
  public void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (linkResolver != null) {
      linkResolver.resolveAll();
    }
  }




  /**
   * Reads the entry's content from {@code in} (which must be positioned at it), folds it into the
   * digest and copies it to {@code sink} when given. Call {@link #check} first.
   */
  public void accept(TarArchiveEntry e, String name, InputStream in, OutputStream sink) throws IOException {
    share = null;
    long key = key(name);
    // The root's mtime is left out: a restore through the archive endpoint cannot set it (Docker 20.10
    // leaves the volume root at the time of the write), and every change below the root moves it.
    long mtime = name.isEmpty() ? 0 : Math.floorDiv(e.getModTime().getTime(), 1000L);
    String meta = "|" + (e.getMode() & 07777) + "|" + e.getLongUserId() + "|" + e.getLongGroupId() + "|" + mtime;
    byte type = EntryTypes.typeFlag(e);
    switch (type) {
      case '5':
        dirs++;
        if (name.isEmpty()) {
          root = e;
        }
        add(name, record("d" + meta));
        break;
      case '2':
        links++;
        add(name, record("l|" + e.getLongUserId() + "|" + e.getLongGroupId() + "|" + mtime + "|" + e.getLinkName()));
        break;
      case '1': {
        files++;
        String target = normalize(e.getLinkName());
        hardLinks.put(name, target);
        extraBytes += 2L * (name.length() + target.length()) + 120;
        index.share(key, index.slot(index.keyOf(target)));
        break;
      }
      case '3':
      case '4':
      case '6':
        others++;
        add(name, record((char) type + meta + "|" + e.getDevMajor() + "|" + e.getDevMinor()));
        break;
      case '0':
        files++;
        if (HashLane.USEFUL && e.getSize() > INLINE_HASH_BYTES) {
          acceptOnLane(e, name, key, meta, in, sink);
        } else {
          acceptInline(e, name, key, meta, in, sink);
        }
        break;
      default:
        throw new HostileArchiveException(e.getName(), "archive entry " + quote(e.getName()) + " has tar type "
            + EntryTypes.describeFlag(e.getLinkFlag()) + ", which the Docker daemon does not extract; refusing the archive");
    }
    meter.entry();
  }

  private long key(String name) {
    return name.equals(lastName) ? lastKey : index.keyOf(name);
  }

  private void acceptInline(TarArchiveEntry e, String name, long key, String meta, InputStream in, OutputStream sink)
      throws IOException {
    if (buffer == null) {
      buffer = new byte[BUFFER];
    }
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
    byte[] content = sha.digest();
    if (contentListener != null) {
      contentListener.content(name, content);
    }
    fileDone(name, key, index.newFile(key), record("f" + meta + "|" + hex(content, 0)), content, size);
  }

  /**
   * A regular file whose content is hashed on the {@link HashLane} while this thread copies it on:
   * its slot is in place at once (a later hard link may point at it) and gets its hashes later.
   */
  private void acceptOnLane(TarArchiveEntry e, String name, long key, String meta, InputStream in, OutputStream sink)
      throws IOException {
    if (lane == null) {
      lane = new HashLane();
    }
    int slot = index.newFile(key);
    MessageDigest md = TreeSum.newSha();
    long size = e.getSize();
    SharedContent shared = sharing && SharedContent.POSSIBLE ? new SharedContent(md, size) : null;
    share = shared;
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
      // after the sink: a first cut the sink marked in these bytes is known to the lane when it hashes them
      lane.update(md, b, n, shared);
      read += n;
      totalBytes += n;
      meter.bytes(n);
    }
    requireComplete(e, read, size);
    String record = "f" + meta + "|";
    ContentListener listener = contentListener;
    lane.run(() -> {
      byte[] content;
      try {
        content = shared == null ? md.digest() : shared.laneDigest();
      } catch (RuntimeException x) {
        laneFailure = x; // the file's contribution is missing: totals() must not pass for whole
        return;
      }
      if (listener != null) {
        listener.content(name, content);
      }
      byte[] rec = md.digest((record + hex(content, 0)).getBytes(StandardCharsets.UTF_8));
      byte[] contribution = TreeSum.contribution(md, name, rec);
      long[] done = new long[14];
      done[0] = slot;
      done[1] = size;
      TreeSum.pack(rec, done, 2);
      TreeSum.pack(content, done, 6);
      TreeSum.pack(contribution, done, 10);
      laneDone.add(done);
    });
  }

  private void fileDone(String name, long key, int slot, byte[] rec, byte[] content, long size) {
    TreeSum.pack(rec, index.records, slot * 4);
    if (index.contents != null) {
      TreeSum.pack(content, index.contents, slot * 4);
      index.sizes[slot] = size;
    }
    sum.add(TreeSum.contribution(sha, name, rec));
  }

  private static void requireComplete(TarArchiveEntry e, long read, long size) {
    if (read != size) {
      throw new CorruptArchiveException("archive ends inside entry " + quote(e.getName()) + " after " + read + " of "
          + size + " bytes: it is truncated");
    }
  }

  /**
   * Folds a regular file whose content digest is already known (computed from the very bytes
   * written to it, see {@link #recordContents()}) without reading it; its size counts as content.
   */
  public void acceptKnownContent(TarArchiveEntry e, String name, String contentSha256) {
    long key = key(name);
    long mtime = name.isEmpty() ? 0 : Math.floorDiv(e.getModTime().getTime(), 1000L);
    String meta = "|" + (e.getMode() & 07777) + "|" + e.getLongUserId() + "|" + e.getLongGroupId() + "|" + mtime;
    files++;
    totalBytes += e.getSize();
    fileDone(name, key, index.newFile(key), record("f" + meta + "|" + contentSha256), unhex(contentSha256), e.getSize());
    meter.entry();
  }

  private byte[] record(String record) {
    sha.reset();
    return sha.digest(record.getBytes(StandardCharsets.UTF_8));
  }

  /** An entry other than a regular file: its contribution at once. */
  private void add(String name, byte[] rec) {
    sum.add(TreeSum.contribution(sha, name, rec));
  }

  /** Takes in what the lane has hashed so far, after waiting for it. */
  private void settle() {
    if (lane != null) {
      lane.await();
    }
    if (laneFailure != null) {
      throw laneFailure;
    }
    long[] d;
    while ((d = laneDone.poll()) != null) {
      int slot = (int) d[0];
      System.arraycopy(d, 2, index.records, slot * 4, 4);
      if (index.contents != null) {
        System.arraycopy(d, 6, index.contents, slot * 4, 4);
        index.sizes[slot] = d[1];
      }
      sum.add(TreeSum.unpack(d, 10));
    }
  }

  /** The root directory's entry, when one was accepted. */
  public Optional<TarArchiveEntry> root() {
    return Optional.ofNullable(root);
  }

  /** Entries checked so far. */
  public long entries() {
    return entries;
  }

  /** Content bytes consumed so far. */
  public long bytes() {
    return totalBytes;
  }

  /** What a tree digest holds: the additive SHA-256 sum and the counts. */
  public record Totals(String sha256, long files, long directories, long symlinks, long others, long bytes) {}

  /** The sum and counts of everything accepted so far, after {@link #finish()}'s checks. */
  public Totals totals() {
    settle();
    finish();
    String sha = sum.digest(hardLinks, file -> {
      int slot = index.slot(index.keyOf(file));
      return index.type(index.keyOf(file)) == '0' && slot >= 0 ? TreeSum.unpack(index.records, slot * 4) : null;
    });
    return new Totals(sha, files, dirs, links, others, totalBytes);
  }

  static String hex(byte[] bytes, int off) {
    StringBuilder b = new StringBuilder(64);
    for (int i = off; i < off + 32; i++) {
      byte x = bytes[i];
      b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return b.toString();
  }

  private static byte[] unhex(String s) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) Integer.parseInt(s, i * 2, i * 2 + 2, 16);
    }
    return b;
  }

  static String quote(String s) {
    return "\"" + TarNames.printable(s) + "\"";
  }
}
