package io.github.volumes4j.testkit.contract;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A generator of hostile and damaged archives, written byte by byte (no tar library decides what
 * they hold): path traversal, absolute names, links that lead out (directly, through other links,
 * chained), hard links out or to nothing, entries below links and files, devices and fifos, names
 * given twice, absurd and negative sizes, broken checksums, truncations at every kind of place,
 * entry types the daemon does not extract, malformed PAX and GNU headers, over-long names and link
 * targets, gzip garbage; each as a plain tar and wrapped in a volumes4j backup.
 *
 * <pre>{@code
 * for (HostileArchives.Archive a : HostileArchives.all("/tmp/canary", "restored")) {
 *   assertThatThrownBy(() -> volumes.copyInto("v").tar(new ByteArrayInputStream(a.tar())))
 *       .isInstanceOf(VolumesException.class);
 * }
 * }</pre>
 */
public final class HostileArchives {

  private HostileArchives() {}

  /** One archive: what it tries, the plain tar, the same entries inside a volumes4j backup. */
  public record Archive(String what, byte[] tar, byte[] backup) {
    @Override
    public String toString() {
      return what;
    }
  }

  /** Raw tar entries, written with exact bytes. */
  static final class Raw {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final String prefix;

    Raw(String prefix) {
      this.prefix = prefix;
    }

    Raw entry(String name, char type, byte[] content, String link, int mode) {
      return entry(bytes(prefix + name), type, content, link == null ? new byte[0] : bytes(link), mode, content.length, false);
    }

    Raw file(String name, String content) {
      return entry(name, '0', bytes(content), null, 0644);
    }

    Raw dir(String name) {
      return entry(name, '5', new byte[0], null, 0755);
    }

    Raw symlink(String name, String target) {
      return entry(name, '2', new byte[0], target, 0777);
    }

    Raw hardlink(String name, String target) {
      return entry(name, '1', new byte[0], prefix + target, 0644);
    }

    /** A header with exact fields; {@code badChecksum} breaks it. */
    Raw entry(byte[] name, char type, byte[] content, byte[] link, int mode, long claimedSize, boolean badChecksum) {
      byte[] h = new byte[512];
      System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
      octal(h, 100, 8, mode);
      octal(h, 108, 8, 0);
      octal(h, 116, 8, 0);
      octal(h, 124, 12, claimedSize);
      octal(h, 136, 12, 1_650_000_000L);
      h[156] = (byte) type;
      System.arraycopy(link, 0, h, 157, Math.min(100, link.length));
      System.arraycopy(bytes("ustar\0"), 0, h, 257, 6);
      h[263] = '0';
      h[264] = '0';
      checksum(h, badChecksum);
      out.writeBytes(h);
      out.writeBytes(content);
      int pad = (512 - content.length % 512) % 512;
      out.writeBytes(new byte[pad]);
      return this;
    }

    /** A PAX extended header with these records (already formatted). */
    Raw pax(byte[] records) {
      return entry(bytes("PaxHeaders/x"), 'x', records, new byte[0], 0644, records.length, false);
    }

    /** A GNU long name entry. */
    Raw longName(byte[] name) {
      byte[] c = new byte[name.length + 1];
      System.arraycopy(name, 0, c, 0, name.length);
      return entry(bytes("././@LongLink"), 'L', c, new byte[0], 0644, c.length, false);
    }

    Raw raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    byte[] end() {
      out.writeBytes(new byte[1024]);
      return out.toByteArray();
    }

    byte[] unfinished() {
      return out.toByteArray();
    }

    static void octal(byte[] h, int off, int len, long v) {
      String s = Long.toOctalString(v);
      String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
      byte[] b = bytes(padded);
      System.arraycopy(b, 0, h, off, Math.min(len - 1, b.length));
    }

    static void checksum(byte[] h, boolean bad) {
      for (int i = 148; i < 156; i++) {
        h[i] = ' ';
      }
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      if (bad) {
        sum += 7;
      }
      String s = Long.toOctalString(sum);
      byte[] b = bytes("0".repeat(6 - s.length()) + s);
      System.arraycopy(b, 0, h, 148, 6);
      h[154] = 0;
      h[155] = ' ';
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] pax(String key, byte[] value) {
    byte[] k = bytes(" " + key + "=");
    int body = k.length + value.length + 1;
    int len = body + String.valueOf(body).length();
    if (String.valueOf(len).length() != String.valueOf(body).length()) {
      len++;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(bytes(String.valueOf(len)));
    b.writeBytes(k);
    b.writeBytes(value);
    b.write('\n');
    return b.toByteArray();
  }

  @FunctionalInterface
  interface Body {
    void write(Raw t);
  }

  /** The volume name the backups' manifests give. */
  private static String volumeName = "hostile";

  /** A case: entries written once as a plain tar (root ".") and once under a backup's {@code data/}. */
  private static void add(List<Archive> out, String what, Body body) {
    Raw plain = new Raw("");
    body.write(plain);
    Raw backup = new Raw("data/");
    manifest(backup);
    backup.dir("");
    body.write(backup);
    trailer(backup);
    out.add(new Archive(what, plain.end(), backup.end()));
  }

  /** A case whose bytes are given as they are, plain and as the tail of a backup. */
  private static void addRaw(List<Archive> out, String what, byte[] plainTar, byte[] backupTail) {
    Raw backup = new Raw("");
    manifest(backup);
    backup.raw(backupTail);
    out.add(new Archive(what, plainTar, backup.unfinished()));
  }

  static void manifest(Raw t) {
    String json = "{\"format\": 2, \"volume\": \"" + volumeName + "\", \"driver\": \"local\", \"driverOptions\": {}, "
        + "\"maskedOptions\": {}, \"labels\": {}, \"backedUpAt\": \"2026-12-04T00:00:00Z\", \"engine\": \"x\"}\n";
    t.entry(bytes(".volumes4j/manifest.json"), '0', bytes(json), new byte[0], 0644, json.length(), false);
  }

  static void trailer(Raw t) {
    String json = "{\"sha256\": \"" + "0".repeat(64) + "\", \"files\": 1, \"directories\": 1, \"symlinks\": 0, "
        + "\"others\": 0, \"bytes\": 1, \"manifestSha256\": \"" + "0".repeat(64) + "\"}\n";
    t.entry(bytes(".volumes4j/content.json"), '0', bytes(json), new byte[0], 0644, json.length(), false);
  }

  /**
   * Every hostile or damaged archive; {@code canary} is a host directory (holding {@code canary.txt})
   * the archives aim at with absolute links, hard links and names; the backups' manifests name the
   * volume {@code manifestVolumeName}.
   */
  public static synchronized List<Archive> all(String canary, String manifestVolumeName) {
    volumeName = manifestVolumeName;
    List<Archive> out = new ArrayList<>();
    String c = canary.endsWith("/") ? canary.substring(0, canary.length() - 1) : canary;
    // ---- names that leave the volume, on every entry type
    String[] outside = {"../evil", "../../evil", "a/../../evil", "./../evil", "a/b/../../../evil", "/evil",
        c + "/evil", "//evil", "/" + c + "/../evil", "..", "a/..", "a/../.."};
    for (String n : outside) {
      add(out, "file named " + n, t -> t.file(n, "x"));
      add(out, "directory named " + n, t -> t.dir(n));
      add(out, "symbolic link named " + n, t -> t.symlink(n, "x"));
    }
    // ---- links that lead out
    String[] targets = {"/", "/etc", "/etc/shadow", c, c + "/canary.txt", "..", "../..", "../../../../../../" + c,
        "a/../..", "./../x", "sub/../../x", "../" + c.substring(1)};
    for (String target : targets) {
      add(out, "symbolic link to " + target, t -> t.symlink("l", target));
      add(out, "nested symbolic link to " + target, t -> t.dir("d").dir("d/e").symlink("d/e/l", target + "/../../../../../.."));
    }
    // ---- links that lead out through other links of the same archive
    add(out, "y -> . then x -> y/..", t -> t.symlink("y", ".").symlink("x", "y/.."));
    add(out, "x -> y/.. then y -> .", t -> t.symlink("x", "y/..").symlink("y", "."));
    add(out, "a -> b, b -> ..", t -> t.symlink("a", "b").symlink("b", ".."));
    add(out, "d/l -> ../m, m -> ..", t -> t.dir("d").symlink("d/l", "../m").symlink("m", ".."));
    add(out, "chain of ten . links then ..", t -> {
      t.symlink("s0", ".");
      for (int i = 1; i < 10; i++) {
        t.symlink("s" + i, "s" + (i - 1));
      }
      t.symlink("x", "s9/s9/s9/..");
    });
    add(out, "link to a link to an absolute path", t -> t.symlink("a", "b").symlink("b", c));
    add(out, "link loop", t -> t.symlink("a", "b").symlink("b", "a"));
    add(out, "deep link back out", t -> t.dir("p").dir("p/q").symlink("p/q/r", "../../..").symlink("z", "p/q/r"));
    // ---- writing through links and non-directories
    add(out, "file through a symbolic link to .", t -> t.symlink("l", ".").file("l/x", "x"));
    add(out, "file through a symbolic link out", t -> t.symlink("l", c).file("l/canary.txt", "pwned"));
    add(out, "directory through a symbolic link", t -> t.symlink("l", "/tmp").dir("l/d"));
    add(out, "link through a symbolic link", t -> t.symlink("l", "/etc").symlink("l/x", "y"));
    add(out, "hard link through a symbolic link", t -> t.file("f", "x").symlink("l", "/tmp").hardlink("l/h", "f"));
    add(out, "file below a file", t -> t.file("a", "x").file("a/b", "y"));
    add(out, "directory below a file", t -> t.file("a", "x").dir("a/b"));
    add(out, "file below a hard link", t -> t.file("a", "x").hardlink("h", "a").file("h/b", "y"));
    // ---- hard links out, to nothing, to non-files
    for (String target : new String[] {"../../etc/passwd", "/etc/passwd", c + "/canary.txt", "missing", "..", ""}) {
      add(out, "hard link to " + target, t -> t.hardlink("h", target));
    }
    add(out, "hard link to a symbolic link", t -> t.symlink("s", "x").hardlink("h", "s"));
    add(out, "hard link to a directory", t -> t.dir("d").hardlink("h", "d"));
    add(out, "hard link to a later file", t -> t.hardlink("h", "f").file("f", "x"));
    // ---- devices and fifos
    add(out, "character device", t -> t.entry("null", '3', new byte[0], null, 0666));
    add(out, "block device", t -> t.entry("sda", '4', new byte[0], null, 0660));
    add(out, "fifo", t -> t.entry("pipe", '6', new byte[0], null, 0644));
    // ---- names given twice
    add(out, "file then directory of the same name", t -> t.file("a", "x").dir("a").file("a/b", "y"));
    add(out, "directory then file of the same name", t -> t.dir("a").file("a", "x"));
    add(out, "file twice", t -> t.file("a", "x").file("a", "y"));
    add(out, "symbolic link then file of the same name", t -> t.symlink("a", "/etc/passwd").file("a", "x"));
    add(out, "file then symbolic link of the same name", t -> t.file("a", "x").symlink("a", "/etc/passwd"));
    add(out, "same name spelled two ways", t -> t.file("a/b", "x").file("./a//b", "y"));
    // ---- entry types the daemon does not extract
    for (char type : new char[] {'7', 'S', 'V', 'M', 'A', 'Z', 'D', 'N', '8', '9'}) {
      add(out, "entry of type " + type, t -> t.entry("x", type, bytes("x"), null, 0644));
    }
    // ---- over-long names and targets
    add(out, "name of 5000 bytes", t -> t.pax(pax("path", bytes("n".repeat(5000)))).file("short", "x"));
    add(out, "link target of 5000 bytes", t -> t.pax(pax("linkpath", bytes("t".repeat(5000)))).symlink("l", "x"));
    add(out, "GNU long name of 70000 bytes", t -> t.longName(bytes("g/".repeat(35000))).file("short", "x"));
    add(out, "name with a NUL in PAX", t -> t.pax(pax("path", bytes("a\0b"))).file("short", "x"));
    add(out, "name with a NUL in PAX linkpath", t -> t.pax(pax("linkpath", bytes("a\0/etc"))).symlink("l", "x"));
    // ---- sizes
    addRaw(out, "claims 1 TiB", new Raw("").entry(bytes("huge"), '0', new byte[0], new byte[0], 0644, 1L << 40, false)
        .unfinished(), new Raw("").entry(bytes("data/huge"), '0', new byte[0], new byte[0], 0644, 1L << 40, false).unfinished());
    add(out, "PAX size negative", t -> t.pax(pax("size", bytes("-1"))).file("a", "x"));
    add(out, "PAX size not a number", t -> t.pax(pax("size", bytes("12x"))).file("a", "x"));
    add(out, "PAX size larger than the data", t -> t.pax(pax("size", bytes("99999999"))).file("a", "x"));
    add(out, "PAX sparse file", t -> t.pax(pax("GNU.sparse.major", bytes("1"))).file("a", "x"));
    add(out, "PAX mtime garbage", t -> t.pax(pax("mtime", bytes("yesterday"))).file("a", "x"));
    add(out, "PAX uid negative", t -> t.pax(pax("uid", bytes("-5"))).file("a", "x"));
    // ---- malformed headers
    add(out, "bad checksum", t -> t.entry(bytes(t.prefix + "a"), '0', bytes("x"), new byte[0], 0644, 1, true));
    add(out, "PAX record length too long", t -> t.pax(bytes("999 path=x\n")).file("a", "x"));
    add(out, "PAX record without =", t -> t.pax(bytes("9 pathx\n\n")).file("a", "x"));
    add(out, "PAX record without newline", t -> t.pax(bytes("11 path=xyz")).file("a", "x"));
    add(out, "PAX record length zero", t -> t.pax(bytes("0 path=x\n")).file("a", "x"));
    add(out, "PAX header of 2 MiB", t -> t.pax(pax("comment", new byte[2 << 20])).file("a", "x"));
    add(out, "PAX header then end", t -> t.pax(pax("path", bytes("a"))));
    add(out, "GNU long name then end", t -> t.longName(bytes("abc")));
    addRaw(out, "zero block then a header", new Raw("").raw(new byte[512]).file("a", "x").end(),
        new Raw("").raw(new byte[512]).file("data/a", "x").end());
    addRaw(out, "a non-tar", bytes("this is not a tar at all".repeat(40)), bytes("garbage".repeat(200)));
    addRaw(out, "half a header", new byte[300], new byte[300]);
    addRaw(out, "gzip garbage", gzipThenGarbage(), gzipThenGarbage());
    addRaw(out, "random bytes", random(5000, 1), random(5000, 2));
    // ---- truncations
    byte[] good = new Raw("").dir("d").file("d/a", "x".repeat(3000)).file("b", "y").end();
    byte[] goodBackup = new Raw("").dir("data/d").file("data/d/a", "x".repeat(3000)).file("data/b", "y").end();
    for (int cut : new int[] {100, 511, 512, 700, 1024, 1536, 2000, 2560, good.length - 1024, good.length - 600}) {
      addRaw(out, "truncated at byte " + cut, java.util.Arrays.copyOf(good, Math.min(cut, good.length)),
          java.util.Arrays.copyOf(goodBackup, Math.min(cut, goodBackup.length)));
    }
    return out;
  }

  private static byte[] gzipThenGarbage() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(b)) {
      g.write(new Raw("").file("a", "x").end());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    byte[] x = b.toByteArray();
    x[x.length / 2] ^= 0x55;
    x[x.length / 2 + 1] ^= 0x33;
    return x;
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }
}
