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

/** Copy-up: image content into an empty volume at create, the root's owner and mode, nocopy. */
abstract class CopyUpScenarios extends ContractBase {


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
  void aTmpfsBackedVolumeForgetsCopyUpAndArchiveWritesWhileNoContainerRuns() {
    // probed on 20.10: create mounts the tmpfs for the copy-up and unmounts it after; so does each archive
    // call on a container that is not running. What they wrote is gone; a fresh tmpfs root is 1777
    require(EngineFeature.LOCAL_DRIVER_MOUNTS);
    require(EngineFeature.ARCHIVE);
    String v = create(spec("tmp").driverOption("type", "tmpfs").driverOption("device", "tmpfs")).name();
    String id = contentWith(v, "/seed", false);
    Map<String, TarEntries.Entry> e = read(id, "/seed/.");
    assertThat(e).containsOnlyKeys("./");
    assertThat(e.get("./").mode()).isEqualTo(01777);
    write(id, "/seed", oneFile("f.txt", "x"));
    assertThat(read(id, "/seed/.")).containsOnlyKeys("./");
  }

  @Test
  void aMountedTmpfsBackedVolumeHasTheModeAndSizeItsOptionsGive() {
    // probed on 20.10: o=mode= is the root's mode; an archive bigger than o=size= fails "no space left on
    // device" and leaves the part that fitted
    require(EngineFeature.LOCAL_DRIVER_MOUNTS);
    require(EngineFeature.ARCHIVE);
    String v = create(spec("lim").driverOption("type", "tmpfs").driverOption("device", "tmpfs")
        .driverOption("o", "size=1m,mode=0750")).name();
    String id = started(busybox().addMount(VolumeMount.of(v, "/x")));
    try {
      assertThat(read(id, "/x/.").get("./").mode()).isEqualTo(0750);
      byte[] big = ContractImages.tar(t -> ContractImages.file(t, "big", "x".repeat(2_000_000), 0644, 0, 0));
      assertThatThrownBy(() -> write(id, "/x", big)).isInstanceOf(EngineException.class)
          .hasMessageContaining("write /x/big: no space left on device");
      assertThat(read(id, "/x/big").get("big").content()).hasSize(1 << 20);
    } finally {
      stop(id);
    }
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

  @Test
  void theInitLayerHidesTheImagesFilesAndKeepsItsDirectories() {
    // probed on 20.10: between image and container Docker puts empty 0755 /etc/hosts, /etc/hostname,
    // /etc/resolv.conf and /.dockerenv over the image's own, and /etc/mtab; an image's /etc keeps its mode
    require(io.github.volumes4j.EngineFeature.ARCHIVE);
    require(io.github.volumes4j.EngineFeature.IMAGE_IMPORT);
    String image = "volumes4j/contract-initlayer:1";
    if (!engine.imageExists(image)) {
      engine.importImage(new java.io.ByteArrayInputStream(ContractImages.tar(t -> {
        ContractImages.dir(t, "etc/", 0700, 0, 0);
        ContractImages.file(t, "etc/hosts", "127.0.0.1 image\n", 0600, 0, 0);
        ContractImages.file(t, ".dockerenv", "image\n", 0644, 0, 0);
      })), image, java.util.Map.of("io.github.volumes4j.test-image", "contract-initlayer"));
    }
    String id = createContainer(io.github.volumes4j.ContainerSpec.builder().image(image).addCommand("none")
        .network("none").putLabel(TEST_LABEL, run));
    java.util.Map<String, TarEntries.Entry> etc = TarEntries.read(engine.readArchive(id, "/etc/."));
    assertThat(etc.get("./").mode()).as("the image's /etc").isEqualTo(0700);
    assertThat(etc.get("./hosts").mode()).isEqualTo(0755);
    assertThat(etc.get("./hosts").content()).isEmpty();
    assertThat(etc).containsKeys("./hostname", "./resolv.conf");
    assertThat(etc.get("./mtab").link()).isEqualTo("/proc/mounts");
    TarEntries.Entry env = TarEntries.read(engine.readArchive(id, "/.dockerenv")).get(".dockerenv");
    assertThat(env.mode()).isEqualTo(0755);
    assertThat(env.content()).isEmpty();
  }
}
