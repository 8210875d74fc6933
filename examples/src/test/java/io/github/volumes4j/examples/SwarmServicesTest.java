package io.github.volumes4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service example on the in-memory engine as the manager of a single-node swarm; the README's service block runs
 * on a real single-node swarm in {@code DockerServiceIT} (the shared test daemon is in no swarm, and stays so).
 */
class SwarmServicesTest {

  @Test
  void aReplicatedServiceGetsItsVolumeAndTmpfsOnTheNodeAndAMissingBindSourceIsNamed() {
    try (Volumes volumes = Volumes.using(InMemoryEngine.builder().swarmManager().build())) {
      SwarmServices.Result r = SwarmServices.run(volumes);
      assertThat(r.tasks()).extracting(t -> t.slot()).containsExactly(1, 2);
      String volume = r.service().name().replace("-web", "-uploads");
      assertThat(r.dataPlaces()).hasSize(2).allSatisfy(p -> assertThat(p).contains("volume " + volume + " at /"));
      assertThat(r.sharedOnTheNode()).isTrue();
      assertThat(r.failure()).startsWith("invalid mount config for type \"bind\": bind source path does not exist: /srv/");
      assertThat(volumes.services().list(Map.of(Lab.LABEL, ""))).as("services left behind").isEmpty();
      assertThat(volumes.engine().listContainers(Map.of(Lab.LABEL, ""))).as("containers left behind").isEmpty();
      assertThat(volumes.list(io.github.volumes4j.VolumeFilter.hasLabel(Lab.LABEL))).as("volumes left behind").isEmpty();
    }
  }
}
