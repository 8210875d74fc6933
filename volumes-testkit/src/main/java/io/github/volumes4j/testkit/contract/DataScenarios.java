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

/** Data scenarios: copy-up at create, archive read/write/stat through mounts and Docker's errors. */
abstract class DataScenarios extends VolumeScenarios {

  private String contentWith(String volume, String target, boolean noCopy) {
    return createContainer(content().addMount(VolumeMount.of(volume, target).withNoCopy(noCopy)));
  }

  /** A created busybox container with the volume at /data. */
  protected final String holder(String volume) {
    require(EngineFeature.ARCHIVE);
    return createContainer(busybox().addMount(VolumeMount.of(volume, "/data")));
  }

  /** A holder of a new volume {@code a} at /data that holds {@code f.txt} ("x"). */
  protected final String holderWithFile() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", oneFile("f.txt", "x"));
    return h;
  }

  protected final Map<String, TarEntries.Entry> read(String container, String path) {
    return TarEntries.read(engine.readArchive(container, path));
  }

  protected final void write(String container, String dir, byte[] tar) {
    engine.writeArchive(container, dir, new ByteArrayInputStream(tar), false);
  }

  static byte[] oneFile(String name, String content) {
    return ContractImages.tar(t -> ContractImages.file(t, name, content, 0644, 0, 0));
  }

  private static String notFound(String path, String id) {
    return "Could not find the file " + path + " in container " + id;
  }

  // ---- copy-up --------------------------------------------------------------------------------

  @Test
  void copyUpFillsAnEmptyVolumeAtCreate() {
    create("a");
    String id = contentWith(name("a"), "/seed", false);
    Map<String, TarEntries.Entry> e = read(id, "/seed/.");
    assertThat(e).containsKeys("./", "./hello.txt", "./link", "./hard.txt", "./empty/", "./sub/", "./sub/deep.txt");
    assertThat(e.get("./sub/deep.txt").content()).isEqualTo("deep\n");
  }

  @Test
  void copyUpGivesTheVolumeRootTheImageDirectorysModeAndOwner() {
    create("a");
    String id = contentWith(name("a"), "/seed", false);
    TarEntries.Entry root = read(id, "/seed/.").get("./");
    assertThat(root.mode()).isEqualTo(0711);
    assertThat(root.uid()).isEqualTo(1000);
    assertThat(root.gid()).isEqualTo(1000);
  }

  @Test
  void copyUpKeepsModesOwnersAndMtimesOfFiles() {
    create("a");
    String id = contentWith(name("a"), "/seed", false);
    Map<String, TarEntries.Entry> e = read(id, "/seed/.");
    TarEntries.Entry sub = e.get("./sub/");
    assertThat(sub.mode()).isEqualTo(0750);
    assertThat(sub.uid()).isEqualTo(1000);
    TarEntries.Entry deep = e.get("./sub/deep.txt");
    assertThat(deep.mode()).isEqualTo(0644);
    assertThat(deep.uid()).isZero();
    assertThat(deep.mtimeSeconds()).isEqualTo(ContractImages.CONTENT_MTIME);
  }

  @Test
  void copyUpKeepsSymlinks() {
    create("a");
    String id = contentWith(name("a"), "/seed", false);
    TarEntries.Entry link = read(id, "/seed/.").get("./link");
    assertThat(link.type()).isEqualTo('2');
    assertThat(link.link()).isEqualTo("hello.txt");
  }

  @Test
  void copyUpKeepsHardLinks() {
    create("a");
    String id = contentWith(name("a"), "/seed", false);
    Map<String, TarEntries.Entry> e = read(id, "/seed/.");
    // the archive names the first of the two names it meets as the file, the second as a link to it
    assertThat(e.get("./hard.txt").type()).isEqualTo('0');
    assertThat(e.get("./hard.txt").content()).isEqualTo("hello\n");
    assertThat(e.get("./hello.txt").type()).isEqualTo('1');
  }

  @Test
  void copyUpStatOfTheVolumeRootReportsTheImagesMode() {
    create("a");
    String id = contentWith(name("a"), "/seed", false);
    PathStat s = engine.statPath(id, "/seed").orElseThrow();
    assertThat(s.mode()).isEqualTo((1L << 31) | 0711);
    assertThat(s.size()).isEqualTo(4096);
  }

  @Test
  void copyUpKeepsTheMtimeOfAnEmptyImageDirectory() {
    create("a");
    String id = contentWith(name("a"), "/vacant", false);
    assertThat(read(id, "/vacant/.").get("./").mtimeSeconds()).isEqualTo(ContractImages.CONTENT_MTIME);
  }

  @Test
  void copyUpKeepsEmptyDirectories() {
    create("a");
    String id = contentWith(name("a"), "/seed", false);
    assertThat(read(id, "/seed/empty/.")).containsOnlyKeys("./");
  }

  @Test
  void noCopyLeavesTheVolumeEmpty() {
    create("a");
    String id = contentWith(name("a"), "/seed", true);
    assertThat(read(id, "/seed/.")).containsOnlyKeys("./");
  }

  @Test
  void noCopyLeavesTheVolumeRootAsTheDriverMadeIt() {
    create("a");
    String id = contentWith(name("a"), "/seed", true);
    TarEntries.Entry root = read(id, "/seed/.").get("./");
    assertThat(root.mode()).isEqualTo(0755);
    assertThat(root.uid()).isZero();
  }

  @Test
  void copyUpDoesNotTouchAVolumeThatHasContent() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", oneFile("mine.txt", "mine"));
    String id = contentWith(name("a"), "/seed", false);
    assertThat(read(id, "/seed/.")).containsOnlyKeys("./", "./mine.txt");
  }

  @Test
  void copyUpFillsAnAnonymousVolume() {
    String id = createContainer(content().addMount(VolumeMount.anonymous("/seed")));
    assertThat(read(id, "/seed/.")).containsKey("./hello.txt");
  }

  @Test
  void copyUpOfAnEmptyImageDirectoryTakesOnlyItsMode() {
    create("a");
    String id = contentWith(name("a"), "/vacant", false);
    Map<String, TarEntries.Entry> e = read(id, "/vacant/.");
    assertThat(e).containsOnlyKeys("./");
    assertThat(e.get("./").mode()).isEqualTo(0700);
  }

  @Test
  void copyUpOfTheBusyboxTmpGivesAStickyWorldWritableRoot() {
    create("a");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/tmp")));
    require(EngineFeature.ARCHIVE);
    assertThat(read(id, "/tmp/.").get("./").mode()).isEqualTo(01777);
  }

  @Test
  void aTargetMissingFromTheImageLeavesTheVolumeEmpty() {
    create("a");
    String id = contentWith(name("a"), "/nowhere/in/image", false);
    Map<String, TarEntries.Entry> e = read(id, "/nowhere/in/image/.");
    assertThat(e).containsOnlyKeys("./");
    assertThat(e.get("./").mode()).isEqualTo(0755);
  }

  @Test
  void copyUpHappensForALaterContainerWhileTheVolumeIsStillEmpty() {
    create("a");
    createContainer(content().addMount(VolumeMount.of(name("a"), "/nowhere")));
    String second = contentWith(name("a"), "/seed", false);
    assertThat(read(second, "/seed/.")).containsKey("./hello.txt");
  }

  @Test
  void copiedContentIsSeenByOtherContainers() {
    create("a");
    contentWith(name("a"), "/seed", false);
    String h = holder(name("a"));
    assertThat(read(h, "/data/hello.txt").get("hello.txt").content()).isEqualTo("hello\n");
  }

  @Test
  void copyUpDoesNotHappenIntoAReadOnlyMountOfAFullVolume() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", oneFile("x.txt", "x"));
    String id = createContainer(content().addMount(VolumeMount.of(name("a"), "/seed").withReadOnly(true)));
    assertThat(read(id, "/seed/.")).containsOnlyKeys("./", "./x.txt");
  }

  @Test
  void copyUpHappensEvenIntoAReadOnlyMountOfAnEmptyVolume() {
    create("a");
    String id = createContainer(content().addMount(VolumeMount.of(name("a"), "/seed").withReadOnly(true)));
    assertThat(read(id, "/seed/.")).containsKey("./hello.txt");
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

  // ---- symbolic links in paths: followed within the container's root ------------------------

  /** A holder whose volume has sub/f.txt and links: link -> sub, abs -> /data/sub, roottmp -> /tmp, dangling. */
  private String withLinks() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", ContractImages.tar(t -> {
      ContractImages.dir(t, "sub/", 0755, 0, 0);
      ContractImages.file(t, "sub/f.txt", "F", 0644, 0, 0);
      ContractImages.symlink(t, "link", "sub");
      ContractImages.symlink(t, "abs", "/data/sub");
      ContractImages.symlink(t, "roottmp", "/tmp");
      ContractImages.symlink(t, "dangling", "nowhere");
    }));
    return h;
  }

  @Test
  void archiveReadsFollowLinksOnTheWayAndTheLastOneOnlyBeforeASlash() {
    String h = withLinks();
    assertThat(read(h, "/data/link/f.txt").get("f.txt").content()).isEqualTo("F");
    assertThat(read(h, "/data/abs/f.txt").get("f.txt").content()).as("absolute: from the container's /")
        .isEqualTo("F");
    Map<String, TarEntries.Entry> link = read(h, "/data/link");
    assertThat(link).containsOnlyKeys("link");
    assertThat(link.get("link").type()).isEqualTo('2');
    assertThat(read(h, "/data/link/")).containsOnlyKeys("link/", "link/f.txt");
    assertThat(read(h, "/data/link/.")).containsOnlyKeys("./", "./f.txt");
    assertEngineError(() -> read(h, "/data/dangling/"), 404, notFound("/data/dangling/", h));
  }

  @Test
  void statFollowsLinksOnTheWayAndReportsWhereALinkLeads() {
    String h = withLinks();
    PathStat f = engine.statPath(h, "/data/link/f.txt").orElseThrow();
    assertThat(f.name()).isEqualTo("f.txt");
    assertThat(f.size()).isEqualTo(1);
    PathStat dir = engine.statPath(h, "/data/link/").orElseThrow();
    assertThat(dir.name()).isEqualTo("link");
    assertThat(dir.isDirectory()).isTrue();
    assertThat(engine.statPath(h, "/data/link/.").orElseThrow().name()).isEqualTo(".");
    assertThat(engine.statPath(h, "/data/abs").orElseThrow().linkTarget()).hasValue("/data/sub");
    assertThat(engine.statPath(h, "/data/dangling").orElseThrow().linkTarget()).hasValue("/data/nowhere");
    assertThat(engine.statPath(h, "/data/dangling/")).isEmpty();
  }

  @Test
  void archiveWritesFollowALinkAtTheExtractionPointAndInEntryParents() {
    String h = withLinks();
    write(h, "/data/link", oneFile("p.txt", "P"));
    write(h, "/data", oneFile("link/q.txt", "Q"));
    assertThat(read(h, "/data/sub/.")).containsOnlyKeys("./", "./f.txt", "./p.txt", "./q.txt");
    assertThat(read(h, "/data/link").get("link").type()).as("the link stays a link").isEqualTo('2');
    assertEngineError(() -> write(h, "/data/dangling", oneFile("p.txt", "P")), 404, notFound("/data/dangling", h));
  }

  @Test
  void aLinkInAVolumeLeadsIntoTheContainersRootFileSystem() {
    String h = withLinks();
    write(h, "/data/roottmp", oneFile("p.txt", "P"));
    assertThat(read(h, "/tmp/p.txt").get("p.txt").content()).isEqualTo("P");
    assertThat(read(h, "/data/roottmp/p.txt").get("p.txt").content()).isEqualTo("P");
    assertThat(read(holder(name("a")), "/data/.")).doesNotContainKey("./p.txt");
  }

  @Test
  void archiveEntriesLeavingTheExtractionPointAreRefused() {
    String h = withLinks();
    assertEngineError(() -> write(h, "/data/sub", oneFile("../esc.txt", "E")), 500,
        "Error processing tar file(exit status 1): \"../esc.txt\" is outside of \"/data/sub\"");
    assertEngineError(() -> write(h, "/data/sub", ContractImages.tar(t -> ContractImages.symlink(t, "up", "../../tmp"))),
        500, "Error processing tar file(exit status 1): invalid symlink \"/data/sub/up\" -> \"../../tmp\"");
    assertEngineError(() -> write(h, "/data/sub", ContractImages.tar(t -> ContractImages.hardLink(t, "h", "../x"))),
        500, "Error processing tar file(exit status 1): invalid hardlink \"/data/x\" -> \"../x\"");
    // an absolute link target stays below the extraction point for the check (it is resolved when used)
    write(h, "/data/sub", ContractImages.tar(t -> ContractImages.symlink(t, "etc", "/etc")));
    assertThat(read(h, "/data/.")).doesNotContainKey("./esc.txt");
    assertThat(read(h, "/data/sub/.")).containsOnlyKeys("./", "./f.txt", "./etc");
  }

  @Test
  void aMissingPathIsNamedAsTheCallerGaveIt() {
    create("a");
    String h = holder(name("a"));
    String byName = run + "-named";
    createContainer(busybox().name(byName).addMount(VolumeMount.of(name("a"), "/data")));
    assertEngineError(() -> read(byName, "data/./nope"), 404, notFound("data/./nope", byName));
    assertEngineError(() -> read(h.substring(0, 12), "/data/nope/"), 404, notFound("/data/nope/", h.substring(0, 12)));
  }

  @Test
  void archiveOfAMissingContainerFails() {
    require(EngineFeature.ARCHIVE);
    assertThatThrownBy(() -> engine.readArchive(run, "/data"))
        .isExactlyInstanceOf(io.github.volumes4j.ContainerNotFoundException.class)
        .hasMessage("No such container: " + run);
  }

  @Test
  void aTmpfsTargetOfACreatedContainerDoesNotExistForTheArchive() {
    String id = createContainer(busybox().addMount(io.github.volumes4j.TmpfsMount.at("/scratch")));
    require(EngineFeature.ARCHIVE);
    assertThat(engine.statPath(id, "/scratch")).isEmpty();
    assertEngineError(() -> write(id, "/scratch", oneFile("f.txt", "x")), 404, notFound("/scratch", id));
  }

  @Test
  void archiveWritesAtARunningContainersTmpfsLandBelowTheTmpfs() {
    // Docker's archive endpoints do not see tmpfs mounts: they read and write the directory below
    String id = started(busybox().addMount(io.github.volumes4j.TmpfsMount.at("/scratch")));
    require(EngineFeature.ARCHIVE);
    write(id, "/scratch", oneFile("f.txt", "x"));
    assertThat(read(id, "/scratch/.")).containsOnlyKeys("./", "./f.txt");
    assertThat(read(id, "/scratch/.").get("./").mode()).as("the directory, not the 1777 tmpfs").isEqualTo(0755);
    stop(id);
    assertThat(read(id, "/scratch/.")).containsOnlyKeys("./", "./f.txt");
  }

  @Test
  void aTmpfsBackedVolumeKeepsItsDataWhileUsedAndLosesItWhenItsLastContainerStops() {
    require(EngineFeature.LOCAL_DRIVER_MOUNTS);
    create(spec("t").driverOption("type", "tmpfs").driverOption("device", "tmpfs"));
    String a = started(busybox().addMount(VolumeMount.of(name("t"), "/data")));
    write(a, "/data", oneFile("f.txt", "in RAM"));
    String b = started(busybox().addMount(VolumeMount.of(name("t"), "/shared")));
    assertThat(read(b, "/shared/f.txt").get("f.txt").content()).as("a second user sees the same tmpfs").isEqualTo("in RAM");
    stop(a);
    assertThat(engine.statPath(b, "/shared/f.txt")).as("still mounted by a running container").isPresent();
    stop(b);
    String c = started(busybox().addMount(VolumeMount.of(name("t"), "/data")));
    assertThat(engine.statPath(c, "/data/f.txt")).as("mounted afresh after every user stopped").isEmpty();
  }

  @Test
  void usageCountsContentOncePerInodeAndTheContainersThatReferToTheVolume() {
    require(EngineFeature.VOLUME_USAGE);
    create("a");
    String h = holder(name("a"));
    createContainer(busybox().addMount(VolumeMount.of(name("a"), "/other")));
    write(h, "/data", ContractImages.tar(t -> {
      ContractImages.file(t, "a.txt", "12345", 0644, 0, 0);
      ContractImages.hardLink(t, "b.txt", "a.txt");
      ContractImages.symlink(t, "c", "a.txt");
      ContractImages.dir(t, "d/", 0755, 0, 0);
      ContractImages.file(t, "d/e.txt", "123", 0644, 0, 0);
    }));
    assertThat(engine.inspectVolumeWithUsage(name("a")).usage())
        .hasValue(io.github.volumes4j.VolumeUsage.of(5 + 5 + 3, 2));
    engine.removeContainer(h, false, false);
    assertThat(engine.volumeUsage().get(name("a")).refCount()).isEqualTo(1);
  }

  @Test
  void usageLeavesOutVolumesWithDriverOptions() {
    require(EngineFeature.VOLUME_USAGE);
    create("plain");
    create(spec("opts").driverOption("type", "tmpfs").driverOption("device", "tmpfs"));
    Map<String, io.github.volumes4j.VolumeUsage> usage = engine.volumeUsage();
    assertThat(usage.get(name("plain"))).isEqualTo(io.github.volumes4j.VolumeUsage.of(0, 0));
    assertThat(usage).doesNotContainKey(name("opts"));
    assertThat(engine.inspectVolumeWithUsage(name("opts")).usage()).isEmpty();
  }

  @Test
  void pruneReportsTheBytesItReclaimed() {
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    String h = holder(v.name());
    write(h, "/data", ContractImages.tar(t -> {
      ContractImages.file(t, "a.txt", "12345", 0644, 0, 0);
      ContractImages.hardLink(t, "b.txt", "a.txt");
      ContractImages.symlink(t, "c", "a.txt");
      ContractImages.dir(t, "d/", 0755, 0, 0);
      ContractImages.file(t, "d/e.txt", "123", 0644, 0, 0);
    }));
    engine.removeContainer(h, false, false);
    io.github.volumes4j.PruneResult r = prune(anonymousOnly());
    assertThat(r.volumesDeleted()).containsExactly(v.name());
    assertThat(r.spaceReclaimed()).as("file content once per inode plus symlink target lengths").isEqualTo(5 + 5 + 3);
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

  // ---- subpath (API 1.45) ---------------------------------------------------------------------

  @Test
  void aSubpathMountsADirectoryOfTheVolumeOrIsRefusedBeforeApi145() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", ContractImages.tar(t -> {
      ContractImages.dir(t, "app1/", 0755, 0, 0);
      ContractImages.file(t, "app1/x.txt", "one", 0644, 0, 0);
      ContractImages.file(t, "top.txt", "top", 0644, 0, 0);
    }));
    ContainerSpec.Builder spec = busybox().addMount(VolumeMount.builder().source(name("a")).target("/app")
        .subpath("app1").build());
    if (atLeast(ApiVersion.V1_45)) {
      String id = createContainer(spec);
      assertThat(read(id, "/app/.")).containsOnlyKeys("./", "./x.txt");
    } else {
      // a daemon below 1.45 would silently mount the whole volume: the engine refuses before it asks
      int before = engine.listContainers(Map.of(TEST_LABEL, run)).size();
      assertThatThrownBy(() -> createContainer(spec)).isInstanceOf(UnsupportedFeatureException.class)
          .satisfies(e -> assertThat(((UnsupportedFeatureException) e).requiredVersion()).hasValue(ApiVersion.V1_45));
      assertThat(engine.listContainers(Map.of(TEST_LABEL, run))).hasSize(before);
    }
  }

  @Test
  void anAnonymousVolumeCreatedForAMountKeepsItsData() {
    String id = createContainer(busybox().addMount(VolumeMount.anonymous("/data")));
    require(EngineFeature.ARCHIVE);
    write(id, "/data", oneFile("f.txt", "anon"));
    String anon = engine.inspectContainer(id).mounts().get(0).name().orElseThrow();
    String other = createContainer(busybox().addMount(VolumeMount.of(anon, "/x")));
    assertThat(read(other, "/x/f.txt").get("f.txt").content()).isEqualTo("anon");
  }

  @Test
  void volumeWithLabelsCreatedByAMountHasThem() {
    String id = createContainer(busybox().addMount(VolumeMount.builder().target("/data").putLabel(TEST_LABEL, run)
        .putLabel("k", "v").build()));
    String anon = engine.inspectContainer(id).mounts().get(0).name().orElseThrow();
    Volume v = engine.inspectVolume(anon);
    assertThat(v.labels()).containsEntry("k", "v");
  }

  @Test
  void optionalEmptyStatForPathOutsideMountsInTheImage() {
    String id = createContainer(busybox());
    require(EngineFeature.ARCHIVE);
    Optional<PathStat> s = engine.statPath(id, "/tmp");
    assertThat(s).isPresent();
    assertThat(s.get().isDirectory()).isTrue();
  }

  @Test
  void aVolumeSpecWithAnonymousNameCanBeMountedByName() {
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    String id = holder(v.name());
    write(id, "/data", oneFile("f.txt", "x"));
    assertThat(read(id, "/data/.")).containsKey("./f.txt");
  }
}
