package io.github.volumes4j.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdUtils;

/**
 * The only class that touches Commons Compress's zstd streams (and through them zstd-jni): loaded
 * only after {@link Compression#zstdAvailable()} saw zstd-jni on the class path.
 */
final class ZstdBridge {

  private ZstdBridge() {
  }

  static boolean available() {
    try {
      return ZstdUtils.isZstdCompressionAvailable() && nativeLoads();
    } catch (LinkageError e) {
      return false;
    }
  }

  private static boolean nativeLoads() {
    try {
      com.github.luben.zstd.util.Native.load();
      return true;
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  static OutputStream compressor(OutputStream out, int level, int workers) throws IOException {
    // workers > 1: zstd's own threads compress jobs of the stream in parallel; one frame, checksummed.
    return ZstdCompressorOutputStream.builder().setOutputStream(out).setLevel(level).setChecksum(true)
        .setWorkers(workers > 1 ? workers : 0).get();
  }

  static InputStream decompressor(InputStream in) throws IOException {
    return new ZstdCompressorInputStream(in);
  }
}
