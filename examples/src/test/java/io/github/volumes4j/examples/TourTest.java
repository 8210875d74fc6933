package io.github.volumes4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TourTest {

  @Test
  void theTourRunsEveryExampleInOrderOnTheInMemoryEngineAndLeavesNothing() {
    InMemoryEngine engine = InMemoryEngine.dockerLike();
    try (Volumes volumes = Volumes.using(engine)) {
      Map<String, Object> results = Tour.run(volumes);
      assertThat(results.keySet()).containsExactly("EphemeralContainers", "DatabaseStorage", "SharingData",
          "Configuration", "Logs", "BindMountsVersusVolumes", "TmpfsSecrets", "VolumeDrivers", "Backups", "Housekeeping",
          "ComposeProjects", "NightlySnapshots");
      assertThat(results.get("Backups")).isInstanceOf(Backups.Result.class);
      assertThat(volumes.list()).filteredOn(v -> v.labels().containsKey(Lab.LABEL)).isEmpty();
      assertThat(engine.listContainers(Map.of(Lab.LABEL, ""))).isEmpty();
    }
  }

  @Test
  void theEngineIsChosenByArgumentOrProperty() {
    assertThat(EngineChoice.fromArgs("memory")).isEqualTo(EngineChoice.MEMORY);
    assertThat(EngineChoice.fromArgs("DOCKER")).isEqualTo(EngineChoice.DOCKER);
    assertThat(EngineChoice.fromArgs("memory-1.41")).isEqualTo(EngineChoice.MEMORY_1_41);
    assertThatThrownBy(() -> EngineChoice.fromArgs("podman")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("engine \"podman\" is not one of auto, docker, memory, memory-1.41");
  }

  @Test
  void memoryChoicesSayWhichEngineTheyOpen() {
    List<String> said = new ArrayList<>();
    try (Volumes v = EngineChoice.MEMORY_1_41.open(said::add)) {
      assertThat(v.apiVersion().toString()).isEqualTo("1.41");
    }
    assertThat(said).singleElement().asString().contains("in-memory").contains("1.41");
  }
}
