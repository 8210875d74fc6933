package io.github.volumes4j.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/** Reset to golden state on a real Testcontainers container: content, labels, the container running again. */
@EnabledIfDocker
class GoldenStateIT {

  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final Map<String, String> MINE = Map.of(ContainerVolumesIT.LABEL, RUN);

  @Test
  void resetPutsTheSeededContentBackAndTheContainerRunsAgain() throws Exception {
    Volumes volumes = ContainerVolumes.volumes();
    ContractImages.ensure(volumes.engine());
    String data = "v4j-tc-" + RUN + "-golden";
    String seed = "mkdir -p /data/db && seq 1 20000 > /data/db/rows && echo v1 > /data/db/schema && ln -s rows /data/db/current";
    try (GenericContainer<?> db = ContainerVolumes.mount(new GenericContainer<>(ContractImages.BUSYBOX).withCommand("sleep", "3600"),
        VolumeMount.of(data, "/data").withLabels(MINE))) {
      db.start();
      ContainerVolumesIT.sh(db, seed);
      TreeDigest seeded = volumes.digest(data);
      Map<String, String> labels = volumes.inspect(data).labels();

      try (GoldenState golden = GoldenState.capture(db, data)) {
        assertThat(db.isRunning()).isTrue();
        assertThat(golden.captured().manifest().content()).isEqualTo(seeded);
        for (int round = 0; round < 2; round++) {
          // a test changes everything it can
          ContainerVolumesIT.sh(db, "echo 20001 >> /data/db/rows && rm /data/db/schema && echo junk > /data/new && rm /data/db/current");
          assertThat(volumes.digest(data)).isNotEqualTo(seeded);
          String before = db.getContainerId();

          Duration reset = golden.reset();

          assertThat(volumes.digest(data)).isEqualTo(seeded);
          assertThat(volumes.inspect(data).labels()).isEqualTo(labels);
          assertThat(db.isRunning()).isTrue();
          assertThat(db.getContainerId()).isNotEqualTo(before);
          assertThat(ContainerVolumesIT.sh(db, "wc -l < /data/db/rows; cat /data/db/schema; ls /data")).isEqualTo("20000\nv1\ndb");

          // the same state by re-creating the container and seeding it again
          long t0 = System.nanoTime();
          db.stop();
          volumes.remove(data);
          db.start();
          ContainerVolumesIT.sh(db, seed);
          Duration recreate = Duration.ofNanos(System.nanoTime() - t0);
          System.out.printf("golden state round %d: reset %d ms, re-create and re-seed %d ms (a %d-byte capture)%n", round,
              reset.toMillis(), recreate.toMillis(), golden.captured().archiveBytes());
        }
      }
    } finally {
      volumes.removeIfExists(data);
    }
  }
}
