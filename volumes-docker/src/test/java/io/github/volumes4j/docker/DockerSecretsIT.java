package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.SecretsContract;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Passwords of every shape through the real daemon's errors, values, logs and backups; a DOCKER_HOST with a password. */
@EnabledIfDocker
class DockerSecretsIT extends SecretsContract {
  @Override
  protected VolumeEngine createEngine() {
    return DockerEngine.detect();
  }

  @Test
  void aPasswordInTheHostUriIsNeverPrinted() {
    String pw = "h0stS3cretPw";
    assertThatThrownBy(() -> DockerEngine.builder().host("tcp://ann:" + pw + "@127.0.0.1:9")
        .connectTimeout(Duration.ofSeconds(1)).build())
        .satisfies(e -> {
          assertThat(e.toString()).doesNotContain(pw);
          assertThat(String.valueOf(e.getCause())).doesNotContain(pw);
          if (e instanceof io.github.volumes4j.EngineUnavailableException u) {
            assertThat(u.attempts().toString()).doesNotContain(pw);
          }
        });
  }
}
