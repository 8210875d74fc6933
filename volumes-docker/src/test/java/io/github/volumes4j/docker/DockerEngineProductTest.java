package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.docker.internal.wire.SystemWire;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The product named in GET /version answers of the engines volumes4j meets; no daemon needed. */
class DockerEngineProductTest {

  private static String product(String json) {
    return SystemWire.Version.read(json.getBytes(StandardCharsets.UTF_8)).product();
  }

  @Test
  void debianDocker2010HasAnEmptyPlatformName() {
    assertThat(product("{\"Platform\":{\"Name\":\"\"},\"Components\":[{\"Name\":\"Engine\",\"Version\":\"20.10.24+dfsg1\"},"
        + "{\"Name\":\"containerd\",\"Version\":\"1.6.20~ds1\"}],\"Version\":\"20.10.24+dfsg1\",\"ApiVersion\":\"1.41\"}"))
        .isEqualTo("Docker Engine");
  }

  @Test
  void dockerCeAndDesktopNameThemselvesInPlatform() {
    assertThat(product("{\"Platform\":{\"Name\":\"Docker Engine - Community\"},\"Components\":[{\"Name\":\"Engine\"}]}"))
        .isEqualTo("Docker Engine - Community");
    assertThat(product("{\"Platform\":{\"Name\":\"Docker Desktop 4.37.1 (178610)\"},\"Components\":[]}"))
        .isEqualTo("Docker Desktop 4.37.1 (178610)");
  }

  @Test
  void podmanIsRecognizedByItsComponentWhateverThePlatformSays() {
    assertThat(product("{\"Platform\":{\"Name\":\"linux/amd64/debian-12\"},\"Components\":[{\"Name\":\"Podman Engine\","
        + "\"Version\":\"4.3.1\",\"Details\":{\"APIVersion\":\"4.3.1\"}}],\"Version\":\"4.3.1\",\"ApiVersion\":\"1.41\"}"))
        .isEqualTo("Podman Engine");
  }

  @Test
  void aBareAnswerIsDocker() {
    assertThat(product("{\"Version\":\"20.10.24\"}")).isEqualTo("Docker Engine");
  }
}
