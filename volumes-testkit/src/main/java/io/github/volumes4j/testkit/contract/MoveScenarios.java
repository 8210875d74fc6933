package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.VolumeConflictException;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.HostileArchiveException;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** Clone and migrate, links a container made, consistent and concurrent backups, the helper image. */
abstract class MoveScenarios extends DataFixture {

  @Test
  void cloneCopiesMetadataAndData() {
    String v = filledVolume("orig");
    String copy = name("clone");
    TransferResult r = data.clone(v).label("purpose", "test").to(copy);
    assertThat(r.digest()).isEqualTo(data.digest(v));
    assertThat(data.digest(copy)).isEqualTo(data.digest(v));
    assertThat(engine.inspectVolume(copy).labels()).containsEntry("app", "contract").containsEntry("purpose", "test");
    assertThatThrownBy(() -> data.clone(v).to(copy)).isInstanceOf(VolumeConflictException.class);
    assertThat(helpersLeft()).isEmpty();
  }

  /**
   * Links a container made are the volume's content: a relative link that leaves a subdirectory but
   * stays in the volume, and an absolute one, are backed up, cloned and digested; a restore takes the
   * absolute one only when allowed. (A link that leaves the volume is in DockerLinksIT: the archive
   * endpoint itself refuses to write one, so only a container can make it.)
   */
  @Test
  void linksAContainerMadeAreBackedUpClonedAndRestored() throws IOException {
    String v = volume("links");
    data.copyInto(v).limits(ArchiveLimits.defaults().withAllowEscapingSymlinks(true).withAllowAbsoluteSymlinks(true))
        .tar(new ByteArrayInputStream(tar(t -> {
          dir(t, "./", 0755, 0, 0);
          dir(t, "./shared/", 0755, 0, 0);
          dir(t, "./shared/logs/", 0755, 0, 0);
          dir(t, "./app/", 0755, 0, 0);
          link(t, "./app/logs", TarConstants.LF_SYMLINK, "../shared/logs", 0, 0);
          link(t, "./localtime", TarConstants.LF_SYMLINK, "/usr/share/zoneinfo/UTC", 0, 0);
        })));
    TreeDigest d = data.digest(v);
    assertThat(d.symlinks()).isEqualTo(2);
    Path file = dir.resolve("links.tar");
    data.backup(v).to(file);
    data.clone(v).to(name("links-clone"));
    assertThat(data.digest(name("links-clone"))).isEqualTo(d);
    assertThatThrownBy(() -> data.restore(file).toNewVolume(name("links-r")))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("allow");
    assertThat(engine.listVolumes(VolumeFilter.name(name("links-r")))).isEmpty();
    data.restore(file).limits(ArchiveLimits.defaults().withAllowEscapingSymlinks(true).withAllowAbsoluteSymlinks(true))
        .toNewVolume(name("links-r"));
    assertThat(data.digest(name("links-r"))).isEqualTo(d);
    data.restore(file).limits(ArchiveLimits.defaults().withAllowEscapingSymlinks(true).withAllowAbsoluteSymlinks(true))
        .into(name("links-r"), RestorePolicy.REPLACE);
    assertThat(data.digest(name("links-r"))).isEqualTo(d);
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void migrateStreamsToAnotherEngineAndBack() {
    VolumeEngine other = createOtherEngine();
    others.add(other);
    String v = filledVolume("mig");
    TreeDigest before = data.digest(v);
    String there = name("there");
    TransferResult r = data.migrate(v).as(there).to(other);
    assertThat(r.digest()).isEqualTo(before);
    assertThat(DataMovement.on(other).digest(there)).isEqualTo(before);
    assertThat(other.inspectVolume(there).labels()).containsEntry(TEST_LABEL, run);
    String back = name("back");
    DataMovement.on(other).migrate(there).as(back).to(engine);
    assertThat(data.digest(back)).isEqualTo(before);
  }


  @Test
  void consistentBackupStopsTheContainersAndRestartsThemAlsoOnFailure() throws IOException {
    assumeTrue(engine.supports(EngineFeature.RUN_PROCESSES));
    String v = filledVolume("consistent");
    ContractImages.ensure(engine);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String id = engine.createContainer(ContainerSpec.builder().image(ContractImages.BUSYBOX)
          .addCommand("sleep", "3600").network("none").putLabel(TEST_LABEL, run).addMount(VolumeMount.of(v, "/data")).build());
      engine.startContainer(id);
      ids.add(id);
    }
    BackupResult b = data.backup(v).consistent(Duration.ofSeconds(1)).to(dir.resolve("c.tar"));
    assertThat(b.restartedContainers()).containsExactlyInAnyOrderElementsOf(ids);
    for (String id : ids) {
      assertThat(engine.inspectContainer(id).state()).isEqualTo(ContainerState.RUNNING);
    }
    Path nowhere = dir.resolve("missing-dir/c.tar");
    assertThatThrownBy(() -> data.backup(v).consistent(Duration.ofSeconds(1)).to(nowhere))
        .isInstanceOf(VolumesException.class).hasMessageContaining(v);
    for (String id : ids) {
      assertThat(engine.inspectContainer(id).state()).isEqualTo(ContainerState.RUNNING);
    }
    assertThat(Files.exists(nowhere)).isFalse();
  }

  @Test
  void concurrentBackupsOfDifferentVolumes() throws Exception {
    List<String> volumes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      volumes.add(filledVolume("c" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<BackupResult>> results = new ArrayList<>();
      for (String v : volumes) {
        results.add(pool.submit(() -> data.backup(v).to(dir.resolve(v + ".tar"))));
      }
      TreeDigest expected = TreeDigest.of(new ByteArrayInputStream(fixture()));
      for (Future<BackupResult> f : results) {
        assertThat(f.get().manifest().content()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(helpersLeft()).isEmpty();
  }

  /** listImages: the tagged images, the helper image among them once a helper ran; no untagged placeholder. */
  @Test
  void theEngineListsTheImagesItHasByTheirTags() {
    String v = filledVolume("listed");
    data.digest(v);
    assertThat(engine.listImages()).contains("volumes4j/helper:empty-1").doesNotContain("<none>:<none>")
        .doesNotHaveDuplicates();
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void helpersUseTheLibrarysOwnEmptyImage() {
    String v = filledVolume("helper");
    data.digest(v);
    assertThat(engine.imageExists("volumes4j/helper:empty-1")).isTrue();
    assertThat(helpersLeft()).isEmpty();
  }
}
