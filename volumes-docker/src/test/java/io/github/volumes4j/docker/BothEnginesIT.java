package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EngineKind;
import io.github.volumes4j.testkit.junit.TempVolume;
import io.github.volumes4j.testkit.junit.VolumesTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One test class on both engines, as a user writes it: {@code @VolumesTest(engines = {MEMORY, DOCKER})}
 * runs it twice, reported as {@code [memory]} and {@code [docker]}; the same assertions hold on each.
 * (Without a daemon the Docker run is skipped with the reason; CI requires it.)
 */
@VolumesTest(engines = {EngineKind.MEMORY, EngineKind.DOCKER})
class BothEnginesIT {

  static final List<String> ENGINES = new CopyOnWriteArrayList<>();

  @Test
  void aVolumeSeenThroughAContainerAndBackedUp(Volumes volumes, VolumeEngine engine, @TempVolume String data) {
    ENGINES.add(engine.info().name().startsWith("in-memory") ? "memory" : "docker");
    ContractImages.ensure(engine);
    volumes.copyInto(data).string("hello\n", "/greeting.txt");
    String id = volumes.containers().create(ContainerSpec.of(ContractImages.BUSYBOX).withCommand("true")
        .withMounts(VolumeMount.of(data, "/data").withReadOnly(true)));
    assertThat(volumes.containers().inspect(id).mounts()).anySatisfy(m -> assertThat(m.name()).contains(data));
    volumes.containers().remove(id);
    TreeDigest before = volumes.digest(data);
    assertThat(before.files()).isEqualTo(1);
  }

  @AfterAll
  static void bothRan() {
    // JUnit calls @AfterAll once around both runs: the first ran in memory, the second on the daemon (an
    // engine shared between runs would show "memory" twice)
    assertThat(ENGINES).containsExactly("memory", "docker");
  }
}
