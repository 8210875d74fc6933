package io.github.volumes4j.docker;

import static io.github.volumes4j.docker.DockerVolumesIT.IMAGE;
import static io.github.volumes4j.docker.DockerVolumesIT.TEST_LABEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One engine shared by threads; secrets kept out of messages; a closed engine says so. */
@EnabledIfDocker
class DockerEngineConcurrencyIT {

  @Test
  void oneEngineServesManyThreads() throws Exception {
    String run = "cc-" + UUID.randomUUID().toString().substring(0, 8);
    try (DockerEngine engine = DockerEngine.builder().host("unix:///var/run/docker.sock").maxConnections(4).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          results.add(pool.submit(() -> {
            int done = 0;
            for (int i = 0; i < 15; i++) {
              String name = run + "-" + thread + "-" + i;
              engine.createVolume(VolumeSpec.named(name).label(TEST_LABEL, run));
              assertThat(engine.inspectVolume(name).name()).isEqualTo(name);
              engine.listVolumes(VolumeFilter.label(TEST_LABEL, run));
              engine.removeVolume(name, false);
              done++;
            }
            return done;
          }));
        }
        int total = 0;
        for (Future<Integer> f : results) {
          total += f.get();
        }
        assertThat(total).isEqualTo(120);
        assertThat(engine.listVolumes(VolumeFilter.label(TEST_LABEL, run))).isEmpty();
      } finally {
        pool.shutdownNow();
        engine.listVolumes(VolumeFilter.label(TEST_LABEL, run)).forEach(v -> engine.removeVolume(v.name(), true));
      }
    }
  }

  @Test
  void aClosedEngineSaysSo() {
    DockerEngine engine = DockerEngine.detect();
    engine.close();
    assertThatThrownBy(() -> engine.inspectVolume("x")).isInstanceOf(IllegalStateException.class)
        .hasMessage("the DockerEngine for unix:///var/run/docker.sock is closed; build a new one");
  }

  @Test
  void cifsPasswordsNeverReachMessages() {
    String run = "cs-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = "s3cret-" + run;
    try (DockerEngine engine = DockerEngine.detect()) {
      try {
        engine.createVolume(VolumeSpec.named(run).label(TEST_LABEL, run).driverOption("type", "cifs")
            .driverOption("device", "//127.0.0.1/share").driverOption("o", "username=ann,password=" + secret + ",vers=3.0"));
        // the daemon mounts the volume at create (for copy-up); this kernel cannot mount CIFS, and the
        // daemon's error repeats the mount data, password included
        assertThatThrownBy(() -> engine.createContainer(ContainerSpec.builder().image(IMAGE).addCommand("true")
            .putLabel(TEST_LABEL, run).addMount(VolumeMount.of(run, "/data")).build()))
            .isExactlyInstanceOf(EngineException.class)
            .hasMessageContaining("password=" + io.github.volumes4j.internal.Secrets.MASK)
            .satisfies(e -> {
              assertThat(e.getMessage()).doesNotContain(secret);
              assertThat(e.getCause().getMessage()).doesNotContain(secret);
              assertThat(e.toString()).doesNotContain(secret);
            });
        assertThat(engine.toString()).doesNotContain(secret);
      } finally {
        engine.listContainers(Map.of(TEST_LABEL, run)).forEach(c -> engine.removeContainer(c.id(), true, true));
        engine.removeVolume(run, true);
      }
    }
  }
}
