package io.github.volumes4j.data.internal;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The names an {@link EntryTracker} has seen, in constant memory per name: an open-addressing table of
 * 64-bit keys (two polynomial hashes modulo 2^61-1 with random bases, so that no archive can be built
 * to collide them), each with the entry's type and, for regular files, a slot in parallel arrays.
 * About 14 bytes per name plus 32 (or 72, with contents) per regular file; no name is kept.
 *
 * <p>A name's key is built from the keys of its prefixes ({@link Key#append}), so that every ancestor
 * of a name is looked up in time linear in the name's length.
 */
final class NameIndex {

  static final long P = (1L << 61) - 1;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final long b1 = 256 + (RANDOM.nextLong() & ((1L << 60) - 1));
  private final long b2 = 256 + (RANDOM.nextLong() & ((1L << 60) - 1));

  private long[] keys = new long[1024];
  private byte[] types = new byte[1024];
  private int[] slots = new int[1024];
  private int size;

  /** Per regular file: the SHA-256 of its record, 4 longs; and, when kept, its content's SHA-256 and size. */
  long[] records = new long[4 * 256];
  long[] contents;
  long[] sizes;
  private int files;

  /** A name's hash state: two running hashes. */
  static final class Key {
    long h1;
    long h2;

    Key copy() {
      Key k = new Key();
      k.h1 = h1;
      k.h2 = h2;
      return k;
    }

    long value() {
      long v = (h1 << 3) ^ h2;
      return v == 0 ? 1 : v;
    }
  }

  Key root() {
    return new Key();
  }

  /** Extends {@code k} by {@code /} (unless it is the root) and {@code segment}. */
  Key append(Key k, CharSequence segment, int from, int to, boolean slash) {
    long h1 = k.h1;
    long h2 = k.h2;
    if (slash) {
      h1 = add(mul(h1, b1), '/' + 1);
      h2 = add(mul(h2, b2), '/' + 1);
    }
    for (int i = from; i < to; i++) {
      char c = segment.charAt(i);
      h1 = add(mul(h1, b1), c + 1);
      h2 = add(mul(h2, b2), c + 1);
    }
    k.h1 = h1;
    k.h2 = h2;
    return k;
  }

  /** The key of a whole normalized name ("" is the root). */
  long keyOf(String name) {
    return append(new Key(), name, 0, name.length(), false).value();
  }

  static long mul(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    long r = (lo & P) + (lo >>> 61) + (hi << 3);
    r = (r & P) + (r >>> 61);
    return r >= P ? r - P : r;
  }

  private static long add(long a, long c) {
    long r = a + c;
    return r >= P ? r - P : r;
  }

  /** The type recorded for a key, or 0. */
  byte type(long key) {
    int i = find(key);
    return keys[i] == key ? types[i] : 0;
  }

  /** The file slot of a key (regular files and hard links), or -1. */
  int slot(long key) {
    int i = find(key);
    return keys[i] == key ? slots[i] : -1;
  }

  /** Records a new key; false when it was there already. */
  boolean add(long key, byte type) {
    int i = find(key);
    if (keys[i] == key) {
      return false;
    }
    keys[i] = key;
    types[i] = type;
    slots[i] = -1;
    if (++size * 10L > keys.length * 6L) {
      grow();
    }
    return true;
  }

  /** Gives a regular file its slot. */
  int newFile(long key) {
    int i = find(key);
    int s = files++;
    slots[i] = s;
    if ((s + 1) * 4 > records.length) {
      records = Arrays.copyOf(records, records.length * 2);
      if (contents != null) {
        contents = Arrays.copyOf(contents, records.length);
        sizes = Arrays.copyOf(sizes, records.length / 4);
      }
    }
    return s;
  }

  /** A hard link shares its target's slot. */
  void share(long key, int slot) {
    slots[find(key)] = slot;
  }

  void keepContents() {
    if (contents == null) {
      contents = new long[records.length];
      sizes = new long[records.length / 4];
    }
  }

  int size() {
    return size;
  }

  int files() {
    return files;
  }

  /** Bytes this index holds. */
  long bytes() {
    return keys.length * 13L + records.length * 8L + (contents == null ? 0 : contents.length * 8L + sizes.length * 8L);
  }

  private int find(long key) {
    int mask = keys.length - 1;
    int i = (int) (key ^ (key >>> 29) ^ (key >>> 47)) & mask;
    while (keys[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] ok = keys;
    byte[] ot = types;
    int[] os = slots;
    keys = new long[ok.length * 2];
    types = new byte[ok.length * 2];
    slots = new int[ok.length * 2];
    for (int j = 0; j < ok.length; j++) {
      if (ok[j] != 0) {
        int i = find(ok[j]);
        keys[i] = ok[j];
        types[i] = ot[j];
        slots[i] = os[j];
      }
    }
  }
}
