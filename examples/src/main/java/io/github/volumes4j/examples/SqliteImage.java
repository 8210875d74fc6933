package io.github.volumes4j.examples;

import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A real database image without a registry: this machine's {@code sqlite3} (with the shared
 * libraries {@code ldd} names) and static {@code busybox}, imported as {@value #REFERENCE}. The image
 * stays for later runs, as the library's helper image does.
 */
final class SqliteImage {

  static final String REFERENCE = "volumes4j/example-sqlite:1";

  private static final List<Path> SQLITE = List.of(Path.of("/usr/bin/sqlite3"), Path.of("/bin/sqlite3"));
  private static final List<Path> BUSYBOX = List.of(Path.of("/usr/bin/busybox"), Path.of("/bin/busybox"));
  private static final List<String> APPLETS = List.of("sh", "sleep", "cat", "ls", "echo");

  private SqliteImage() {}

  /** The image reference, imported now if missing; empty when this machine has no sqlite3 or busybox. */
  static Optional<String> ensure(VolumeEngine engine) {
    if (engine.imageExists(REFERENCE)) {
      return Optional.of(REFERENCE);
    }
    Optional<Path> sqlite = SQLITE.stream().filter(Files::isExecutable).findFirst();
    Optional<Path> busybox = BUSYBOX.stream().filter(Files::isExecutable).findFirst();
    if (sqlite.isEmpty() || busybox.isEmpty()) {
      return Optional.empty();
    }
    try {
      Set<Path> libraries = libraries(sqlite.get());
      if (libraries.isEmpty()) {
        return Optional.empty();
      }
      byte[] rootfs = rootfs(sqlite.get(), busybox.get(), libraries);
      engine.importImage(new ByteArrayInputStream(rootfs), REFERENCE, Map.of(Lab.LABEL, "sqlite-image"));
      return Optional.of(REFERENCE);
    } catch (IOException e) {
      throw new UncheckedIOException("making " + REFERENCE + " from " + sqlite.get() + " failed: " + e.getMessage(), e);
    }
  }

  /** The shared libraries of a binary, from {@code ldd}: absolute paths, the loader included. */
  private static Set<Path> libraries(Path binary) throws IOException {
    Process p = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Set.of();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Set.of();
    }
    Set<Path> libs = new LinkedHashSet<>();
    for (String line : out.split("\n")) {
      String t = line.trim();
      int arrow = t.indexOf("=> ");
      String path = arrow >= 0 ? t.substring(arrow + 3) : t;
      path = path.contains(" (") ? path.substring(0, path.indexOf(" (")) : path;
      if (path.startsWith("/")) {
        libs.add(Path.of(path));
      }
    }
    return libs;
  }

  private static byte[] rootfs(Path sqlite, Path busybox, Set<Path> libraries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      Set<String> dirs = new LinkedHashSet<>(List.of("bin", "tmp", "data"));
      for (Path lib : libraries) {
        for (Path d = lib.getParent(); d != null && d.getNameCount() > 0; d = d.getParent()) {
          dirs.add(d.toString().substring(1));
        }
      }
      for (String d : dirs.stream().sorted().toList()) {
        TarArchiveEntry e = new TarArchiveEntry(d + "/");
        e.setMode(040000 | (d.equals("tmp") ? 01777 : 0755));
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      file(tar, busybox, "bin/busybox");
      for (String applet : APPLETS) {
        TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("busybox");
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
      file(tar, sqlite, "bin/sqlite3");
      for (Path lib : libraries) {
        file(tar, lib, lib.toString().substring(1));   // the content of what the soname link points to
      }
    }
    return bytes.toByteArray();
  }

  private static void file(TarArchiveOutputStream tar, Path source, String name) throws IOException {
    byte[] content = Files.readAllBytes(source.toRealPath());
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(0100755);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
