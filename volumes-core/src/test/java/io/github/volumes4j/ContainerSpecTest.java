package io.github.volumes4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContainerSpecTest {

  @Test
  void networkIsEmptyByDefaultAndKeptWhenGiven() {
    assertThat(ContainerSpec.of("busybox").network()).isEmpty();
    assertThat(ContainerSpec.of("busybox").withNetwork("none").network()).contains("none");
  }

  @Test
  void anEmptyNetworkIsRefusedWithWhatToDo() {
    assertThatThrownBy(() -> ContainerSpec.builder().image("busybox").network("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("network is empty")
        .hasMessageContaining("none, bridge or host");
  }
}
