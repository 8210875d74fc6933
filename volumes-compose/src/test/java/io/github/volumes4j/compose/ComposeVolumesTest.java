package io.github.volumes4j.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating a project's volumes as compose does, on the in-memory engine (ComposeDockerIT does it on Docker). */
class ComposeVolumesTest {

  @TempDir
  Path dir;

  ComposeProject project(String yaml) throws IOException {
    Path f = dir.resolve("shop/compose.yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, yaml);
    return Compose.loader().withFiles(f).withEnvironment(Map.of()).load();
  }

  @Test
  void createsWithComposeLabelsOnceAndKeepsWhatExists() throws IOException {
    ComposeProject p = project("""
        services: {}
        volumes:
          data:
            labels: {backup: nightly}
          opts:
            driver: local
            driver_opts: {type: tmpfs, device: tmpfs, o: size=1m}
        """);
    Volumes volumes = Volumes.using(InMemoryEngine.dockerLike());
    ComposeVolumes.Result first = ComposeVolumes.create(volumes, p);
    assertThat(first.created()).containsExactly("shop_data", "shop_opts");
    assertThat(first.warnings()).isEmpty();
    assertThat(volumes.inspect("shop_data").labels()).containsEntry("com.docker.compose.project", "shop")
        .containsEntry("com.docker.compose.volume", "data").containsEntry("backup", "nightly")
        .doesNotContainKey("com.docker.compose.config-hash");
    assertThat(volumes.inspect("shop_opts").options()).containsEntry("o", "size=1m");
    ComposeVolumes.Result again = ComposeVolumes.create(volumes, p);
    assertThat(again.created()).isEmpty();
    assertThat(again.volumes().keySet()).containsExactly("data", "opts");
    assertThat(volumes.list()).hasSize(2);
  }

  @Test
  void volumesComposeDidNotCreateAreUsedWithItsWarning() throws IOException {
    Volumes volumes = Volumes.using(InMemoryEngine.dockerLike());
    volumes.create("shop_data");
    volumes.create(VolumeSpec.named("shop_cache").label("com.docker.compose.project", "other"));
    ComposeVolumes.Result r = ComposeVolumes.create(volumes, project("volumes:\n  data: {}\n  cache: {}\n"));
    assertThat(r.created()).isEmpty();
    assertThat(r.warnings()).containsExactly(
        "volume \"shop_data\" already exists but was not created by Docker Compose. Use `external: true` to use an existing volume",
        "volume \"shop_cache\" already exists but was created for project \"other\" (expected \"shop\"). Use `external: true` to use an existing volume");
    assertThat(volumes.inspect("shop_data").labels()).isEmpty();
  }

  @Test
  void aConnectionCutPartWayLeavesTheProjectsOwnVolumesAndASecondCallFinishes() throws IOException {
    io.github.volumes4j.testkit.FaultInjectingEngine faulty = io.github.volumes4j.testkit.FaultInjectingEngine
        .around(InMemoryEngine.dockerLike());
    Volumes volumes = Volumes.using(faulty);
    ComposeProject p = project("volumes:\n  a: {}\n  b: {}\n");
    // calls: list by project label, find a, create a, find b, create b (cut)
    faulty.failCall(5, io.github.volumes4j.testkit.FaultInjectingEngine.Fault.CUT_BEFORE);
    assertThatThrownBy(() -> ComposeVolumes.create(volumes, p)).isInstanceOf(io.github.volumes4j.VolumesException.class);
    assertThat(faulty.fired()).isPresent();
    assertThat(volumes.list()).extracting(io.github.volumes4j.Volume::name).containsExactly("shop_a");
    ComposeVolumes.Result again = ComposeVolumes.create(volumes, p);
    assertThat(again.created()).containsExactly("shop_b");
    assertThat(again.warnings()).isEmpty();
  }

  @Test
  void aMissingExternalVolumeFailsBeforeAnythingIsCreated() throws IOException {
    Volumes volumes = Volumes.using(InMemoryEngine.dockerLike());
    ComposeProject p = project("volumes:\n  data: {}\n  certs:\n    external: true\n    name: prod-certs\n");
    assertThatThrownBy(() -> ComposeVolumes.create(volumes, p)).isInstanceOf(VolumeNotFoundException.class)
        .hasMessageContaining("external volume \"prod-certs\" not found");
    assertThat(volumes.list()).isEmpty();
    volumes.create("prod-certs");
    assertThat(ComposeVolumes.create(volumes, p).created()).containsExactly("shop_data");
  }
}
