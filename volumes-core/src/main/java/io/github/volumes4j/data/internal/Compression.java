package io.github.volumes4j.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * How a backup is compressed: not at all, gzip on every core ({@link ParallelGzipOutputStream}), or
 * zstd on every core through Commons Compress and the optional {@code com.github.luben:zstd-jni}.
 */
public record Compression(Kind kind, int level) {

  public enum Kind { NONE, GZIP, ZSTD }

  /** The zstd-jni coordinates to name in messages. */
  public static final String ZSTD_ARTIFACT = "com.github.luben:zstd-jni:1.5.7-28";

  public static final Compression NONE = new Compression(Kind.NONE, 0);

  /** Whether zstd-jni is on the class path and its native library loads on this platform. */
  public static boolean zstdAvailable() {
    try {
      Class.forName("com.github.luben.zstd.ZstdOutputStream", false, Compression.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    return ZstdBridge.available();
  }

  /** Why zstd cannot be used here, as the end of a sentence. */
  static String zstdMissing() {
    return "zstd needs " + ZSTD_ARTIFACT + " on the class path (an optional dependency of volumes-core) and its native "
        + "library for this platform; add the dependency, or use gzip()";
  }

  /** Wraps {@code out}; closing the result finishes the compressed stream and closes {@code out}. */
  OutputStream wrap(OutputStream out) throws IOException {
    switch (kind) {
      case GZIP:
        return new ParallelGzipOutputStream(out, level);
      case ZSTD:
        if (!zstdAvailable()) {
          throw new IllegalStateException("cannot write a zstd backup: " + zstdMissing());
        }
        return ZstdBridge.compressor(out, level, Runtime.getRuntime().availableProcessors());
      case NONE:
      default:
        return out;
    }
  }

  /** Reads a zstd stream; {@code in} must start at the frame's magic number. */
  static InputStream zstdReader(InputStream in) throws IOException {
    if (!zstdAvailable()) {
      throw new io.github.volumes4j.data.DataMovementException("this archive is zstd-compressed and cannot be read: "
          + zstdMissing().replace(", or use gzip()", ""), null);
    }
    return ZstdBridge.decompressor(in);
  }

  @Override
  public String toString() {
    return kind == Kind.NONE ? "none" : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + level;
  }
}
