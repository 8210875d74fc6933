package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.MountType;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesFrom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Container scenarios: references, in-use errors, rm -v, volumes-from, duplicate mount points, states. */
abstract class ContainerScenarios extends ContractBase {

  private static MountPoint mountAt(ContainerInfo c, String destination) {
    return c.mounts().stream().filter(m -> m.destination().equals(destination)).findFirst()
        .orElseThrow(() -> new AssertionError("no mount at " + destination + " in " + c.mounts()));
  }

  // ---- references and in-use ------------------------------------------------------------------

  @Test
  void aCreatedContainerMakesItsVolumeInUse() {
    create("a");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data")));
    assertInUse(() -> engine.removeVolume(name("a"), false), name("a"), id);
  }

  @Test
  void aRunningContainerMakesItsVolumeInUse() {
    create("a");
    String id = started(busybox().addMount(VolumeMount.of(name("a"), "/data")));
    assertInUse(() -> engine.removeVolume(name("a"), false), name("a"), id);
  }

  @Test
  void anExitedContainerStillMakesItsVolumeInUse() {
    create("a");
    String id = started(busybox().addMount(VolumeMount.of(name("a"), "/data")));
    stop(id);
    assertInUse(() -> engine.removeVolume(name("a"), false), name("a"), id);
  }

  @Test
  void forceDoesNotForgiveAVolumeInUse() {
    create("a");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data")));
    assertInUse(() -> engine.removeVolume(name("a"), true), name("a"), id);
    assertThat(exists(name("a"))).isTrue();
  }

  @Test
  void aVolumeInUseByTwoContainersNamesBoth() {
    create("a");
    String one = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data")));
    String two = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/other")));
    assertInUse(() -> engine.removeVolume(name("a"), false), name("a"), one, two);
  }

  @Test
  void aReadOnlyMountAlsoMakesTheVolumeInUse() {
    create("a");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data").withReadOnly(true)));
    assertInUse(() -> engine.removeVolume(name("a"), false), name("a"), id);
  }

  @Test
  void removingTheContainerReleasesTheVolume() {
    create("a");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data")));
    engine.removeContainer(id, false, false);
    engine.removeVolume(name("a"), false);
    assertThat(exists(name("a"))).isFalse();
  }

  @Test
  void aVolumeInUseIsNotDangling() {
    create("a");
    create("b");
    createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data")));
    assertThat(listNames(f -> f.dangling(false))).containsExactly(name("a"));
    assertThat(listNames(f -> f.dangling(true))).containsExactly(name("b"));
  }

  @Test
  void pruneSparesVolumesInUse() {
    Volume used = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    Volume unused = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    createContainer(busybox().addMount(VolumeMount.of(used.name(), "/data")));
    assertThat(prune(anonymousOnly()).volumesDeleted()).containsExactly(unused.name());
    assertThat(exists(used.name())).isTrue();
  }

  @Test
  void pruneSparesVolumesOfExitedContainers() {
    Volume used = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    String id = started(busybox().addMount(VolumeMount.of(used.name(), "/data")));
    stop(id);
    assertThat(prune(anonymousOnly()).volumesDeleted()).isEmpty();
  }

  // ---- mounts create volumes ------------------------------------------------------------------

  @Test
  void aMountOfAMissingNamedVolumeCreatesIt() {
    String id = createContainer(busybox().addMount(VolumeMount.builder().source(name("auto")).target("/data")
        .putLabel(TEST_LABEL, run).build()));
    Volume v = engine.inspectVolume(name("auto"));
    assertThat(v.driver()).isEqualTo("local");
    assertThat(v.labels()).containsEntry(TEST_LABEL, run);
    assertThat(mountAt(engine.inspectContainer(id), "/data").name()).hasValue(name("auto"));
  }

  @Test
  void aMountOfAnExistingVolumeDoesNotChangeItsLabels() {
    create(spec("a").label("k", "1"));
    createContainer(busybox().addMount(VolumeMount.builder().source(name("a")).target("/data").putLabel("k", "2").build()));
    assertThat(engine.inspectVolume(name("a")).labels()).containsEntry("k", "1");
  }

  @Test
  void anAnonymousMountCreatesA64HexVolume() {
    String id = createContainer(busybox().addMount(VolumeMount.anonymous("/data")));
    MountPoint m = mountAt(engine.inspectContainer(id), "/data");
    assertThat(m.type()).isEqualTo(MountType.VOLUME);
    assertThat(m.name()).hasValueSatisfying(n -> assertThat(n).matches("[0-9a-f]{64}"));
    Volume v = engine.inspectVolume(m.name().get());
    if (atLeast(io.github.volumes4j.ApiVersion.V1_42)) {
      assertThat(v.labels()).containsKey(ANON_LABEL);
    } else {
      assertThat(v.labels()).doesNotContainKey(ANON_LABEL);
    }
  }

  @Test
  void mountPointsReportVolumeNameDriverAndWritability() {
    create("a");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data"))
        .addMount(VolumeMount.of(name("a"), "/ro").withReadOnly(true)));
    ContainerInfo c = engine.inspectContainer(id);
    MountPoint rw = mountAt(c, "/data");
    assertThat(rw.name()).hasValue(name("a"));
    assertThat(rw.driver()).hasValue("local");
    assertThat(rw.readWrite()).isTrue();
    assertThat(rw.source()).endsWith("/volumes/" + name("a") + "/_data");
    assertThat(mountAt(c, "/ro").readWrite()).isFalse();
  }

  @Test
  void aTmpfsMountIsReportedWithoutName() {
    String id = createContainer(busybox().addMount(TmpfsMount.at("/scratch")));
    MountPoint m = mountAt(engine.inspectContainer(id), "/scratch");
    assertThat(m.type()).isEqualTo(MountType.TMPFS);
    assertThat(m.name()).isEmpty();
  }

  // ---- duplicate mount points ------------------------------------------------------------------

  @Test
  void twoVolumesAtOneTargetAreRefusedAfterTheFirstVolumeWasCreated() {
    track(name("a"));
    track(name("b"));
    assertThatThrownBy(() -> createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data"))
        .addMount(VolumeMount.of(name("b"), "/data")))).isInstanceOf(InvalidMountSpecException.class)
        .hasMessage("Duplicate mount point: /data");
    // Docker creates the volumes of the mounts before the duplicate one
    assertThat(exists(name("a"))).isTrue();
    assertThat(exists(name("b"))).isFalse();
  }

  @Test
  void aTmpfsAndAVolumeAtOneTargetAreRefusedBeforeTheVolumeIsCreated() {
    track(name("a"));
    assertThatThrownBy(() -> createContainer(busybox().addMount(TmpfsMount.at("/data"))
        .addMount(VolumeMount.of(name("a"), "/data")))).isInstanceOf(InvalidMountSpecException.class)
        .hasMessage("Duplicate mount point: /data");
    assertThat(exists(name("a"))).isFalse();
  }

  @Test
  void aDuplicateLeavesNoContainer() {
    assertThatThrownBy(() -> createContainer(busybox().addMount(TmpfsMount.at("/x")).addMount(TmpfsMount.at("/x"))))
        .isInstanceOf(InvalidMountSpecException.class);
    assertThat(engine.listContainers(java.util.Map.of(TEST_LABEL, run))).isEmpty();
  }

  @Test
  void aTrailingSlashDoesNotMakeADifferentTarget() {
    assertThatThrownBy(() -> createContainer(busybox().addMount(TmpfsMount.at("/data/"))
        .addMount(TmpfsMount.at("/data")))).isInstanceOf(InvalidMountSpecException.class)
        .hasMessage("Duplicate mount point: /data");
  }

  @Test
  void nestedTargetsAreNotDuplicates() {
    String id = createContainer(busybox().addMount(VolumeMount.anonymous("/data"))
        .addMount(TmpfsMount.at("/data/tmp")));
    assertThat(engine.inspectContainer(id).mounts()).extracting(MountPoint::destination)
        .containsExactlyInAnyOrder("/data", "/data/tmp");
  }

  // ---- containers ---------------------------------------------------------------------------

  @Test
  void aCreatedContainerIsInStateCreated() {
    String id = createContainer(busybox());
    ContainerInfo c = engine.inspectContainer(id);
    assertThat(c.state()).isEqualTo(ContainerState.CREATED);
    assertThat(c.id()).isEqualTo(id).matches("[0-9a-f]{64}");
    assertThat(c.labels()).containsEntry(TEST_LABEL, run);
  }

  @Test
  void aStartedContainerIsRunning() {
    String id = started(busybox());
    assertThat(engine.inspectContainer(id).state()).isEqualTo(ContainerState.RUNNING);
  }

  @Test
  void aStoppedSleepIsKilledWithExitCode137() {
    String id = started(busybox());
    stop(id);
    ContainerInfo c = engine.inspectContainer(id);
    assertThat(c.state()).isEqualTo(ContainerState.EXITED);
    assertThat(c.exitCode()).hasValue(137);
    assertThat(engine.waitContainer(id)).isEqualTo(137);
  }

  @Test
  void aNamedContainerCanBeFoundByName() {
    String id = createContainer(busybox().name(run + "-c"));
    assertThat(engine.inspectContainer(run + "-c").id()).isEqualTo(id);
    assertThat(engine.inspectContainer(id).name()).isEqualTo(run + "-c");
  }

  @Test
  void aContainerNameCannotBeUsedTwice() {
    String id = createContainer(busybox().name(run + "-c"));
    assertEngineError(() -> createContainer(busybox().name(run + "-c")), 409, "Conflict. The container name \"/" + run
        + "-c\" is already in use by container \"" + id
        + "\". You have to remove (or rename) that container to be able to reuse that name.");
  }

  @Test
  void aContainerOfAMissingImageIsRefused() {
    require(io.github.volumes4j.EngineFeature.CONTAINERS);
    assertEngineError(() -> createContainer(io.github.volumes4j.ContainerSpec.of("volumes4j/" + run)), 404,
        "No such image: volumes4j/" + run + ":latest");
  }

  @Test
  void inspectOfAMissingContainerFails() {
    require(io.github.volumes4j.EngineFeature.CONTAINERS);
    assertThatThrownBy(() -> engine.inspectContainer(run)).isExactlyInstanceOf(ContainerNotFoundException.class)
        .hasMessage("No such container: " + run);
  }

  @Test
  void removeOfAMissingContainerFails() {
    require(io.github.volumes4j.EngineFeature.CONTAINERS);
    assertThatThrownBy(() -> engine.removeContainer(run, false, false))
        .isExactlyInstanceOf(ContainerNotFoundException.class).hasMessage("No such container: " + run);
  }

  @Test
  void aRunningContainerCannotBeRemovedWithoutForce() {
    String id = started(busybox());
    assertEngineError(() -> engine.removeContainer(id, false, false), 409, "You cannot remove a running container "
        + id + ". Stop the container before attempting removal or force remove");
    assertThat(engine.inspectContainer(id).state()).isEqualTo(ContainerState.RUNNING);
  }

  @Test
  void forceRemovesARunningContainer() {
    String id = started(busybox());
    engine.removeContainer(id, false, true);
    assertThatThrownBy(() -> engine.inspectContainer(id)).isInstanceOf(ContainerNotFoundException.class);
  }

  @Test
  void listContainersByLabel() {
    String a = createContainer(busybox().putLabel("role", "a"));
    createContainer(busybox().putLabel("role", "b"));
    assertThat(engine.listContainers(java.util.Map.of(TEST_LABEL, run, "role", "a"))).extracting(ContainerInfo::id)
        .containsExactly(a);
  }

  @Test
  void listContainersIncludesEveryState() {
    String created = createContainer(busybox());
    String running = started(busybox());
    String exited = started(busybox());
    stop(exited);
    assertThat(engine.listContainers(java.util.Map.of(TEST_LABEL, run))).extracting(ContainerInfo::id)
        .containsExactlyInAnyOrder(created, running, exited);
  }

  // ---- rm -v and auto-remove -----------------------------------------------------------------

  @Test
  void removeWithVolumesDeletesAnonymousVolumesOnly() {
    create("named");
    String id = createContainer(busybox().addMount(VolumeMount.of(name("named"), "/named"))
        .addMount(VolumeMount.anonymous("/anon")));
    String anon = mountAt(engine.inspectContainer(id), "/anon").name().orElseThrow();
    engine.removeContainer(id, true, false);
    assertThat(exists(anon)).isFalse();
    assertThat(exists(name("named"))).isTrue();
  }

  @Test
  void removeWithoutVolumesKeepsAnonymousVolumes() {
    String id = createContainer(busybox().addMount(VolumeMount.anonymous("/anon")));
    String anon = mountAt(engine.inspectContainer(id), "/anon").name().orElseThrow();
    engine.removeContainer(id, false, false);
    try {
      assertThat(exists(anon)).isTrue();
    } finally {
      engine.removeVolume(anon, true);
    }
  }

  @Test
  void anAnonymousVolumeCreatedWithAVolumeSpecIsKeptByRemoveWithVolumes() {
    // rm -v removes the volumes the container created anonymously, not a volume created on its own
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    String id = createContainer(busybox().addMount(VolumeMount.of(v.name(), "/data")));
    engine.removeContainer(id, true, false);
    assertThat(exists(v.name())).isTrue();
  }

  @Test
  void autoRemoveDeletesTheContainerAndItsAnonymousVolumesWhenItExits() throws InterruptedException {
    create("named");
    String id = started(busybox().autoRemove(true).addMount(VolumeMount.anonymous("/anon"))
        .addMount(VolumeMount.of(name("named"), "/named")));
    String anon = mountAt(engine.inspectContainer(id), "/anon").name().orElseThrow();
    stop(id);
    long deadline = System.nanoTime() + 15_000_000_000L;
    boolean gone = false;
    while (!gone && System.nanoTime() < deadline) {
      try {
        engine.inspectContainer(id);
        Thread.sleep(50);
      } catch (ContainerNotFoundException e) {
        gone = true;
      }
    }
    assertThat(gone).as("container removed after it exited").isTrue();
    while (exists(anon) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(exists(anon)).isFalse();
    assertThat(exists(name("named"))).isTrue();
  }

  // ---- volumes-from ---------------------------------------------------------------------------

  @Test
  void volumesFromInheritsTheOtherContainersVolumes() {
    create("a");
    createContainer(busybox().name(run + "-w").addMount(VolumeMount.of(name("a"), "/data")));
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-w")));
    MountPoint m = mountAt(engine.inspectContainer(reader), "/data");
    assertThat(m.name()).hasValue(name("a"));
    assertThat(m.readWrite()).isTrue();
  }

  @Test
  void aCreatedVolumesFromContainerDoesNotYetHoldTheVolume() {
    // Docker 20.10 registers the reference of an inherited volume only when the container starts
    create("a");
    String writer = createContainer(busybox().name(run + "-w").addMount(VolumeMount.of(name("a"), "/data")));
    createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-w")));
    assertInUse(() -> engine.removeVolume(name("a"), false), name("a"), writer);
    engine.removeContainer(writer, false, false);
    engine.removeVolume(name("a"), false);
    assertThat(exists(name("a"))).isFalse();
  }

  @Test
  void aStartedVolumesFromContainerHoldsTheVolume() {
    create("a");
    String writer = createContainer(busybox().name(run + "-w").addMount(VolumeMount.of(name("a"), "/data")));
    String reader = started(busybox().addVolumesFrom(VolumesFrom.of(run + "-w")));
    engine.removeContainer(writer, false, false);
    assertInUse(() -> engine.removeVolume(name("a"), false), name("a"), reader);
    stop(reader);
    assertInUse(() -> engine.removeVolume(name("a"), false), name("a"), reader);
  }

  @Test
  void removeWithVolumesOfTheWriterDeletesAnAnonymousVolumeAReaderOnlyInherited() {
    String writer = createContainer(busybox().addMount(VolumeMount.anonymous("/anon")));
    String anon = mountAt(engine.inspectContainer(writer), "/anon").name().orElseThrow();
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(writer)));
    engine.removeContainer(reader, true, false);
    assertThat(exists(anon)).as("kept: the writer still holds it").isTrue();
    engine.removeContainer(writer, true, false);
    assertThat(exists(anon)).isFalse();
  }

  // recorded on 20.10 (issue 13, section 2): the request field a mount travels in changes what Docker does
  // with it; a value read from -v or --tmpfs travels where the docker CLI sends it

  @Test
  void anAnonymousVolumeGivenAsDashVIsHeldByItsVolumesFromUsersFromCreate() {
    String writer = createContainer(busybox().addMount(MountSyntax.VOLUME.parse("/anon")));
    String anon = mountAt(engine.inspectContainer(writer), "/anon").name().orElseThrow();
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(writer)));
    assertInUse(() -> engine.removeVolume(anon, false), anon, writer, reader);
    engine.removeContainer(writer, true, false);
    assertThat(exists(anon)).as("kept by rm -v of the container that made it: the reader still has it").isTrue();
    assertInUse(() -> engine.removeVolume(anon, false), anon, reader);
    engine.removeContainer(reader, true, false);
    assertThat(exists(anon)).as("removed with the last container that has it").isFalse();
  }

  @Test
  void anAnonymousVolumeGivenAsMountGoesWithItsContainerEvenWhileAUserHasIt() {
    String writer = createContainer(busybox().addMount(MountSyntax.MOUNT.parse("type=volume,dst=/anon")));
    String anon = mountAt(engine.inspectContainer(writer), "/anon").name().orElseThrow();
    createContainer(busybox().addVolumesFrom(VolumesFrom.of(writer)));
    assertInUse(() -> engine.removeVolume(anon, false), anon, writer);
    engine.removeContainer(writer, true, false);
    assertThat(exists(anon)).as("Docker removes it although the reader still mounts it").isFalse();
  }

  @Test
  void aDashDashTmpfsIsNoMountPointAndVolumesFromOfItsContainerWorks() {
    String writer = createContainer(busybox().addMount(MountSyntax.TMPFS.parse("/scratch"))
        .addMount(MountSyntax.VOLUME.parse("/anon")));
    assertThat(engine.inspectContainer(writer).mounts()).extracting(MountPoint::destination).containsExactly("/anon");
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(writer)));
    assertThat(engine.inspectContainer(reader).mounts()).extracting(MountPoint::destination).containsExactly("/anon");
  }

  @Test
  void volumesFromAContainerWithAMountTmpfsFails() {
    String writer = createContainer(busybox().addMount(MountSyntax.MOUNT.parse("type=tmpfs,dst=/scratch")));
    assertThatThrownBy(() -> createContainer(busybox().addVolumesFrom(VolumesFrom.of(writer))))
        .isInstanceOf(io.github.volumes4j.VolumeNotFoundException.class);
  }

  @Test
  void aDashVMountReportsItsModeAndABindOfTheRootIsRslave() {
    create("a");
    String id = createContainer(busybox().addMount(MountSyntax.VOLUME.parse(name("a") + ":/data:ro"))
        .addMount(MountSyntax.MOUNT.parse("type=volume,src=" + name("a") + ",dst=/m"))
        .addMount(MountSyntax.VOLUME.parse("/anon"))
        .addMount(MountSyntax.VOLUME.parse("/:/host:ro")));  // created, never started
    ContainerInfo info = engine.inspectContainer(id);
    assertThat(mountAt(info, "/data").mode()).isEqualTo("ro");
    assertThat(mountAt(info, "/m").mode()).isEqualTo("z");
    assertThat(mountAt(info, "/anon").mode()).isEmpty();
    assertThat(mountAt(info, "/host").mode()).isEqualTo("ro");
    assertThat(mountAt(info, "/host").propagation()).isEqualTo("rslave");
  }

  @Test
  void aMountOverAnExistingSysfsDirectoryStartsANewOneUnderSysDoesNot() {
    // recorded on 20.10: runc mounts over /sys/fs/cgroup (systemd containers bind it), but cannot create a
    // mount point in the read-only sysfs
    started(busybox().addMount(MountSyntax.VOLUME.parse("/sys/fs/cgroup:/sys/fs/cgroup:ro")));
    String id = createContainer(busybox().addMount(MountSyntax.TMPFS.parse("/sys/kernel/v4j-not-there")));
    assertThatThrownBy(() -> engine.startContainer(id)).isInstanceOf(io.github.volumes4j.EngineException.class)
        .hasMessageContaining("read-only file system");
  }

  @Test
  void anSelinuxLabelThatDashVCannotCarryIsRefusedBeforeAnythingIsCreated() {
    // a label travels only in Binds, and -v has no bind-recursive: both engines refuse it the same way
    io.github.volumes4j.MountSpec m = io.github.volumes4j.BindMount.builder().source("/tmp").target("/t")
        .selinuxLabel(io.github.volumes4j.SelinuxLabel.SHARED).recursion(io.github.volumes4j.BindRecursion.DISABLED).build();
    int before = engine.listContainers(java.util.Map.of(TEST_LABEL, run)).size();
    assertThatThrownBy(() -> createContainer(busybox().addMount(m)))
        .isInstanceOf(io.github.volumes4j.UnsupportedFeatureException.class)
        .hasMessageContaining("leave the SELinux label or the other setting out");
    assertThat(engine.listContainers(java.util.Map.of(TEST_LABEL, run))).hasSize(before);
  }

  @Test
  void createRefusesWhatTheDaemonRefusesAtStartBeforeAnythingIsCreated() {
    require(io.github.volumes4j.EngineFeature.TMPFS);
    io.github.volumes4j.Volumes volumes = io.github.volumes4j.Volumes.using(engine);  // not closed: the suite's engine
    io.github.volumes4j.ContainerSpec spec = busybox().addMount(MountSyntax.TMPFS.parse("/t:uid=app"))
        .addMount(MountSyntax.TMPFS.parse("/proc/x")).build();
    List<io.github.volumes4j.MountProblem> problems = volumes.validate(spec);
    assertThat(problems).extracting(io.github.volumes4j.MountProblem::stage)
        .containsExactly(io.github.volumes4j.MountProblem.Stage.START, io.github.volumes4j.MountProblem.Stage.START);
    assertThat(problems.get(0).value()).isEqualTo("uid=app");
    assertThat(problems.get(1).message()).contains("cannot be mounted because it is inside /proc");
    int before = engine.listContainers(java.util.Map.of(TEST_LABEL, run)).size();
    assertThatThrownBy(() -> volumes.containers().create(spec))
        .isInstanceOf(io.github.volumes4j.InvalidContainerSpecException.class)
        .hasMessageContaining("uid=app").hasMessageContaining("inside /proc").hasMessageContaining("nothing was created");
    assertThat(engine.listContainers(java.util.Map.of(TEST_LABEL, run))).hasSize(before);
    // sent as it is, the engine creates it and refuses to start it, as validation said
    String id = createContainer(spec.withValidateFirst(false));
    assertThatThrownBy(() -> engine.startContainer(id)).hasMessageContaining("uid=app");
    assertThat(volumes.validate(busybox().addMount(MountSyntax.TMPFS.parse("/t:uid=0")).build())).isEmpty();
  }

  @Test
  void volumesFromReadOnlyMakesEveryMountReadOnly() {
    create("a");
    createContainer(busybox().name(run + "-w").addMount(VolumeMount.of(name("a"), "/data")));
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-w").withReadOnly(true)));
    assertThat(mountAt(engine.inspectContainer(reader), "/data").readWrite()).isFalse();
  }

  @Test
  void volumesFromKeepsEachMountsModeByDefault() {
    create("a");
    createContainer(busybox().name(run + "-w").addMount(VolumeMount.of(name("a"), "/data").withReadOnly(true)));
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-w")));
    assertThat(mountAt(engine.inspectContainer(reader), "/data").readWrite()).isFalse();
  }

  @Test
  void volumesFromByIdWorksLikeByName() {
    create("a");
    String writer = createContainer(busybox().addMount(VolumeMount.of(name("a"), "/data")));
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(writer)));
    assertThat(mountAt(engine.inspectContainer(reader), "/data").name()).hasValue(name("a"));
  }

  @Test
  void volumesFromInheritsAnonymousVolumesToo() {
    String writer = createContainer(busybox().addMount(VolumeMount.anonymous("/anon")));
    String anon = mountAt(engine.inspectContainer(writer), "/anon").name().orElseThrow();
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(writer)));
    assertThat(mountAt(engine.inspectContainer(reader), "/anon").name()).hasValue(anon);
  }

  @Test
  void volumesFromAMissingContainerFails() {
    require(io.github.volumes4j.EngineFeature.CONTAINERS);
    // Docker 20.10 answers 400 (not 404) for a missing volumes-from container
    assertThatThrownBy(() -> createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-nobody"))))
        .isExactlyInstanceOf(ContainerNotFoundException.class).hasMessage("No such container: " + run + "-nobody");
  }

  @Test
  void anOwnMountWinsOverAnInheritedOneAtTheSameTarget() {
    create("a");
    create("b");
    createContainer(busybox().name(run + "-w").addMount(VolumeMount.of(name("a"), "/data")));
    String reader = createContainer(busybox().addVolumesFrom(VolumesFrom.of(run + "-w"))
        .addMount(VolumeMount.of(name("b"), "/data")));
    List<MountPoint> at = engine.inspectContainer(reader).mounts().stream()
        .filter(m -> m.destination().equals("/data")).toList();
    assertThat(at).singleElement().satisfies(m -> assertThat(m.name()).hasValue(name("b")));
  }
}
