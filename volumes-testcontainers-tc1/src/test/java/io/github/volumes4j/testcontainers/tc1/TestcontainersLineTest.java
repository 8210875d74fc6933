package io.github.volumes4j.testcontainers.tc1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** This module's tests run on the Testcontainers and docker-java lines it claims, not on the parent's. */
class TestcontainersLineTest {

  @Test
  void testcontainers121WithItsDockerJava() throws Exception {
    assertThat(DockerClientFactory.TESTCONTAINERS_VERSION).startsWith("1.21.");
    String api = com.github.dockerjava.api.model.Mount.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(api).endsWith("docker-java-api-3.4.2.jar");
    String transport = com.github.dockerjava.transport.DockerHttpClient.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(transport).endsWith("docker-java-transport-3.4.2.jar");
  }
}
