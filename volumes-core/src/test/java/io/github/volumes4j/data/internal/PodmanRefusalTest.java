package io.github.volumes4j.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.EngineInfo;
import io.github.volumes4j.data.DataMovementException;
import org.junit.jupiter.api.Test;

/** Data movement refuses Podman, whose archive endpoints miss a created container's mounts (ANCHORS.md). */
class PodmanRefusalTest {

  private static EngineInfo info(String product) {
    EngineInfo.Builder b = EngineInfo.builder().name("docker unix:///run/podman/podman.sock").version("4.3.1")
        .apiVersion(ApiVersion.parse("1.41"));
    if (product != null) {
      b.product(product);
    }
    return b.build();
  }

  @Test
  void podmanIsRefusedBeforeAnyHelperIsCreated() {
    assertThat(info("Podman Engine").isPodman()).isTrue();
    assertThatThrownBy(() -> Helpers.requireArchiveSemantics(info("Podman Engine"), "pgdata"))
        .isInstanceOf(DataMovementException.class)
        .hasMessageContaining("volume \"pgdata\"")
        .hasMessageContaining("Podman Engine 4.3.1")
        .hasMessageContaining("root file system")
        .hasMessageContaining("nothing was read or written");
  }

  @Test
  void dockerAndUnnamedEnginesPass() {
    for (String p : new String[] {"Docker Engine - Community", "Docker Desktop 4.37.1 (178610)", null}) {
      assertThat(info(p).isPodman()).as(p).isFalse();
      assertThatCode(() -> Helpers.requireArchiveSemantics(info(p), "pgdata")).as(p).doesNotThrowAnyException();
    }
  }
}
