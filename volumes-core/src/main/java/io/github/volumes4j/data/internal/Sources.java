package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.DataMovementException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;

/** Where a restore reads a backup from: a file (read as often as needed) or a stream (read once). */
public final class Sources {

  private Sources() {}

  /** A backup to restore. */
  public interface ArchiveSource {
    InputStream open() throws IOException;

    /** Whether {@link #open()} may be called again. */
    boolean reopenable();

    /** About how many content bytes the archive holds, when that can be told without reading it. */
    default OptionalLong estimatedContentBytes() {
      return OptionalLong.empty();
    }

    String describe();
  }

  /** A backup file. */
  public static ArchiveSource file(Path file, String what) {
    return new ArchiveSource() {
      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }

      @Override
      public boolean reopenable() {
        return true;
      }

      @Override
      public OptionalLong estimatedContentBytes() {
        // an uncompressed tar is its content plus 512-byte headers: its size is a fair estimate
        try (InputStream in = Files.newInputStream(file)) {
          return Tars.compressionOf(in.readNBytes(4)) == Compression.Kind.NONE ? OptionalLong.of(Files.size(file))
              : OptionalLong.empty();
        } catch (IOException e) {
          return OptionalLong.empty();
        }
      }

      @Override
      public String describe() {
        return what;
      }
    };
  }

  /** A one-shot stream: a second {@link ArchiveSource#open()} is refused. */
  public static ArchiveSource stream(InputStream backup) {
    return new ArchiveSource() {
      private boolean opened;

      @Override
      public synchronized InputStream open() {
        if (opened) {
          throw new IllegalStateException("a backup stream can be restored once; give a new stream, or restore from a "
              + "file (restore(Path)), to restore again");
        }
        opened = true;
        return backup;
      }

      @Override
      public boolean reopenable() {
        return false;
      }

      @Override
      public String describe() {
        return "the backup stream";
      }
    };
  }

  /**
   * A temporary copy of a stream, readable only by its owner (0600), deleted by {@link #close()}
   * whatever happened: a restore into an existing volume reads it twice (check, then write).
   */
  public static final class Spool implements AutoCloseable {
    private final Path file;
    private final String what;

    private Spool(Path file, String what) {
      this.file = file;
      this.what = what;
    }

    /** Copies the stream to a new temporary file. */
    public static Spool of(InputStream in, String what) {
      Path tmp;
      try {
        tmp = Files.createTempFile("volumes4j-restore-", ".tar",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        try {
          tmp = Files.createTempFile("volumes4j-restore-", ".tar");
        } catch (IOException x) {
          throw failed(what, x);
        }
      } catch (IOException e) {
        throw failed(what, e);
      }
      Spool s = new Spool(tmp, what);
      try (OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      } catch (IOException e) {
        s.close();
        throw failed(what, e);
      } catch (RuntimeException | Error e) {
        s.close();
        throw e;
      }
      return s;
    }

    private static DataMovementException failed(String what, IOException e) {
      return new DataMovementException("cannot buffer " + what + " in a temporary file before writing it into an "
          + "existing volume: " + e.getMessage() + "; nothing was written", e);
    }

    public ArchiveSource source() {
      return file(file, what + " (spooled to " + file + ")");
    }

    @Override
    public void close() {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new DataMovementException("the temporary file " + file + " (a copy of " + what + ") could not be removed: "
            + e.getMessage() + "; delete it", e);
      }
    }
  }

  /** Keeps what was read through it (the header of a backup: a few KiB), so that it can be read again. */
  static final class Prefix extends FilterInputStream {
    private static final int LIMIT = 16 << 20;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean stopped;

    Prefix(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        keep(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        keep(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(n, 8192)];
      int k = read(buf, 0, buf.length);
      return Math.max(k, 0);
    }

    /** Keeps nothing more: the stream will not be replayed. */
    void stop() {
      stopped = true;
      kept.reset();
    }

    private void keep(byte[] b, int off, int n) throws IOException {
      if (stopped) {
        return;
      }
      if (kept.size() + n > LIMIT) {
        throw new IOException("the backup's header is larger than " + LIMIT + " bytes; it is not a volumes4j backup");
      }
      kept.write(b, off, n);
    }

    /** Everything: what was read so far, then the rest of the stream. */
    InputStream replay() {
      return new SequenceInputStream(new ByteArrayInputStream(kept.toByteArray()), in);
    }
  }
}
