package io.github.volumes4j.data.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A file written under a temporary name in the target's directory, synced and renamed into place
 * only by {@link #commit()}; {@link #abort()} (or closing without commit) deletes the temporary file.
 * Write failures surface as {@link WriteFailedException} so callers can tell them from read failures.
 */
public final class FileSink implements AutoCloseable {

  /** Writing to the destination failed (disk full, permissions, ...). */
  public static final class WriteFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    WriteFailedException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final Path target;
  private final Path temp;
  private final FileOutputStream file;
  private final OutputStream out;
  private long written;
  private boolean committed;

  public FileSink(Path target, boolean overwrite) throws IOException {
    this.target = target.toAbsolutePath();
    if (!overwrite && Files.exists(this.target)) {
      throw new FileAlreadyExistsException(this.target.toString(), null,
          "the backup file exists; pick another name or allow overwrite()");
    }
    Path dir = this.target.getParent();
    this.temp = dir.resolve("." + this.target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".part");
    this.file = new FileOutputStream(Files.createFile(temp).toFile());
    this.out = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        try {
          file.write(b);
          written++;
        } catch (IOException e) {
          throw new WriteFailedException(e);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          file.write(b, off, len);
          written += len;
        } catch (IOException e) {
          throw new WriteFailedException(e);
        }
      }
    };
  }

  /** Where to write; buffer it. */
  public OutputStream stream() {
    return out;
  }

  public Path temp() {
    return temp;
  }

  public long written() {
    return written;
  }

  /** Syncs, closes and renames the temporary file onto the target, then syncs the directory. */
  public void commit() throws IOException {
    try {
      FileChannel ch = file.getChannel();
      ch.force(true);
      file.close();
    } catch (IOException e) {
      throw new WriteFailedException(e);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
    try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException ignored) {
      // some file systems cannot sync a directory; the rename is done
    }
  }

  /** Deletes the temporary file; returns whether it is gone. */
  public boolean abort() {
    try {
      file.close();
    } catch (IOException ignored) {
      // closing a failed stream
    }
    try {
      Files.deleteIfExists(temp);
      return true;
    } catch (IOException e) {
      return !Files.exists(temp);
    }
  }

  @Override
  public void close() {
    if (!committed) {
      abort();
    }
  }
}
