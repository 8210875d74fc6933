package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The archive endpoints through mounts: read, write, stat, broken archives, Docker's errors. */
abstract class ArchiveScenarios extends ContractBase {


  private static String notFound(String path, String id) {
    return "Could not find the file " + path + " in container " + id;
  }

  // ---- archive --------------------------------------------------------------------------------

  @Test
  void aWrittenFileCanBeReadBack() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", oneFile("f.txt", "hello"));
    TarEntries.Entry f = read(h, "/data/f.txt").get("f.txt");
    assertThat(f.content()).isEqualTo("hello");
    assertThat(f.mode()).isEqualTo(0644);
  }

  @Test
  void aGzipOrBzip2CompressedUploadIsUncompressedFirst() throws Exception {
    // recorded from Docker 20.10: PUT /archive with a tar.gz answers 200 and writes the files
    create("a");
    String h = holder(name("a"));
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(oneFile("g.txt", "gzipped"));
    }
    write(h, "/data", gz.toByteArray());
    java.io.ByteArrayOutputStream bz = new java.io.ByteArrayOutputStream();
    try (var out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bz)) {
      out.write(oneFile("b.txt", "bzipped"));
    }
    write(h, "/data", bz.toByteArray());
    Map<String, TarEntries.Entry> e = read(h, "/data/.");
    assertThat(e.get("./g.txt").content()).isEqualTo("gzipped");
    assertThat(e.get("./b.txt").content()).isEqualTo("bzipped");
  }

  @Test
  void aDirectoryIsArchivedUnderItsOwnName() {
    String h = holderWithFile();
    assertThat(read(h, "/data")).containsOnlyKeys("data/", "data/f.txt");
  }

  @Test
  void aDirectoryWithSlashDotIsArchivedAsDot() {
    String h = holderWithFile();
    assertThat(read(h, "/data/.")).containsOnlyKeys("./", "./f.txt");
  }

  @Test
  void anEmptyArchivePathIsRefusedBeforeAnythingIsSent() {
    // recorded on 20.10: GET, HEAD and PUT with path= answer 400 "bad parameter: pathcannot be empty"
    String h = holderWithFile();
    assertThatThrownBy(() -> engine.readArchive(h, "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the archive path is empty");
    assertThatThrownBy(() -> engine.statPath(h, "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the path to stat is empty");
    assertThatThrownBy(() -> write(h, "", oneFile("g.txt", "y"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the directory to extract into is empty");
    assertThat(read(h, "/data/.")).containsOnlyKeys("./", "./f.txt");
  }

  @Test
  void aRelativePathIsReadFromTheRoot() {
    String h = holderWithFile();
    assertThat(read(h, "data/f.txt")).containsOnlyKeys("f.txt");
  }

  @Test
  void modesOwnersAndMtimesSurviveAWrite() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", ContractImages.tar(t -> {
      ContractImages.dir(t, "d/", 0700, 33, 44);
      ContractImages.file(t, "d/s.sh", "#!/bin/sh\n", 0755, 1001, 1002);
    }));
    Map<String, TarEntries.Entry> e = read(h, "/data/.");
    assertThat(e.get("./d/").mode()).isEqualTo(0700);
    assertThat(e.get("./d/").uid()).isEqualTo(33);
    assertThat(e.get("./d/").gid()).isEqualTo(44);
    assertThat(e.get("./d/s.sh").mode()).isEqualTo(0755);
    assertThat(e.get("./d/s.sh").uid()).isEqualTo(1001);
    assertThat(e.get("./d/s.sh").mtimeSeconds()).isEqualTo(ContractImages.CONTENT_MTIME);
  }

  @Test
  void symlinksHardLinksAndEmptyDirectoriesSurviveAWrite() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", ContractImages.tar(t -> {
      ContractImages.file(t, "a.txt", "A", 0644, 0, 0);
      ContractImages.hardLink(t, "b.txt", "a.txt");
      ContractImages.symlink(t, "c", "a.txt");
      ContractImages.dir(t, "empty/", 0755, 0, 0);
    }));
    Map<String, TarEntries.Entry> e = read(h, "/data/.");
    assertThat(e.get("./a.txt").type()).isEqualTo('0');
    assertThat(e.get("./b.txt").type()).isEqualTo('1');
    assertThat(e.get("./c").type()).isEqualTo('2');
    assertThat(e.get("./c").link()).isEqualTo("a.txt");
    assertThat(e.get("./empty/").isDirectory()).isTrue();
  }

  @Test
  void setuidSetgidAndStickyBitsSurviveAWrite() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", ContractImages.tar(t -> {
      ContractImages.dir(t, "sticky/", 01777, 0, 0);
      ContractImages.file(t, "suid", "x", 04755, 0, 0);
      ContractImages.dir(t, "sgid/", 02775, 0, 0);
    }));
    Map<String, TarEntries.Entry> e = read(h, "/data/.");
    assertThat(e.get("./sticky/").mode()).isEqualTo(01777);
    assertThat(e.get("./suid").mode()).isEqualTo(04755);
    assertThat(e.get("./sgid/").mode()).isEqualTo(02775);
  }

  @Test
  void writingAFileTwiceReplacesItsContent() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", oneFile("f.txt", "first"));
    write(h, "/data", oneFile("f.txt", "second"));
    assertThat(read(h, "/data/f.txt").get("f.txt").content()).isEqualTo("second");
  }

  @Test
  void dataWrittenThroughOneContainerIsSeenThroughAnother() {
    create("a");
    write(holder(name("a")), "/data", oneFile("f.txt", "shared"));
    String other = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/elsewhere")));
    assertThat(read(other, "/elsewhere/f.txt").get("f.txt").content()).isEqualTo("shared");
  }

  @Test
  void dataOutlivesTheContainer() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", oneFile("f.txt", "kept"));
    engine.removeContainer(h, true, false);
    assertThat(read(holder(name("a")), "/data/f.txt").get("f.txt").content()).isEqualTo("kept");
  }

  @Test
  void twoVolumesKeepTheirOwnData() {
    create("a");
    create("b");
    write(holder(name("a")), "/data", oneFile("f.txt", "A"));
    assertThat(read(holder(name("b")), "/data/.")).containsOnlyKeys("./");
  }

  @Test
  void aRemovedAndRecreatedVolumeIsEmpty() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", oneFile("f.txt", "old"));
    engine.removeContainer(h, false, false);
    engine.removeVolume(name("a"), false);
    create("a");
    assertThat(read(holder(name("a")), "/data/.")).containsOnlyKeys("./");
  }

  @Test
  void aReadOnlyMountCanBeRead() {
    create("a");
    write(holder(name("a")), "/data", oneFile("f.txt", "ro"));
    String ro = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/ro").withReadOnly(true)));
    assertThat(read(ro, "/ro/f.txt").get("f.txt").content()).isEqualTo("ro");
  }

  @Test
  void aRunningContainersMountsCanBeReadAndWritten() {
    create("a");
    String id = started(busybox().addMount(VolumeMount.of(name("a"), "/data")));
    require(EngineFeature.ARCHIVE);
    write(id, "/data", oneFile("live.txt", "live"));
    assertThat(read(id, "/data/live.txt").get("live.txt").content()).isEqualTo("live");
  }

  @Test
  void writingIntoAMissingDirectoryFailsWithNotFound() {
    create("a");
    String h = holder(name("a"));
    assertEngineError(() -> write(h, "/data/nope", oneFile("f.txt", "x")), 404, notFound("/data/nope", h));
  }

  @Test
  void readingAMissingPathFailsWithNotFound() {
    create("a");
    String h = holder(name("a"));
    assertEngineError(() -> read(h, "/data/nope"), 404, notFound("/data/nope", h));
  }

  @Test
  void aFileNamedAsADirectoryIsNotADirectory() {
    String h = holderWithFile();
    for (String path : new String[] {"/data/f.txt/", "/data/f.txt/."}) {
      // Docker names its own path of the container's root file system before the container's path
      assertThatThrownBy(() -> read(h, path)).as(path).isInstanceOf(EngineException.class)
          .hasMessageStartingWith("lstat ").hasMessageEndingWith(path + ": not a directory")
          .satisfies(e -> assertThat(((EngineException) e).status()).hasValue(500));
      assertThatThrownBy(() -> engine.statPath(h, path)).as(path).isInstanceOf(EngineException.class)
          .satisfies(e -> assertThat(((EngineException) e).status()).hasValue(500));
    }
    assertThat(read(h, "/data/f.txt")).containsOnlyKeys("f.txt");
  }

  @Test
  void writingIntoAFileFailsAsNotADirectory() {
    String h = holderWithFile();
    assertEngineError(() -> write(h, "/data/f.txt", oneFile("g.txt", "y")), 500, "extraction point is not a directory");
  }

  @Test
  void writingIntoAReadOnlyMountFails() {
    create("a");
    String ro = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/ro").withReadOnly(true)));
    require(EngineFeature.ARCHIVE);
    assertEngineError(() -> write(ro, "/ro", oneFile("f.txt", "x")), 500, "mounted volume is marked read-only");
    assertThat(read(ro, "/ro/.")).containsOnlyKeys("./");
  }

  @Test
  void theRootEntryOfAnArchiveLeavesTheTargetDirectorysModeOwnerAndMtime() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", ContractImages.tar(t -> {
      ContractImages.dir(t, "./", 0700, 1234, 1234);
      ContractImages.dir(t, "./d/", 0750, 7, 7);
      ContractImages.file(t, "./d/g.txt", "g", 0644, 7, 7);
    }));
    Map<String, TarEntries.Entry> e = read(h, "/data/.");
    // Docker's untar skips the "." entry of the extraction point
    assertThat(e.get("./").mode()).isEqualTo(0755);
    assertThat(e.get("./").uid()).isZero();
    assertThat(e.get("./").mtimeSeconds()).as("the target gained an entry: now, not the archive's time")
        .isGreaterThan(ContractImages.CONTENT_MTIME);
    // a directory named in the archive keeps its archived mtime, although a file was written into it after
    assertThat(e.get("./d/").mode()).isEqualTo(0750);
    assertThat(e.get("./d/").mtimeSeconds()).isEqualTo(ContractImages.CONTENT_MTIME);
  }

  @Test
  void anArchiveWrittenAtTheRootLandsInTheVolumeMountedBelow() {
    create("a");
    String h = holder(name("a"));
    write(h, "/", ContractImages.tar(t -> {
      ContractImages.dir(t, "data/", 0700, 33, 44);
      ContractImages.file(t, "data/f.txt", "through the mount", 0644, 0, 0);
    }));
    String other = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/elsewhere")));
    Map<String, TarEntries.Entry> e = read(other, "/elsewhere/.");
    assertThat(e.get("./f.txt").content()).isEqualTo("through the mount");
    // the "data/" entry names the mount point: its mode and owner go to the volume's root
    assertThat(e.get("./").mode()).isEqualTo(0700);
    assertThat(e.get("./").uid()).isEqualTo(33);
    assertThat(e.get("./").gid()).isEqualTo(44);
  }

  @Test
  void readingTheRootShowsTheMountedVolumesUnderSlashNames() {
    String h = holderWithFile();
    Map<String, TarEntries.Entry> e = read(h, "/");
    // Docker names the entries of "/" "/", "/data/", ...; a mount's content replaces its mount point
    assertThat(e).containsKeys("/", "/data/", "/data/f.txt");
    assertThat(e.get("/data/f.txt").content()).isEqualTo("x");
  }

  @Test
  void readingTheParentOfAMountShowsTheMountsContent() {
    create("a");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/mnt/v")));
    require(EngineFeature.ARCHIVE);
    write(id, "/mnt/v", oneFile("f.txt", "x"));
    assertThat(read(id, "/mnt")).containsKeys("mnt/", "mnt/v/", "mnt/v/f.txt");
  }

  @Test
  void anArchiveEntryCrossingIntoANestedVolumeLandsInIt() {
    create("a");
    create("b");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data"))
        .addMount(VolumeMount.of(name("b"), "/data/sub")));
    require(EngineFeature.ARCHIVE);
    write(id, "/data", oneFile("sub/x.txt", "in b"));
    assertThat(read(holder(name("b")), "/data/.")).containsOnlyKeys("./", "./x.txt");
    assertThat(read(holder(name("a")), "/data/.")).as("only the mount point").containsOnlyKeys("./", "./sub/");
    assertThat(read(id, "/data")).containsKeys("data/sub/x.txt");
  }

  @Test
  void anArchiveEntryCrossingIntoAReadOnlyMountFailsAfterTheEntriesBeforeIt() {
    create("a");
    create("r");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data"))
        .addMount(VolumeMount.of(name("r"), "/ro").withReadOnly(true)));
    require(EngineFeature.ARCHIVE);
    byte[] tar = ContractImages.tar(t -> {
      ContractImages.file(t, "data/first.txt", "1", 0644, 0, 0);
      ContractImages.file(t, "ro/y.txt", "2", 0644, 0, 0);
      ContractImages.file(t, "data/last.txt", "3", 0644, 0, 0);
    });
    assertEngineError(() -> write(id, "/", tar), 500,
        "Error processing tar file(exit status 1): open /ro/y.txt: read-only file system");
    assertThat(read(id, "/data/.")).containsOnlyKeys("./", "./first.txt");
    assertThat(read(id, "/ro/.")).containsOnlyKeys("./");
    assertEngineError(() -> write(id, "/", ContractImages.tar(t -> ContractImages.dir(t, "ro/dd/", 0755, 0, 0))), 500,
        "Error processing tar file(exit status 1): mkdir /ro/dd: read-only file system");
    assertEngineError(() -> write(id, "/", ContractImages.tar(t -> ContractImages.dir(t, "ro/", 0755, 0, 0))), 500,
        "Error processing tar file(exit status 1): lchown /ro: read-only file system");
  }

  // ---- broken archives: Docker's untar is not atomic -----------------------------------------

  /** Two files: a.bin (3000 bytes: header at 0, data padded to 3072) and b.bin (5000 bytes, header at 3584). */
  private static byte[] twoFiles() {
    return ContractImages.tar(t -> {
      ContractImages.file(t, "a.bin", "a".repeat(3000), 0600, 7, 7);
      ContractImages.file(t, "b.bin", "b".repeat(5000), 0600, 7, 7);
    });
  }

  @Test
  void aTarCutInsideAFileFailsAndLeavesWhatArrived() {
    create("a");
    String h = holder(name("a"));
    byte[] cut = java.util.Arrays.copyOf(twoFiles(), 512 + 3072 + 512 + 2000);
    assertEngineError(() -> write(h, "/data", cut), 500, "Error processing tar file(exit status 1): unexpected EOF");
    Map<String, TarEntries.Entry> e = read(h, "/data/.");
    assertThat(e.get("./a.bin").content()).hasSize(3000);
    assertThat(e.get("./a.bin").uid()).isEqualTo(7);
    assertThat(e.get("./b.bin").content()).as("the part that arrived").isEqualTo("b".repeat(2000));
    assertThat(e.get("./b.bin").mode()).isEqualTo(0600);
  }

  @Test
  void aTarCutInsideAHeaderFails() {
    create("a");
    String h = holder(name("a"));
    byte[] cut = java.util.Arrays.copyOf(twoFiles(), 512 + 3072 + 100);
    assertEngineError(() -> write(h, "/data", cut), 500, "Error processing tar file(exit status 1): unexpected EOF");
    assertThat(read(h, "/data/.")).containsOnlyKeys("./", "./a.bin");
  }

  @Test
  void aTarCutAtABlockBoundarySucceedsWithTheEntriesBeforeIt() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", java.util.Arrays.copyOf(twoFiles(), 512 + 3072));
    assertThat(read(h, "/data/.")).containsOnlyKeys("./", "./a.bin");
  }

  // ---- stat -----------------------------------------------------------------------------------

  @Test
  void statOfAFile() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", oneFile("f.txt", "hello!"));
    PathStat s = engine.statPath(h, "/data/f.txt").orElseThrow();
    assertThat(s.name()).isEqualTo("f.txt");
    assertThat(s.size()).isEqualTo(6);
    assertThat(s.mode()).isEqualTo(0644);
    assertThat(s.isDirectory()).isFalse();
    assertThat(s.modified().getEpochSecond()).isEqualTo(ContractImages.CONTENT_MTIME);
  }

  @Test
  void statOfADirectory() {
    create("a");
    String h = holder(name("a"));
    PathStat s = engine.statPath(h, "/data").orElseThrow();
    assertThat(s.name()).isEqualTo("data");
    assertThat(s.isDirectory()).isTrue();
    assertThat(s.mode() & 0777).isEqualTo(0755);
  }

  @Test
  void statOfAMissingPathIsEmpty() {
    create("a");
    String h = holder(name("a"));
    assertThat(engine.statPath(h, "/data/nope")).isEmpty();
  }

  @Test
  void statOfASymlinkReportsTheLinkItself() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", ContractImages.tar(t -> {
      ContractImages.file(t, "a.txt", "A", 0644, 0, 0);
      ContractImages.symlink(t, "c", "a.txt");
    }));
    PathStat s = engine.statPath(h, "/data/c").orElseThrow();
    assertThat(s.mode()).as("Go's ModeSymlink | 0777").isEqualTo((1L << 27) | 0777);
    assertThat(s.size()).isEqualTo("a.txt".length());
    assertThat(s.linkTarget()).as("where the link leads, absolute").hasValue("/data/a.txt");
  }

  @Test
  void statOfAStickyDirectoryCarriesGosStickyBit() {
    create("a");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/tmp")));
    require(EngineFeature.ARCHIVE);
    PathStat s = engine.statPath(id, "/tmp").orElseThrow();
    assertThat(s.mode() & 0777).isEqualTo(0777);
    assertThat(s.mode() & (1L << 20)).as("Go's ModeSticky").isNotZero();
  }

}
