package io.github.volumes4j.examples;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.docker.DockerEngine;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;

/** The examples on the real Docker daemon, with the local image volumes4j/busybox:test. */
@EnabledIfDocker
class ExamplesIT extends ExamplesContract {
  @Override
  protected Volumes createVolumes() {
    return Volumes.using(DockerEngine.detect());
  }

  /** Testcontainers needs a daemon: this example runs on Docker only. */
  @org.junit.jupiter.api.Test
  void withTestcontainersTheVolumeIsSharedSeededCopiedOutAndTheDatabaseReset(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws java.io.IOException {
    WithTestcontainers.Result r = WithTestcontainers.run(tmp.resolve("out"));
    org.assertj.core.api.Assertions.assertThat(r.readerSaw()).isEqualTo(
        new String(WithTestcontainers.class.getResourceAsStream("config/app.properties").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8).trim());
    org.assertj.core.api.Assertions.assertThat(r.tmpfs()).contains("tmpfs", "size=8192k", "mode=700", "noexec", "nosuid");
    org.assertj.core.api.Assertions.assertThat(r.copiedOut()).containsExactly("config", "config/app.properties",
        "config/logging.properties", "latest", "reports", "reports/run.txt");
    org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.readSymbolicLink(tmp.resolve("out/latest")).toString())
        .isEqualTo("reports/run.txt");
    org.assertj.core.api.Assertions.assertThat(r.rowsAfterReset()).isEqualTo(r.database().equals("sqlite") ? 200_000 : 20_000);
  }
}
