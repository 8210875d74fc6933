package io.github.volumes4j.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** This module's tests run on Testcontainers 2.0 (volumes-testcontainers-tc1 runs them on 1.21). */
class TestcontainersLineTest {

  @Test
  void testcontainers20() {
    if (!DockerClientFactory.TESTCONTAINERS_VERSION.startsWith("1.21.")) {
      assertThat(DockerClientFactory.TESTCONTAINERS_VERSION).startsWith("2.0.");
    }
  }
}
