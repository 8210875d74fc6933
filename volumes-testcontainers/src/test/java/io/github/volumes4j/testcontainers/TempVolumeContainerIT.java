package io.github.volumes4j.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import io.github.volumes4j.testkit.junit.EngineKind;
import io.github.volumes4j.testkit.junit.TempVolume;
import io.github.volumes4j.testkit.junit.VolumesTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A {@code @TempVolume} mounted by a {@code @Container} of the same class, with Testcontainers' own
 * JUnit 5 extension, in either order of declaration: the volume exists before the container starts,
 * and is gone after the class, once the container has stopped. The sample classes run in a launcher of
 * their own so that what happens after them can be checked.
 */
@EnabledIfDocker
class TempVolumeContainerIT {

  static final List<String> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();

  static GenericContainer<?> busybox() {
    return new GenericContainer<>(ContractImages.BUSYBOX).withCommand("sleep", "3600");
  }

  @VolumesTest(engine = EngineKind.DOCKER)
  @Testcontainers
  @EnabledIfSystemProperty(named = "volumes4j.tc.samples", matches = "true")
  static class VolumesFirst {
    @TempVolume static Volume shared;
    @Container static GenericContainer<?> app = ContainerVolumes.mount(busybox(), () -> VolumeMount.of(shared.name(), "/data"));
    @TempVolume Volume mine;
    @Container GenericContainer<?> perTest = ContainerVolumes.mount(busybox(), () -> VolumeMount.of(mine.name(), "/mine"));

    @Test
    void bothContainersSeeTheirTempVolumes() throws Exception {
      SEEN.add(shared.name());
      SEEN.add(mine.name());
      assertThat(ContainerVolumesIT.sh(app, "echo hi > /data/x && cat /data/x")).isEqualTo("hi");
      assertThat(DockerJavaMounts.mountPoints(app.getContainerInfo())).anySatisfy(p -> assertThat(p.name()).hasValue(shared.name()));
      assertThat(DockerJavaMounts.mountPoints(perTest.getContainerInfo())).anySatisfy(p -> assertThat(p.name()).hasValue(mine.name()));
    }
  }

  @Testcontainers
  @VolumesTest(engine = EngineKind.DOCKER)
  @EnabledIfSystemProperty(named = "volumes4j.tc.samples", matches = "true")
  static class ContainersFirst {
    @TempVolume static Volume shared;
    @Container static GenericContainer<?> app = ContainerVolumes.mount(busybox(), () -> VolumeMount.of(shared.name(), "/data"));

    @Test
    void theStaticContainerSeesTheStaticTempVolume() {
      SEEN.add(shared.name());
      assertThat(DockerJavaMounts.mountPoints(app.getContainerInfo())).anySatisfy(p -> assertThat(p.name()).hasValue(shared.name()));
    }
  }

  @Test
  void volumesDeclaredFirst() {
    runAndCheck(VolumesFirst.class, 2);
  }

  @Test
  void containersDeclaredFirst() {
    runAndCheck(ContainersFirst.class, 1);
  }

  private static void runAndCheck(Class<?> sample, int volumes) {
    SEEN.clear();
    List<String> problems = new ArrayList<>();
    System.setProperty("volumes4j.tc.samples", "true");
    try {
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample)).build(),
          new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult r) {
              if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                problems.add(id.getDisplayName() + ": " + r.getThrowable().map(Throwable::toString).orElse(""));
              }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
              problems.add(id.getDisplayName() + " skipped: " + reason);
            }
          });
    } finally {
      System.clearProperty("volumes4j.tc.samples");
    }
    assertThat(problems).isEmpty();
    assertThat(SEEN).hasSize(volumes);
    for (String v : SEEN) {
      assertThat(ContainerVolumes.volumes().find(v)).as("temp volume %s after the class", v).isEmpty();
    }
  }
}
