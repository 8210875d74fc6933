package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import io.github.volumes4j.testkit.junit.EngineKind;
import io.github.volumes4j.testkit.junit.TempVolume;
import io.github.volumes4j.testkit.junit.VolumesTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Temp volumes next to another extension that starts containers mounting them, as Testcontainers'
 * {@code @Container} does (static containers started in its beforeAll, instance ones in beforeEach,
 * stopped and removed in the matching after-callback, through its own Docker client): in either order of
 * declaration the volume exists before the container starts and is removed after the container is gone;
 * a temp volume that cannot be removed fails the test, never only a log line.
 */
@EnabledIfDocker
class ContainerExtensionOrderIT {

  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String LABEL = "io.github.volumes4j.test.order";
  /** What the starter saw: "start <volume>" when it started a container with the volume mounted. */
  static final List<String> EVENTS = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Starts and stops containers of fields of type {@link Started} through its own client, as Testcontainers does. */
  static final class StartsContainers implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeAll(ExtensionContext c) throws Exception {
      start(c.getRequiredTestClass(), null);
    }

    @Override
    public void afterAll(ExtensionContext c) throws Exception {
      stop(c.getRequiredTestClass(), null);
    }

    @Override
    public void beforeEach(ExtensionContext c) throws Exception {
      start(c.getRequiredTestClass(), c.getRequiredTestInstance());
    }

    @Override
    public void afterEach(ExtensionContext c) throws Exception {
      stop(c.getRequiredTestClass(), c.getRequiredTestInstance());
    }

    private static List<Started> fields(Class<?> type, Object instance) throws IllegalAccessException {
      List<Started> out = new ArrayList<>();
      for (java.lang.reflect.Field f : type.getDeclaredFields()) {
        if (f.getType() == Started.class && java.lang.reflect.Modifier.isStatic(f.getModifiers()) == (instance == null)) {
          f.setAccessible(true);
          out.add((Started) f.get(instance));
        }
      }
      return out;
    }

    private static void start(Class<?> type, Object instance) throws IllegalAccessException {
      for (Started s : fields(type, instance)) {
        s.start();
      }
    }

    private static void stop(Class<?> type, Object instance) throws IllegalAccessException {
      for (Started s : fields(type, instance)) {
        s.stop();
      }
    }
  }

  /** A container whose mount is read when it starts (as a Testcontainers command modifier is run then). */
  static final class Started {
    final Supplier<String> volume;
    String id;

    Started(Supplier<String> volume) {
      this.volume = volume;
    }

    void start() {
      String v = volume.get();
      if (v == null) {
        throw new IllegalStateException("the temp volume does not exist yet");
      }
      try (DockerEngine own = DockerEngine.detect()) {
        id = own.createContainer(ContainerSpec.of(ContractImages.BUSYBOX).withCommand("sleep", "3600")
            .withLabels(Map.of(LABEL, RUN)).withMounts(VolumeMount.of(v, "/data")));
        own.startContainer(id);
      }
      EVENTS.add("start " + v);
    }

    void stop() {
      try (DockerEngine own = DockerEngine.detect()) {
        own.stopContainer(id, Duration.ZERO);
        own.removeContainer(id, false, true);
      }
    }
  }

  @VolumesTest(engine = EngineKind.DOCKER)
  @ExtendWith(StartsContainers.class)
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class OursFirst {
    @TempVolume static String shared;
    static final Started sharedContainer = new Started(() -> shared);
    @TempVolume String mine;
    final Started myContainer = new Started(() -> mine);

    @Test
    void theContainersSeeTheirVolumes(io.github.volumes4j.Volumes volumes) {
      assertThat(mountOf(volumes, sharedContainer.id)).isEqualTo(shared);
      assertThat(mountOf(volumes, myContainer.id)).isEqualTo(mine);
    }
  }

  @ExtendWith(StartsContainers.class)
  @VolumesTest(engine = EngineKind.DOCKER)
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class TheirsFirst {
    @TempVolume static String shared;
    static final Started sharedContainer = new Started(() -> shared);

    @Test
    void theStaticContainerSeesTheStaticVolume(io.github.volumes4j.Volumes volumes) {
      assertThat(mountOf(volumes, sharedContainer.id)).isEqualTo(shared);
    }
  }

  /** A temp volume still used by a container no one stops: the test fails, naming it. */
  @VolumesTest(engine = EngineKind.DOCKER)
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class StillInUse {
    static String left;

    @Test
    void leavesItsVolumeInUse(@TempVolume String data) {
      left = data;
      new Started(() -> data).start();
    }
  }

  static String mountOf(io.github.volumes4j.Volumes volumes, String container) {
    ContainerInfo info = volumes.containers().inspect(container);
    return info.mounts().stream().filter(m -> m.destination().equals("/data")).findFirst().orElseThrow().name().orElseThrow();
  }

  static List<String> run(Class<?> sample) {
    List<String> problems = new ArrayList<>();
    System.setProperty("volumes4j.samples", "true");
    try {
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample)).build(),
          new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult r) {
              if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                problems.add(id.getDisplayName() + ": " + r.getThrowable().map(Throwable::getMessage).orElse(""));
              }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
              problems.add(id.getDisplayName() + " skipped: " + reason);
            }
          });
    } finally {
      System.clearProperty("volumes4j.samples");
    }
    return problems;
  }

  static DockerEngine docker;

  @BeforeAll
  static void connect() {
    docker = DockerEngine.detect();
    ContractImages.ensure(docker);
  }

  static void cleanUp() {
    for (ContainerInfo c : docker.listContainers(Map.of(LABEL, RUN))) {
      docker.removeContainer(c.id(), false, true);
    }
    if (StillInUse.left != null && !docker.listVolumes(VolumeFilter.name(StillInUse.left)).isEmpty()) {
      docker.removeVolume(StillInUse.left, true);
    }
  }

  @AfterAll
  static void disconnect() {
    cleanUp();
    docker.close();
  }

  void assertNothingLeft(String... volumes) {
    assertThat(docker.listContainers(Map.of(LABEL, RUN))).as("containers left").isEmpty();
    for (String v : volumes) {
      assertThat(docker.listVolumes(VolumeFilter.name(v))).as("volume %s left", v).isEmpty();
    }
  }

  @Test
  void declaredBeforeTheContainerExtensionTheVolumesComeFirstAndGoLast() {
    EVENTS.clear();
    assertThat(run(OursFirst.class)).isEmpty();
    assertThat(EVENTS).hasSize(2).allSatisfy(e -> assertThat(e).startsWith("start v4j-tmp-"));
    assertNothingLeft(OursFirst.shared, EVENTS.get(1).substring(6));
  }

  @Test
  void declaredAfterTheContainerExtensionTheStaticVolumeStillComesFirstAndGoesLast() {
    EVENTS.clear();
    assertThat(run(TheirsFirst.class)).isEmpty();
    assertThat(EVENTS).containsExactly("start " + TheirsFirst.shared);
    assertNothingLeft(TheirsFirst.shared);
  }

  @Test
  void aTempVolumeThatCannotBeRemovedFailsTheTestNamingIt() {
    List<String> problems = run(StillInUse.class);
    try {
      assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("leavesItsVolumeInUse(")
          .contains("temp volume " + StillInUse.left + " could not be removed").contains("in use"));
    } finally {
      cleanUp();
    }
  }
}
