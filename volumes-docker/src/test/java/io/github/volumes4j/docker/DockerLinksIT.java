package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.HostileArchiveException;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links a container made that leave the volume ({@code logs -> ../shared/logs} at its root): backup,
 * clone, digest and REPLACE work; a restore takes them when {@code allowEscapingSymlinks}, through the
 * mountpoint (the daemon's archive endpoint refuses to write such a link: "invalid symlink").
 */
@EnabledIfDocker
class DockerLinksIT {

  static final String LABEL = "io.github.volumes4j.test";
  String run;
  DockerEngine engine;
  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    run = "v4jl" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    engine = DockerEngine.detect();
  }

  @AfterEach
  void stop() {
    try {
      engine.listContainers(Map.of(LABEL, run)).forEach(c -> engine.removeContainer(c.id(), true, true));
      engine.listVolumes(VolumeFilter.all()).stream().filter(v -> v.name().startsWith(run))
          .forEach(v -> engine.removeVolume(v.name(), true));
    } finally {
      engine.close();
    }
  }

  @Test
  void linksThatLeaveTheVolumeAreItsContent() {
    String v = engine.createVolume(VolumeSpec.named(run + "-v").label(LABEL, run)).name();
    String id = engine.createContainer(ContainerSpec.builder().image(ContractImages.BUSYBOX).putLabel(LABEL, run)
        .command(List.of("sh", "-c", "mkdir -p /v/app /v/shared/logs && echo x > /v/shared/logs/a.log"
            + " && ln -s ../shared/logs /v/logs && ln -s ../../../etc /v/app/etc"))
        .addMount(VolumeMount.of(v, "/v")).build());
    engine.startContainer(id);
    assertThat(engine.waitContainer(id)).isZero();
    engine.removeContainer(id, false, true);
    DataMovement data = DataMovement.on(engine);
    TreeDigest d = data.digest(v);
    assertThat(d.symlinks()).isEqualTo(2);
    for (boolean fast : new boolean[] {true, false}) {
      Path file = dir.resolve("b-" + fast + ".tar");
      data.backup(v).fastPath(fast).to(file);
      ArchiveLimits allow = ArchiveLimits.defaults().withAllowEscapingSymlinks(true);
      assertThat(data.restore(file).limits(allow).verify().content()).isEqualTo(d);
      assertThatThrownBy(() -> data.restore(file).toNewVolume(run + "-r" + fast))
          .isInstanceOf(HostileArchiveException.class).hasMessageContaining("allowEscapingSymlinks");
      if (fast) {
        assertThat(data.restore(file).limits(allow).toNewVolume(run + "-r" + fast).path())
            .isEqualTo(TransferPath.HOST_MOUNTPOINT);
        assertThat(data.digest(run + "-r" + fast)).isEqualTo(d);
        data.restore(file).limits(allow).into(run + "-r" + fast, RestorePolicy.REPLACE);
        assertThat(data.digest(run + "-r" + fast)).isEqualTo(d);
      } else {
        assertThatThrownBy(() -> data.restore(file).limits(allow).fastPath(false).toNewVolume(run + "-r" + fast))
            .hasMessageContaining("invalid symlink");
        assertThat(engine.listVolumes(VolumeFilter.name(run + "-r" + fast))).isEmpty();
      }
    }
    data.clone(v).to(run + "-c");
    assertThat(data.digest(run + "-c")).isEqualTo(d);
  }
}
