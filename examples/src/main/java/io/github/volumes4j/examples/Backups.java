package io.github.volumes4j.examples;

import io.github.volumes4j.ContainerState;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.examples.Lab.Finished;
import io.github.volumes4j.examples.Lab.Step;
import io.github.volumes4j.testkit.ContainerFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * 9. Backups: Docker's documented pattern ({@code docker run --rm --volumes-from app -v
 * backups:/backup busybox tar cf /backup/backup.tar /data}, and {@code tar xf} to restore) next to
 * the library's backup, verified restore and consistent backup of a running container's volume.
 *
 * <pre>{@code
 * volumes.backup("appdata").consistent().to(Path.of("appdata.tar"));   // stops the users, restarts them
 * BackupManifest m = volumes.restore(Path.of("appdata.tar")).verify();  // reads and checks, writes nothing
 * volumes.restore(Path.of("appdata.tar")).toNewVolume("appdata-restored");
 * }</pre>
 */
public final class Backups {

  /** The application's files: path in /data to content. */
  static final Map<String, String> FILES = Map.of(
      "orders/1.txt", "order 1: 3 apples\n",
      "orders/2.txt", "order 2: 1 pear\n",
      "settings.conf", "currency=EUR\n");

  /**
   * What the example saw.
   *
   * @param patternArchive the entries of the tar the documented pattern wrote
   * @param patternRestored the files the pattern's restore produced, with their content
   * @param manifest the library backup's manifest, checked by {@code verify()}
   * @param restoredDigestMatches whether the restored volume's SHA-256 tree digest equals the backup's
   * @param restoredFiles the files of the library's restore, with their content
   * @param consistentRestarted the containers the consistent backup stopped and started again
   * @param appRunningAfter whether the application ran again after the consistent backup
   */
  public record Result(List<String> patternArchive, Map<String, String> patternRestored, BackupManifest manifest,
      boolean restoredDigestMatches, Map<String, String> restoredFiles, List<String> consistentRestarted,
      boolean appRunningAfter, Map<String, String> compressedDigests) {}

  private Backups() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  public static Result run(Volumes volumes) {
    Path dir;
    try {
      dir = Files.createTempDirectory("volumes4j-backups-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Lab lab = Lab.open(volumes, "backups")) {
      lab.heading("9. Backups: Docker's tar pattern, the library's verified backup and restore, a consistent backup");
      Volume data = lab.createVolume("appdata");
      String app = lab.startService(lab.container("app").addMounts(VolumeMount.of(data.name(), "/data")), Step.of(
          "mkdir -p /data/orders && " + String.join(" && ", FILES.entrySet().stream().sorted(Map.Entry.comparingByKey())
              .map(e -> "printf '" + e.getValue().replace("\n", "\\n") + "' > /data/" + e.getKey()).toList()),
          (fs, out) -> {
            fs.mkdirs("/data/orders");
            FILES.forEach((path, content) -> fs.writeString("/data/" + path, content));
          }));
      lab.say("'app' runs with its data in " + data.name() + ": " + new TreeMap<>(FILES).keySet());

      // Docker's documented pattern
      Volume backups = lab.createVolume("backups");
      Finished tar = lab.runAndRemove(lab.container("tar-backup").addVolumesFrom(VolumesFrom.of(lab.name("app")))
          .addMounts(VolumeMount.of(backups.name(), "/backup")), Step.of(
          "tar cf /backup/backup.tar /data && tar tf /backup/backup.tar | sort",
          (fs, out) -> {
            byte[] archive = tarOf(fs, "/data");
            fs.write("/backup/backup.tar", archive);
            entries(archive).forEach(e -> out.append(e).append('\n'));
          }));
      List<String> archived = tar.lines().stream().filter(l -> !l.startsWith("tar:")).toList();
      lab.say("docker run --rm --volumes-from app -v backups:/backup busybox tar cf /backup/backup.tar /data");
      lab.say("  archived: " + archived);
      Volume copy = lab.createVolume("appdata-from-tar");
      String app2 = lab.engine().createContainer(lab.container("app2").addMounts(VolumeMount.of(copy.name(), "/data"))
          .command(List.of("true")).build());
      lab.runAndRemove(lab.container("tar-restore").addVolumesFrom(VolumesFrom.of(lab.name("app2")))
          .addMounts(VolumeMount.of(backups.name(), "/backup")), Step.of(
          "cd /data && tar xf /backup/backup.tar --strip 1",
          (fs, out) -> untarInto(fs, fs.read("/backup/backup.tar"), "/data")));
      lab.remove(app2);
      Map<String, String> patternRestored = contents(volumes, copy.name());
      lab.say("docker run --rm --volumes-from app2 -v backups:/backup busybox sh -c \"cd /data && tar xf "
          + "/backup/backup.tar --strip 1\"");
      lab.say("  restored " + patternRestored.keySet() + ", same content: " + patternRestored.equals(new TreeMap<>(FILES)));

      // the library: backup with manifest and checksums, verified restore
      Path file = dir.resolve("appdata.tar");
      BackupResult backup = volumes.backup(data.name()).to(file);
      BackupManifest manifest = volumes.restore(file).verify();
      lab.say("volumes.backup(\"appdata\").to(" + file.getFileName() + "): " + manifest.content().files() + " files, "
          + manifest.content().bytes() + " bytes, SHA-256 " + manifest.content().sha256().substring(0, 16) + "...");
      lab.say("volumes.restore(file).verify(): archive, manifest, counts and SHA-256 check out without writing");
      TransferResult restored = volumes.restore(file).label(Lab.LABEL, lab.run()).toNewVolume(lab.name("restored"));
      boolean digestMatches = restored.digest().sha256().equals(manifest.content().sha256())
          && volumes.digest(restored.volume()).sha256().equals(volumes.digest(data.name()).sha256());
      Map<String, String> restoredFiles = contents(volumes, restored.volume());
      lab.say("restored into new volume " + restored.volume() + ": tree digest equals the original's: " + digestMatches);

      // compressed: gzip on every core, or zstd (with the optional com.github.luben:zstd-jni) at disk speed
      Map<String, String> compressedDigests = new TreeMap<>();
      for (String kind : List.of("gzip", "zstd")) {
        Path packed = dir.resolve("appdata.tar." + (kind.equals("gzip") ? "gz" : "zst"));
        BackupResult b = kind.equals("gzip") ? volumes.backup(data.name()).gzip().to(packed)
            : volumes.backup(data.name()).zstd().to(packed);
        compressedDigests.put(kind, volumes.restore(packed).verify().content().sha256());
        lab.say("volumes.backup(\"appdata\")." + kind + "().to(" + packed.getFileName() + "): " + b.archiveBytes()
            + " bytes; restore(...) recognizes the compression by its magic bytes");
      }

      // consistent backup of a running container's volume
      BackupResult consistent = volumes.backup(data.name()).consistent(Duration.ofSeconds(5))
          .to(dir.resolve("appdata-consistent.tar"));
      boolean running = lab.state(app) == ContainerState.RUNNING;
      lab.say("volumes.backup(\"appdata\").consistent(): stopped " + consistent.restartedContainers().size()
          + " running container(s) using it, read the volume, started them again; 'app' running now: " + running);
      lab.stop(app);
      return new Result(archived, patternRestored, manifest, digestMatches, restoredFiles,
          consistent.restartedContainers(), running, compressedDigests);
    } finally {
      Logs.deleteTree(dir);
    }
  }

  /** Every regular file of a volume (path relative to its root) with its content, read through the library. */
  static Map<String, String> contents(Volumes volumes, String volume) {
    Map<String, String> out = new TreeMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(volumes.copyFrom(volume).tar("/"))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (e.isFile()) {
          String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
          out.put(name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  // ---- what busybox tar does, for the in-memory engine's twins ---------------------------------

  private static byte[] tarOf(ContainerFiles fs, String dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      add(fs, tar, dir);
    }
    return bytes.toByteArray();
  }

  private static void add(ContainerFiles fs, TarArchiveOutputStream tar, String path) throws IOException {
    String name = path.substring(1);
    List<String> children = childrenOrNull(fs, path);
    if (children != null) {
      TarArchiveEntry e = new TarArchiveEntry(name + "/");
      e.setMode(040000 | fs.mode(path));
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
      for (String child : children) {
        add(fs, tar, path + "/" + child);
      }
    } else {
      byte[] content = fs.read(path);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setMode(0100000 | fs.mode(path));
      e.setSize(content.length);
      tar.putArchiveEntry(e);
      tar.write(content);
      tar.closeArchiveEntry();
    }
  }

  private static List<String> childrenOrNull(ContainerFiles fs, String path) {
    try {
      return fs.list(path);
    } catch (RuntimeException notADirectory) {
      return null;
    }
  }

  private static List<String> entries(byte[] archive) throws IOException {
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
      List<String> names = new java.util.ArrayList<>();
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
      }
      return names.stream().sorted().toList();
    }
  }

  private static void untarInto(ContainerFiles fs, byte[] archive, String dir) throws IOException {
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        String name = e.getName();
        int slash = name.indexOf('/');
        String stripped = slash < 0 ? "" : name.substring(slash + 1);   // --strip 1
        if (stripped.isEmpty() || stripped.equals("/")) {
          continue;
        }
        String target = dir + "/" + (stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1) : stripped);
        if (e.isDirectory()) {
          fs.mkdirs(target);
        } else {
          fs.write(target, in.readAllBytes());
        }
        fs.chmod(target, e.getMode() & 07777);
      }
    }
  }
}
