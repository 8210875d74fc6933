package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.HostileArchiveException;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import io.github.volumes4j.testkit.junit.EngineKind;
import io.github.volumes4j.testkit.junit.TempVolume;
import io.github.volumes4j.testkit.junit.VolumesTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links a container made that leave the volume ({@code logs -> ../shared/logs} at its root): backup,
 * clone, digest and REPLACE work; a restore takes them when {@code allowEscapingSymlinks}, through the
 * mountpoint or a started helper (the daemon's archive endpoint refuses to write such a link: "invalid
 * symlink"). Each path is forced in turn and reported.
 */
@EnabledIfDocker
@VolumesTest(engine = EngineKind.DOCKER)
class DockerLinksIT {

  @TempVolume
  String v;
  @TempDir
  Path dir;

  /** Through the extension: whatever the test or the library leaves (a helper container, a volume) fails it. */
  @Test
  void linksThatLeaveTheVolumeAreItsContent(VolumeEngine engine) {
    ContractImages.ensure(engine);
    String id = engine.createContainer(ContainerSpec.builder().image(ContractImages.BUSYBOX)
        .command(List.of("sh", "-c", "mkdir -p /v/app /v/shared/logs && echo x > /v/shared/logs/a.log"
            + " && ln -s ../shared/logs /v/logs && ln -s ../../../etc /v/app/etc"))
        .addMount(VolumeMount.of(v, "/v")).build());
    engine.startContainer(id);
    assertThat(engine.waitContainer(id)).isZero();
    engine.removeContainer(id, false, true);
    DataMovement data = DataMovement.on(engine);
    TreeDigest d = data.digest(v);
    assertThat(d.symlinks()).isEqualTo(2);
    // the mountpoint, the archive endpoints, started helpers
    for (TransferPath through : List.of(TransferPath.HOST_MOUNTPOINT, TransferPath.ARCHIVE_API,
        TransferPath.HELPER_STREAM)) {  // SHARED_STORAGE is reported, never preferred
      DataMovement on = data.preferPath(through);
      Path file = dir.resolve("b-" + through + ".tar");
      String restored = v + "-r-" + through.name().toLowerCase(java.util.Locale.ROOT);
      assertThat(on.backup(v).to(file).path()).isEqualTo(through);
      ArchiveLimits allow = ArchiveLimits.defaults().withAllowEscapingSymlinks(true);
      assertThat(on.restore(file).limits(allow).verify().content()).isEqualTo(d);
      assertThatThrownBy(() -> on.restore(file).toNewVolume(restored))
          .isInstanceOf(HostileArchiveException.class).hasMessageContaining("allowEscapingSymlinks");
      if (through == TransferPath.ARCHIVE_API) {
        // the daemon's archive endpoint refuses to write a link that leaves the volume
        assertThatThrownBy(() -> on.restore(file).limits(allow).toNewVolume(restored))
            .hasMessageContaining("invalid symlink");
        assertThat(engine.listVolumes(VolumeFilter.name(restored))).isEmpty();
      } else {
        assertThat(on.restore(file).limits(allow).toNewVolume(restored).path()).isEqualTo(through);
        assertThat(data.digest(restored)).isEqualTo(d);
        assertThat(on.restore(file).limits(allow).into(restored, RestorePolicy.REPLACE).path()).isEqualTo(through);
        assertThat(data.digest(restored)).isEqualTo(d);
        engine.removeVolume(restored, false);
      }
    }
    data.clone(v).to(v + "-c");
    assertThat(data.digest(v + "-c")).isEqualTo(d);
    engine.removeVolume(v + "-c", false);
  }
}
