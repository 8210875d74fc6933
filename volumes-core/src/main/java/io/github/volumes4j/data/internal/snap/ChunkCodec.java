package io.github.volumes4j.data.internal.snap;

import java.io.IOException;

/** zstd for single chunks, through zstd-jni; loaded only when chunks are compressed or read compressed. */
final class ChunkCodec {

  private ChunkCodec() {}

  /** The compressed bytes, or null when compression would not make them smaller. */
  static byte[] compress(byte[] buf, int off, int len, int level) {
    byte[] in = off == 0 && len == buf.length ? buf : java.util.Arrays.copyOfRange(buf, off, off + len);
    byte[] out = com.github.luben.zstd.Zstd.compress(in, level);
    return out.length < len ? out : null;
  }

  static byte[] decompress(byte[] stored, int raw) throws IOException {
    if (!io.github.volumes4j.data.internal.Compression.zstdAvailable()) {
      throw new IOException("this repository holds zstd-compressed chunks; add "
          + io.github.volumes4j.data.internal.Compression.ZSTD_ARTIFACT + " to the class path to read them");
    }
    try {
      byte[] out = com.github.luben.zstd.Zstd.decompress(stored, raw);
      if (out.length != raw) {
        throw new IOException("a compressed chunk holds " + out.length + " bytes, not " + raw);
      }
      return out;
    } catch (RuntimeException e) {
      throw new IOException("a compressed chunk cannot be read: " + e.getMessage(), e);
    }
  }
}
