package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.EngineUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What detect() says when nothing answers; no daemon needed. */
class DockerEngineDetectTest {

  @AfterEach
  void clear() {
    System.clearProperty("DOCKER_HOST");
  }

  @Test
  void aMissingSocketIsReportedAsMissing() {
    System.setProperty("DOCKER_HOST", "unix:///nonexistent/volumes4j/docker.sock");
    assertThatThrownBy(DockerEngine::detect).isInstanceOf(EngineUnavailableException.class)
        .hasMessage("no Docker engine found; tried: DOCKER_HOST (system property)"
            + " unix:///nonexistent/volumes4j/docker.sock (missing)")
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((EngineUnavailableException) e).attempts())
            .containsExactly("DOCKER_HOST (system property) unix:///nonexistent/volumes4j/docker.sock (missing)"));
  }

  @Test
  void aClosedPortIsReportedAsRefused() {
    System.setProperty("DOCKER_HOST", "tcp://127.0.0.1:1");
    assertThatThrownBy(DockerEngine::detect).isInstanceOf(EngineUnavailableException.class)
        .hasMessage("no Docker engine found; tried: DOCKER_HOST (system property) tcp://127.0.0.1:1 (connection refused)");
  }

  @Test
  void anUnsupportedSchemeIsReportedWithTheValue() {
    System.setProperty("DOCKER_HOST", "ssh://me@host");
    assertThatThrownBy(DockerEngine::detect).isInstanceOf(EngineUnavailableException.class)
        .hasMessage("no Docker engine found; tried: DOCKER_HOST (system property) \"ssh://me@host\" has an unsupported"
            + " scheme \"ssh\"; use unix://, tcp:// or npipe:// (ssh:// is not supported)");
  }
}
