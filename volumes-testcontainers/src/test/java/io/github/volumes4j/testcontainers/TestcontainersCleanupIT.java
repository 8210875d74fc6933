package io.github.volumes4j.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.ResourceReaper;

/**
 * The reaper cannot run here (its image cannot be pulled), so its effect is tested directly: the
 * volumes volumes4j creates for a session's containers carry the labels Testcontainers' reaper removes
 * by, and Testcontainers' own cleanup of the session (the one its JVM hook runs when the reaper is off)
 * removes them; a reused container's volume is not labelled and survives it.
 */
@EnabledIfDocker
class TestcontainersCleanupIT {

  @Test
  void theSessionsCleanupRemovesItsVolumesAndKeepsAReusedContainersOne() {
    Volumes volumes = ContainerVolumes.volumes();
    ContractImages.ensure(volumes.engine());
    // one daemon: the one Testcontainers found
    assertThat(((io.github.volumes4j.docker.DockerEngine) volumes.engine()).host())
        .isEqualTo(DockerClientFactory.instance().getTransportConfig().getDockerHost());
    try (Volumes own = ContainerVolumes.connect()) {
      assertThat(((io.github.volumes4j.docker.DockerEngine) own.engine()).host()).isEqualTo(DockerClientFactory.instance()
          .getTransportConfig().getDockerHost());
      assertThat(own.engine().info().version()).isEqualTo(DockerClientFactory.instance().getInfo().getServerVersion());
      assertThat(own.engine()).isNotSameAs(volumes.engine());  // closing it leaves the shared one open (used below)
    }
    assertThat(ContainerVolumes.sessionLabels())
        .containsEntry(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL, DockerClientFactory.SESSION_ID)
        .containsAllEntriesOf(ResourceReaper.instance().getLabels());
    String run = UUID.randomUUID().toString().substring(0, 8);
    String session = "v4j-tc-" + run + "-session";
    String reused = "v4j-tc-" + run + "-reused";
    Map<String, String> mine = Map.of(ContainerVolumesIT.LABEL, run);
    try {
      try (GenericContainer<?> a = ContainerVolumes.mount(new GenericContainer<>(ContractImages.BUSYBOX).withCommand("sleep", "60"),
              VolumeMount.of(session, "/data").withLabels(mine));
          GenericContainer<?> b = ContainerVolumes.mount(
              new GenericContainer<>(ContractImages.BUSYBOX).withCommand("sleep", "60").withReuse(true),
              VolumeMount.of(reused, "/data").withLabels(mine))) {
        a.start();
        b.start();
      }
      assertThat(volumes.inspect(session).labels()).containsAllEntriesOf(ContainerVolumes.sessionLabels());
      assertThat(volumes.inspect(reused).labels()).isEqualTo(mine);

      // what Testcontainers runs at the end of the session without its reaper (JVMHookResourceReaper):
      // prune by the session's labels. Nothing else of this session is running now (tests run one at a time).
      ResourceReaper.instance().performCleanup();

      assertThat(volumes.find(session)).as("the session's volume after Testcontainers' cleanup").isEmpty();
      assertThat(volumes.find(reused)).as("the reused container's volume after Testcontainers' cleanup").isPresent();
    } finally {
      volumes.removeIfExists(session);
      volumes.removeIfExists(reused);
    }
  }
}
