package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.Volume;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.junit.EngineKind;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import io.github.volumes4j.testkit.junit.Sessions;
import io.github.volumes4j.testkit.junit.TempVolume;
import io.github.volumes4j.testkit.junit.VolumesTest;
import org.junit.jupiter.api.Test;

/** The testkit's JUnit extension on the real daemon: engine by provider, temp volumes, session label. */
@EnabledIfDocker
@VolumesTest(engine = EngineKind.DOCKER)
class VolumesExtensionDockerIT {

  @TempVolume Volume data;

  @Test
  void theDockerEngineIsInjectedAndTempVolumesCarryTheSessionLabel(Volumes volumes, VolumeEngine engine) {
    assertThat(engine.info().name()).doesNotContain("in-memory");
    assertThat(volumes.inspect(data.name()).labels()).containsEntry(Sessions.SESSION_LABEL, Sessions.currentId())
        .containsKey(Sessions.OWNER_LABEL);
  }

  @Test
  void aParameterTempVolumeExistsDuringTheTest(@TempVolume String name, Volumes volumes) {
    assertThat(volumes.find(name)).isPresent();
    assertThat(name).startsWith("v4j-tmp-");
  }

  @Test
  void theDockerEngineItselfIsInjectedForWhatOnlyItHas(DockerEngine docker) {
    assertThat(docker.host().getScheme()).isIn("unix", "tcp");
    assertThat(docker.imageLabels("volumes4j/busybox:test")).isPresent();
  }
}
