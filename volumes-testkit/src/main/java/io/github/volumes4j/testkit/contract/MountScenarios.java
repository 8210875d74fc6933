package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesFrom;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mount-model scenarios: volumes made by mounts, nested mounts, modes, null versus empty metadata. */
abstract class MountScenarios extends ContractBase {

  private static MountPoint at(ContainerInfo c, String destination) {
    return c.mounts().stream().filter(m -> m.destination().equals(destination)).findFirst()
        .orElseThrow(() -> new AssertionError("no mount at " + destination + " in " + c.mounts()));
  }

  @Test
  void aVolumeCreatedWithoutLabelsOrOptionsReportsNone() {
    track(name("bare"));
    Volume v = engine.createVolume(VolumeSpec.named(name("bare")));
    assertThat(v.labels()).isEmpty();
    assertThat(v.labelsReported()).as("Docker reports null").isFalse();
    assertThat(v.optionsReported()).as("Docker reports null").isFalse();
    assertThat(engine.inspectVolume(name("bare")).labelsReported()).isFalse();
  }

  @Test
  void aVolumeCreatedWithOptionsReportsThemAndItsLabels() {
    Volume v = create(spec("a").driverOption("type", "tmpfs").driverOption("device", "tmpfs"));
    assertThat(v.optionsReported()).isTrue();
    assertThat(v.labelsReported()).isTrue();
  }

  @Test
  void anAnonymousVolumeWithoutLabelsReportsLabelsOnlyFromApi142() {
    Volume v = engine.createVolume(VolumeSpec.anonymous());
    track(v.name());
    if (atLeast(ApiVersion.V1_42)) {
      assertThat(v.labels()).containsOnlyKeys(ANON_LABEL);
    } else {
      assertThat(v.labelsReported()).isFalse();
    }
  }

  @Test
  void aMountWithDriverOptionsCreatesTheVolumeWithThem() {
    track(name("fast"));
    createContainer(busybox().addMount(VolumeMount.builder().source(name("fast")).target("/data")
        .putLabel(TEST_LABEL, run).putDriverOption("type", "tmpfs").putDriverOption("device", "tmpfs").build()));
    Volume v = engine.inspectVolume(name("fast"));
    assertThat(v.options()).containsOnly(Map.entry("type", "tmpfs"), Map.entry("device", "tmpfs"));
    assertThat(v.labels()).containsEntry(TEST_LABEL, run);
  }

  @Test
  void aMountWithAnInvalidDriverOptionFailsAsTheVolumeCreateWould() {
    track(name("bad"));
    String n = name("bad");
    assertEngineError(() -> createContainer(busybox().addMount(VolumeMount.builder().source(n).target("/data")
        .putDriverOption("foo", "bar").build())), 400, "create " + n + ": invalid option: \"foo\"");
    assertThat(exists(n)).isFalse();
  }

  @Test
  void aMountWithoutLabelsCreatesAVolumeWithoutLabels() {
    track(name("plain"));
    createContainer(busybox().addMount(VolumeMount.of(name("plain"), "/data")));
    assertThat(engine.inspectVolume(name("plain")).labelsReported()).isFalse();
  }

  @Test
  void aNestedVolumeReceivesWritesBelowItsTarget() {
    create("outer");
    create("inner");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("outer"), "/data"))
        .addMount(VolumeMount.of(name("inner"), "/data/sub")));
    require(io.github.volumes4j.EngineFeature.ARCHIVE);
    write(id, "/data/sub", oneFile("f.txt", "inner"));
    String viewInner = createContainer(busybox().addMount(VolumeMount.of(name("inner"), "/i")));
    assertThat(read(viewInner, "/i/f.txt").get("f.txt").content()).isEqualTo("inner");
  }

  @Test
  void theOuterVolumeKeepsAnEmptyMountpointDirectoryForTheNestedOne() {
    create("outer");
    create("inner");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("outer"), "/data"))
        .addMount(VolumeMount.of(name("inner"), "/data/sub")));
    require(io.github.volumes4j.EngineFeature.ARCHIVE);
    write(id, "/data/sub", oneFile("f.txt", "inner"));
    String viewOuter = createContainer(busybox().addMount(VolumeMount.of(name("outer"), "/o")));
    assertThat(read(viewOuter, "/o/.")).containsOnlyKeys("./", "./sub/");
  }

  @Test
  void readingTheOuterMountShowsTheNestedVolumesContent() {
    create("outer");
    create("inner");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("outer"), "/data"))
        .addMount(VolumeMount.of(name("inner"), "/data/sub")));
    require(io.github.volumes4j.EngineFeature.ARCHIVE);
    write(id, "/data/sub", oneFile("f.txt", "inner"));
    write(id, "/data", oneFile("top.txt", "outer"));
    assertThat(read(id, "/data/.")).containsOnlyKeys("./", "./sub/", "./sub/f.txt", "./top.txt");
  }

  @Test
  void aReadOnlyTmpfsIsReportedReadOnly() {
    String id = createContainer(busybox().addMount(TmpfsMount.at("/ro").withReadOnly(true)));
    assertThat(at(engine.inspectContainer(id), "/ro").readWrite()).isFalse();
  }

  @Test
  void volumesFromRwDoesNotMakeAReadOnlyMountWritable() {
    create("a");
    createContainer(busybox().name(run + "-w").addMount(VolumeMount.of(name("a"), "/data").withReadOnly(true)));
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-w").withReadOnly(false)));
    assertThat(at(engine.inspectContainer(reader), "/data").readWrite()).isFalse();
  }

  @Test
  void volumesFromRwKeepsAWritableMountWritable() {
    create("a");
    createContainer(busybox().name(run + "-w").addMount(VolumeMount.of(name("a"), "/data")));
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-w").withReadOnly(false)));
    assertThat(at(engine.inspectContainer(reader), "/data").readWrite()).isTrue();
  }

  @Test
  void volumesFromAContainerWithATmpfsMountFails() {
    // Docker 20.10 takes the tmpfs mount point for a volume without a name
    createContainer(busybox().name(run + "-w").addMount(TmpfsMount.at("/scratch"))
        .addMount(VolumeMount.anonymous("/data")));
    assertThatThrownBy(() -> createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-w"))))
        .isExactlyInstanceOf(io.github.volumes4j.VolumeNotFoundException.class).hasMessage("get: no such volume");
  }

  @Test
  void volumesFromInheritsBindMounts() throws java.io.IOException {
    require(io.github.volumes4j.EngineFeature.BIND_MOUNTS);
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("v4j-bind-");
    try {
      createContainer(busybox().name(run + "-w").addMount(io.github.volumes4j.BindMount.of(dir, "/b")));
      String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-w")));
      MountPoint m = at(engine.inspectContainer(reader), "/b");
      assertThat(m.type()).isEqualTo(io.github.volumes4j.MountType.BIND);
      assertThat(m.source()).isEqualTo(dir.toString());
    } finally {
      java.nio.file.Files.deleteIfExists(dir);
    }
  }

  @Test
  void volumesFromTwoContainersInheritsBoth() {
    create("a");
    create("b");
    createContainer(busybox().name(run + "-1").addMount(VolumeMount.of(name("a"), "/a")));
    createContainer(busybox().name(run + "-2").addMount(VolumeMount.of(name("b"), "/b")));
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-1"))
        .addVolumesFrom(VolumesFrom.of(run + "-2")));
    assertThat(engine.inspectContainer(reader).mounts()).extracting(MountPoint::destination)
        .containsExactlyInAnyOrder("/a", "/b");
  }

  @Test
  void theSameVolumeCanBeMountedTwiceInOneContainer() {
    create("a");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/one"))
        .addMount(VolumeMount.of(name("a"), "/two").withReadOnly(true)));
    require(io.github.volumes4j.EngineFeature.ARCHIVE);
    write(id, "/one", oneFile("f.txt", "both"));
    assertThat(read(id, "/two/f.txt").get("f.txt").content()).isEqualTo("both");
    assertInUse(() -> engine.removeVolume(name("a"), false), name("a"), id);
  }

  @Test
  void noCopyOnAFirstContainerLeavesCopyUpToALaterOne() {
    create("a");
    String first = createContainer(content().addMount(VolumeMount.of(name("a"), "/seed").withNoCopy(true)));
    String second = createContainer(content().addMount(VolumeMount.of(name("a"), "/seed")));
    require(io.github.volumes4j.EngineFeature.ARCHIVE);
    assertThat(read(second, "/seed/.")).containsKey("./hello.txt");
    assertThat(read(first, "/seed/.")).containsKey("./hello.txt");
  }

  // ---- tmpfs options: HostConfig.Tmpfs below API 1.46 ----------------------------------------

  private static TmpfsMount noexec(String target) {
    return TmpfsMount.builder().target(target).addOption("noexec").build();
  }

  @Test
  void aTmpfsWithOptionsIsReportedFromApi146Only() {
    String id = createContainer(busybox().addMount(noexec("/t")));
    if (atLeast(ApiVersion.V1_46)) {
      assertThat(engine.inspectContainer(id).mounts()).extracting(MountPoint::destination).containsExactly("/t");
    } else {
      // below 1.46 the options travel in HostConfig.Tmpfs, which inspect does not list
      assertThat(engine.inspectContainer(id).mounts()).isEmpty();
    }
  }

  @Test
  void aTmpfsWithOptionsAndAnotherMountAtItsTargetAreDuplicatesFromApi146Only() {
    if (atLeast(ApiVersion.V1_46)) {
      assertThatThrownBy(() -> createContainer(busybox().addMount(noexec("/t")).addMount(TmpfsMount.at("/t"))))
          .isInstanceOf(io.github.volumes4j.InvalidMountSpecException.class).hasMessage("Duplicate mount point: /t");
    } else {
      String id = createContainer(busybox().addMount(noexec("/t")).addMount(TmpfsMount.at("/t")));
      assertThat(engine.inspectContainer(id).mounts()).extracting(MountPoint::destination).containsExactly("/t");
    }
  }

  @Test
  void volumesFromAContainerWhoseTmpfsHasOptionsWorksBelowApi146AndFailsFromIt() {
    create("a");
    createContainer(busybox().name(run + "-w").addMount(noexec("/t")).addMount(VolumeMount.of(name("a"), "/data")));
    ContainerSpec.Builder reader = busybox().addVolumesFrom(VolumesFrom.of(run + "-w"));
    if (atLeast(ApiVersion.V1_46)) {
      // from 1.46 the tmpfs travels in HostConfig.Mounts like one without options: volumes-from takes it
      // for a volume without a name (volumesFromAContainerWithATmpfsMountFails)
      assertThatThrownBy(() -> createContainer(reader))
          .isExactlyInstanceOf(io.github.volumes4j.VolumeNotFoundException.class).hasMessage("get: no such volume");
    } else {
      // below 1.46 it travels in HostConfig.Tmpfs, which volumes-from does not see
      String id = createContainer(reader);
      assertThat(engine.inspectContainer(id).mounts()).extracting(MountPoint::destination).containsExactly("/data");
    }
  }

  @Test
  void validationSpeaksTheLocalDriversWordsForAVolumeTheContainerWouldCreate() {
    // recorded on 20.10 (volume-steps.tsv, "local 08 size=1m"): the local driver refuses a size quota
    io.github.volumes4j.Volumes volumes = io.github.volumes4j.Volumes.using(engine);  // not closed: the suite's engine
    String n = name("quota");
    track(n);
    io.github.volumes4j.ContainerSpec spec = busybox().addMount(VolumeMount.builder().source(n).target("/data")
        .putDriverOption("size", "1m").build()).build();
    java.util.List<io.github.volumes4j.MountProblem> problems = volumes.validate(spec);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).stage()).isEqualTo(io.github.volumes4j.MountProblem.Stage.CREATE);
    assertThat(problems.get(0).message()).isEqualTo("create " + n + ": quota size requested but no quota support");
    assertThatThrownBy(() -> createContainer(spec.withValidateFirst(false)))
        .hasMessageContaining("create " + n + ": quota size requested but no quota support");
    assertThat(engine.listVolumes(io.github.volumes4j.VolumeFilter.name(n))).isEmpty();
  }
}
