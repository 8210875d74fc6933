package io.github.volumes4j.data.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The order-independent digest of a tree: the sum modulo 2^256 of one SHA-256 per entry (its name's
 * bytes, a NUL, its record's SHA-256), so entries can come in any order and nothing but the sum is
 * kept. The members of a hard-link group are folded in at the end with the group's least name.
 */
final class TreeSum {

  private final long[] sum = new long[4];

  /** Adds one entry's contribution. */
  void add(byte[] contribution) {
    addTo(sum, contribution, false);
  }

  /** The SHA-256 of an entry: its name's bytes, a NUL, its record's SHA-256. */
  static byte[] contribution(MessageDigest md, String name, byte[] rec) {
    md.reset();
    md.update(TarNames.encode(name));
    md.update((byte) 0);
    return md.digest(rec);
  }

  /**
   * The digest (64 hex digits), hard-link groups folded in: {@code hardLinks} maps each link's name to
   * its target's, {@code recordOf} gives a regular file's record (null for anything else).
   */
  String digest(Map<String, String> hardLinks, Function<String, byte[]> recordOf) {
    MessageDigest sha = newSha();
    long[] acc = sum.clone();
    if (!hardLinks.isEmpty()) {
      Map<String, List<String>> groups = new HashMap<>();
      for (String l : hardLinks.keySet()) {
        String r = rootFile(l, hardLinks, recordOf);
        if (r != null) {
          groups.computeIfAbsent(r, x -> new ArrayList<>()).add(l);
        }
      }
      for (Map.Entry<String, List<String>> g : groups.entrySet()) {
        String file = g.getKey();
        byte[] rec = recordOf.apply(file);
        String least = file;
        for (String l : g.getValue()) {
          least = l.compareTo(least) < 0 ? l : least;
        }
        sha.reset();
        sha.update(rec);
        byte[] grouped = sha.digest(("|hardlink|" + least).getBytes(StandardCharsets.UTF_8));
        addTo(acc, contribution(sha, file, rec), true);
        addTo(acc, contribution(sha, file, grouped), false);
        for (String l : g.getValue()) {
          addTo(acc, contribution(sha, l, grouped), false);
        }
      }
    }
    sha.reset();
    sha.update("volumes4j-tree-2".getBytes(StandardCharsets.US_ASCII));
    for (long x : acc) {
      for (int j = 7; j >= 0; j--) {
        sha.update((byte) (x >>> (8 * j)));
      }
    }
    return EntryTracker.hex(sha.digest(), 0);
  }

  /** The regular file a hard link ends at, or null. */
  private static String rootFile(String name, Map<String, String> hardLinks, Function<String, byte[]> recordOf) {
    String cur = name;
    for (int i = 0; i < 64; i++) {
      String next = hardLinks.get(cur);
      if (next == null) {
        return recordOf.apply(cur) != null ? cur : null;
      }
      cur = next;
    }
    return null;
  }

  private static void addTo(long[] acc, byte[] c, boolean subtract) {
    long carry = subtract ? 1 : 0;
    for (int i = 3; i >= 0; i--) {
      long x = 0;
      for (int j = 0; j < 8; j++) {
        x = (x << 8) | (c[i * 8 + j] & 0xff);
      }
      if (subtract) {
        x = ~x;
      }
      long s = acc[i] + x;
      long c1 = Long.compareUnsigned(s, acc[i]) < 0 ? 1 : 0;
      long s2 = s + carry;
      long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
      acc[i] = s2;
      carry = c1 + c2;
    }
  }

  static void pack(byte[] b, long[] into, int off) {
    for (int i = 0; i < 4; i++) {
      long x = 0;
      for (int j = 0; j < 8; j++) {
        x = (x << 8) | (b[i * 8 + j] & 0xff);
      }
      into[off + i] = x;
    }
  }

  static byte[] unpack(long[] from, int off) {
    byte[] b = new byte[32];
    for (int i = 0; i < 4; i++) {
      long x = from[off + i];
      for (int j = 7; j >= 0; j--) {
        b[i * 8 + j] = (byte) x;
        x >>>= 8;
      }
    }
    return b;
  }

  /** The SHA-256 of {@code b[off, off + len)}. */
  static byte[] sha256(byte[] b, int off, int len) {
    MessageDigest m = newSha();
    m.update(b, off, len);
    return m.digest();
  }

  static MessageDigest newSha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
