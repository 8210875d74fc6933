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

/** Symbolic links in archive paths, resolved as Docker resolves them, and volume subpaths (API 1.45). */
abstract class PathScenarios extends ContractBase {


  private static String notFound(String path, String id) {
    return "Could not find the file " + path + " in container " + id;
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
