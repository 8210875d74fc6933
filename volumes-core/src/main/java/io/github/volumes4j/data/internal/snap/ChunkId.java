package io.github.volumes4j.data.internal.snap;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A chunk's name: the SHA-256 of its uncompressed bytes, as four longs (cheap to keep by the thousand). */
record ChunkId(long a, long b, long c, long d) {

  static final int BYTES = 32;

  static ChunkId of(byte[] sha, int off) {
    ByteBuffer bb = ByteBuffer.wrap(sha, off, BYTES);
    return new ChunkId(bb.getLong(), bb.getLong(), bb.getLong(), bb.getLong());
  }

  static ChunkId hash(MessageDigest sha, byte[] buf, int off, int len) {
    sha.reset();
    sha.update(buf, off, len);
    return of(sha.digest(), 0);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  static ChunkId parse(String hex) {
    if (hex.length() != 64) {
      throw new IllegalArgumentException("chunk id \"" + hex + "\" is not 64 hex digits");
    }
    return new ChunkId(Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16),
        Long.parseUnsignedLong(hex, 32, 48, 16), Long.parseUnsignedLong(hex, 48, 64, 16));
  }

  void write(ByteBuffer out) {
    out.putLong(a).putLong(b).putLong(c).putLong(d);
  }

  byte[] bytes() {
    ByteBuffer bb = ByteBuffer.allocate(BYTES);
    write(bb);
    return bb.array();
  }

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  String hex() {
    char[] out = new char[64];
    long[] v = {a, b, c, d};
    for (int i = 0; i < 4; i++) {
      long x = v[i];
      for (int k = 15; k >= 0; k--) {
        out[i * 16 + k] = DIGITS[(int) (x & 0xf)];
        x >>>= 4;
      }
    }
    return new String(out);
  }

  @Override
  public String toString() {
    return hex();
  }
}
