package io.github.volumes4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A container's file system as a process in it sees it, through its mounts: what an
 * {@link InMemoryEngine} gives a {@link ContainerProcess} or a {@link Program}.
 *
 * <pre>{@code
 * engine.exec(id, fs -> {
 *   fs.mkdirs("/data/logs");
 *   fs.writeString("/data/logs/app.log", "started\n");
 * });
 * }</pre>
 *
 * <p>Paths are absolute container paths. Writing under a read-only mount fails with
 * {@link java.nio.file.ReadOnlyFileSystemException}; a missing path with
 * {@link java.io.UncheckedIOException} around {@link java.nio.file.NoSuchFileException}.
 */
public interface ContainerFiles {

  /** The content of a file: {@code files.read("/data/app.conf")}. */
  byte[] read(String path);

  /** The content of a file as UTF-8 text: {@code files.readString("/data/app.conf")}. */
  default String readString(String path) {
    return new String(read(path), StandardCharsets.UTF_8);
  }

  /** Writes a regular file (mode 0644 when new); parent directories must exist. */
  void write(String path, byte[] content);

  /** Writes a file as UTF-8 text (its directory must exist): {@code files.writeString("/data/ready", "yes")}. */
  default void writeString(String path, String content) {
    write(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Creates the directory and its missing parents (mode 0755). */
  void mkdirs(String path);

  /** The names in a directory, sorted. */
  List<String> list(String directory);

  /** Whether the path exists: {@code files.exists("/data/ready")}. */
  boolean exists(String path);

  /** Deletes a file, link or directory tree. */
  void delete(String path);

  /** Creates a symbolic link at {@code link} pointing to {@code target}. */
  void symlink(String link, String target);

  /** Creates a hard link at {@code link} to the existing regular file {@code existing}. */
  void hardLink(String link, String existing);

  /** Sets the permission bits (07777). */
  void chmod(String path, int mode);

  /** Changes the owner: {@code files.chown("/data", 999, 999)}. */
  void chown(String path, int uid, int gid);

  /** The permission bits (07777). */
  int mode(String path);
}
