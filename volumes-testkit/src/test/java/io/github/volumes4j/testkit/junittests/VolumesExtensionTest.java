package io.github.volumes4j.testkit.junittests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.InMemoryEngine;
import io.github.volumes4j.testkit.junit.CleanupMode;
import io.github.volumes4j.testkit.junit.EngineKind;
import io.github.volumes4j.testkit.junit.Sessions;
import io.github.volumes4j.testkit.FaultInjectingEngine;
import io.github.volumes4j.testkit.junit.TempVolume;
import io.github.volumes4j.testkit.junit.VolumesTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.engine.TestExecutionResult.Status;

class VolumesExtensionTest {

  static final List<String> seen = new CopyOnWriteArrayList<>();
  static volatile VolumeEngine lastEngine;
  static final java.util.Map<String, java.util.Map<String, String>> labelsSeen = new java.util.concurrent.ConcurrentHashMap<>();

  static boolean exists(String name) {
    return io.github.volumes4j.testkit.EngineLeftovers.volumeNames(lastEngine).contains(name);
  }

  // ---- samples (run only through Runs) --------------------------------------------------------

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Fields {
    @TempVolume static Volume perClass;
    @TempVolume Volume perTest;
    @TempVolume String perTestName;

    @Test
    @Order(1)
    void first(VolumeEngine engine) {
      lastEngine = engine;
      seen.add(perClass.name());
      seen.add(perTest.name());
      seen.add(perTestName);
      assertThat(engine.inspectVolume(perTest.name()).labels()).containsKey(Sessions.SESSION_LABEL);
    }

    @Test
    @Order(2)
    void second() {
      seen.add(perClass.name());
      seen.add(perTest.name());
      assertThat(exists(seen.get(1))).as("the first test's volume is gone").isFalse();
    }
  }

  @Test
  void fieldsGetVolumesPerClassAndPerTestAndTheyAreRemoved() {
    seen.clear();
    Runs.Result r = Runs.run(Fields.class);
    assertEquals(0, r.failedTests(), () -> r.outcomes.toString());
    assertThat(seen).hasSize(5);
    assertThat(seen.get(0)).isEqualTo(seen.get(3)).as("static field: one per class");
    assertThat(seen.get(1)).isNotEqualTo(seen.get(4)).as("instance field: one per test");
    assertThat(seen).allSatisfy(n -> assertThat(exists(n)).as(n + " removed").isFalse());
  }

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class Parameters {
    @Test
    void params(@TempVolume Volume v, @TempVolume(labels = {"team=infra", "flag"}) String name, Volumes volumes,
        VolumeEngine engine) {
      lastEngine = engine;
      seen.add(v.name());
      seen.add(name);
      assertThat(volumes.inspect(name).labels()).containsEntry("team", "infra").containsEntry("flag", "");
      assertThat(volumes.engine()).isSameAs(engine);
    }
  }

  @Test
  void parametersGetTempVolumesAndEngines() {
    seen.clear();
    Runs.Result r = Runs.run(Parameters.class);
    assertEquals(0, r.failedTests(), () -> r.outcomes.toString());
    assertThat(seen).hasSize(2).allSatisfy(n -> assertThat(exists(n)).isFalse());
  }

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class FinalField {
    @TempVolume final Volume v = null;

    @Test
    void t() {}
  }

  @Test
  void aFinalFieldIsRefused() {
    Runs.Outcome o = Runs.run(FinalField.class).test("t()");
    assertThat(o.status()).isEqualTo(Status.FAILED);
    assertThat(o.message()).isEqualTo("@TempVolume field [FinalField.v] must not be final: the extension assigns it");
  }

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class WrongFieldType {
    @TempVolume java.nio.file.Path v;

    @Test
    void t() {}
  }

  @Test
  void aFieldOfAnotherTypeIsRefused() {
    Runs.Outcome o = Runs.run(WrongFieldType.class).test("t()");
    assertThat(o.status()).isEqualTo(Status.FAILED);
    assertThat(o.message()).isEqualTo("@TempVolume field [WrongFieldType.v] is a java.nio.file.Path; "
        + "declare it as io.github.volumes4j.Volume or String");
  }

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class WrongParameterType {
    @Test
    void t(@TempVolume Integer v) {}
  }

  @Test
  void aParameterOfAnotherTypeIsRefused() {
    Runs.Outcome o = Runs.run(WrongParameterType.class).test("t(");
    assertThat(o.status()).isEqualTo(Status.FAILED);
    assertThat(o.message()).contains("@TempVolume parameter [").contains("is a java.lang.Integer; declare it as "
        + "io.github.volumes4j.Volume or String");
  }

  @Test
  void aLeakFailsTheTestNamingWhereEachThingWasCreatedAndRemovesIt() throws Exception {
    seen.clear();
    Runs.Result r = Runs.run(LeakyWithImage.class);
    Runs.Outcome leak = r.test("leaks(");
    assertThat(leak.status()).isEqualTo(Status.FAILED);
    String file = "VolumesExtensionTest.java";
    assertThat(leak.message())
        .startsWith("Expecting leaks(Volumes) to remove what it created, but it left 3 things (now removed):")
        .contains("volume " + seen.get(0) + " created at " + LeakyWithImage.class.getName() + ".leaks(" + file + ":")
        .contains("container " + seen.get(1) + " created at " + LeakyWithImage.class.getName() + ".leaks(" + file + ":")
        .containsPattern("volume [0-9a-f]{64} created at ");
    assertThat(r.test("clean(").status()).isEqualTo(Status.SUCCESSFUL);
    assertThat(exists(seen.get(0))).isFalse();
    assertThat(io.github.volumes4j.testkit.EngineLeftovers.containers(lastEngine)).isEmpty();
    assertThat(io.github.volumes4j.testkit.EngineLeftovers.volumeNames(lastEngine)).isEmpty();
  }

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class LeakyWithImage {
    @Test
    void leaks(Volumes volumes) {
      lastEngine = volumes.engine();
      ((InMemoryEngine) ((io.github.volumes4j.testkit.internal.TrackingEngine) volumes.engine()).delegate())
          .registerImage("volumes4j/leak:1", fs -> fs.mkdirs("/data"));
      seen.add(volumes.create(VolumeSpec.named("leak-" + System.nanoTime())).name());
      String id = volumes.engine().createContainer(ContainerSpec.builder().image("volumes4j/leak:1")
          .addMount(VolumeMount.anonymous("/data")).build());
      seen.add(id);
    }

    @Test
    void clean(Volumes volumes) {
      Volume v = volumes.create(VolumeSpec.named("clean-" + System.nanoTime()));
      volumes.remove(v.name());
    }
  }

  @Test
  void leakCheckWarnDoesNotFailButStillRemoves() {
    seen.clear();
    Runs.Result r = Runs.run(LeakyWithImage.class, Map.of("volumes4j.leakcheck", "warn"));
    assertThat(r.failedTests()).isZero();
    assertThat(exists(seen.get(0))).isFalse();
  }

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class OnSuccess {
    @Test
    @Order(1)
    void passes(@TempVolume(cleanup = CleanupMode.ON_SUCCESS) String v, VolumeEngine e) {
      lastEngine = e;
      seen.add(v);
    }

    @Test
    @Order(2)
    void fails(@TempVolume(cleanup = CleanupMode.ON_SUCCESS) String v) {
      seen.add(v);
      throw new AssertionError("on purpose");
    }

    @Test
    @Order(3)
    void never(@TempVolume(cleanup = CleanupMode.NEVER) String v, VolumeEngine e) {
      seen.add(v);
      labelsSeen.put(v, e.inspectVolume(v).labels());
    }
  }

  @Test
  void onSuccessKeepsTheVolumeOfAFailedTestAndNeverKeepsItAlways() {
    seen.clear();
    Runs.Result r = Runs.run(OnSuccess.class);
    assertThat(r.test("passes(").status()).isEqualTo(Status.SUCCESSFUL);
    assertThat(r.test("fails(").message()).isEqualTo("on purpose");
    assertThat(r.test("never(").status()).as("a kept volume is no leak").isEqualTo(Status.SUCCESSFUL);
    assertThat(exists(seen.get(0))).isFalse();
    assertThat(exists(seen.get(1))).isTrue();
    assertThat(exists(seen.get(2))).isTrue();
    // so a later run's sweep leaves it
    assertThat(labelsSeen.get(seen.get(2))).containsEntry(Sessions.CLEANUP_LABEL, "NEVER");
  }

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class DefaultMode {
    @TempVolume String v;

    @Test
    void t(VolumeEngine e) {
      lastEngine = e;
      seen.add(v);
    }
  }

  @Test
  void theDefaultCleanupModeComesFromTheConfiguration() {
    seen.clear();
    Runs.run(DefaultMode.class, Map.of("volumes4j.tempvolume.cleanup", "never"));
    assertThat(exists(seen.get(0))).isTrue();
    seen.clear();
    Runs.run(DefaultMode.class);
    assertThat(exists(seen.get(0))).isFalse();
  }

  @Test
  void aBadCleanupModeIsExplained() {
    Runs.Outcome o = Runs.run(DefaultMode.class, Map.of("volumes4j.tempvolume.cleanup", "sometimes")).test("t(");
    assertThat(o.message()).isEqualTo("volumes4j.tempvolume.cleanup=sometimes is not a cleanup mode; "
        + "use ALWAYS, ON_SUCCESS or NEVER");
  }

  @VolumesTest(engine = EngineKind.DOCKER)
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class WantsDocker {
    @Test
    void t(VolumeEngine e) {}
  }

  @Test
  void dockerWithoutAProviderFailsWithAHowTo() {
    Runs.Outcome o = Runs.run(WantsDocker.class).container("VolumesExtensionTest$WantsDocker");
    assertThat(o.status()).isEqualTo(Status.FAILED);
    assertThat(o.message()).startsWith("the test asks for the Docker engine").contains(
        "no VolumeEngineProvider named \"docker\" on the class path; add io.github.volumes4j:volumes-docker");
  }

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class WhichEngine {
    @Test
    void t(VolumeEngine e) {
      lastEngine = e;
    }
  }

  @Test
  void autoFallsBackToMemoryWithoutDocker() {
    assertThat(Runs.run(WhichEngine.class, Map.of("volumes4j.engine", "auto")).failedTests()).isZero();
    assertThat(lastEngine.info().name()).isEqualTo("in-memory");
  }

  @Test
  void theConfiguredEngineKindIsChecked() {
    Runs.Outcome o = Runs.run(WhichEngine.class, Map.of("volumes4j.engine", "podman"))
        .container("VolumesExtensionTest$WhichEngine");
    assertThat(o.message()).isEqualTo("volumes4j.engine=podman is not an engine; use memory, docker or auto");
  }

  @Test
  void theMemoryEngineCanEmulateAnApiVersion() {
    assertThat(Runs.run(WhichEngine.class, Map.of("volumes4j.memory.api", "1.41")).failedTests()).isZero();
    assertThat(lastEngine.info().apiVersion()).isEqualTo(ApiVersion.of(1, 41));
  }

  @Test
  void sweepRemovesWhatDeadSessionsLeft() {
    InMemoryEngine engine = InMemoryEngine.dockerLike();
    long deadPid = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
    String host = Sessions.currentLabels().get(Sessions.OWNER_LABEL).replaceFirst(":[0-9]+$", "");
    long now = System.currentTimeMillis() / 1000;
    engine.createVolume(VolumeSpec.named("dead").label(Sessions.SESSION_LABEL, "s1")
        .label(Sessions.OWNER_LABEL, host + ":" + deadPid).label(Sessions.STARTED_LABEL, Long.toString(now - 60)));
    engine.createVolume(VolumeSpec.named("mine").label(Sessions.SESSION_LABEL, Sessions.currentId())
        .label(Sessions.OWNER_LABEL, host + ":" + ProcessHandle.current().pid()));
    engine.createVolume(VolumeSpec.named("alive").label(Sessions.SESSION_LABEL, "s2")
        .label(Sessions.OWNER_LABEL, host + ":" + ProcessHandle.current().pid())
        .label(Sessions.STARTED_LABEL, Long.toString(now)));
    engine.createVolume(VolumeSpec.named("elsewhere-new").label(Sessions.SESSION_LABEL, "s3")
        .label(Sessions.OWNER_LABEL, "other-host:1").label(Sessions.STARTED_LABEL, Long.toString(now - 3600)));
    engine.createVolume(VolumeSpec.named("elsewhere-old").label(Sessions.SESSION_LABEL, "s4")
        .label(Sessions.OWNER_LABEL, "other-host:1").label(Sessions.STARTED_LABEL, Long.toString(now - 3 * 86400)));
    engine.createVolume(VolumeSpec.named("unlabelled"));
    // temp volumes of the dead run: kept on purpose (NEVER, ON_SUCCESS of a failed test) stay, ALWAYS goes
    for (CleanupMode m : List.of(CleanupMode.NEVER, CleanupMode.ON_SUCCESS, CleanupMode.ALWAYS)) {
      engine.createVolume(VolumeSpec.named("temp-" + m).label(Sessions.SESSION_LABEL, "s1")
          .label(Sessions.OWNER_LABEL, host + ":" + deadPid).label(Sessions.STARTED_LABEL, Long.toString(now - 60))
          .label(Sessions.CLEANUP_LABEL, m.name()));
    }
    assertThat(Sessions.sweep(engine)).containsExactlyInAnyOrder("dead", "elsewhere-old", "temp-ALWAYS");
    List<String> left = new ArrayList<>();
    engine.listVolumes(VolumeFilter.all()).forEach(v -> left.add(v.name()));
    assertThat(left).containsExactlyInAnyOrder("mine", "alive", "elsewhere-new", "unlabelled", "temp-NEVER", "temp-ON_SUCCESS");
  }

  // ---- typed engines and several engines per class ---------------------------------------------

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class TypedMemory {
    @Test
    @Order(1)
    void theInMemoryEngineItselfIsInjected(InMemoryEngine engine, Volumes volumes) {
      engine.registerImage("app:1", fs -> fs.writeString("/greeting", "hi"));
      String id = volumes.containers().create(ContainerSpec.of("app:1"));
      assertThat(engine.inspectContainer(id).image()).isEqualTo("app:1");
      volumes.containers().remove(id);
    }

    @Test
    @Order(2)
    void whatTheRawEngineLeavesIsALeakToo(InMemoryEngine engine) {
      engine.createVolume(VolumeSpec.named("raw-leak"));
    }
  }

  @Test
  void aTestAsksForTheEngineByItsTypeAndIsStillLeakChecked() {
    Runs.Result r = Runs.run(TypedMemory.class);
    assertThat(r.test("theInMemoryEngineItselfIsInjected(").status()).isEqualTo(Status.SUCCESSFUL);
    assertThat(r.test("whatTheRawEngineLeavesIsALeakToo(").message()).contains("volume raw-leak created at")
        .contains("made through the InMemoryEngine parameter");
  }

  @VolumesTest(engines = {EngineKind.MEMORY, EngineKind.DOCKER})
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class BothEngines {
    @Test
    void roundTrip(Volumes volumes, @TempVolume String v) {
      volumes.copyInto(v).string("x", "/x");
      seen.add(volumes.engine().info().name() + ":" + volumes.copyFrom(v).string("/x"));
    }
  }

  @Test
  void aClassRunsOncePerEngineEachReportedUnderItsName() {
    seen.clear();
    Runs.Result r = Runs.run(BothEngines.class);
    assertThat(r.container("[memory]").status()).isEqualTo(Status.SUCCESSFUL);
    assertThat(seen).containsExactly("in-memory:x");
    boolean required = "true".equalsIgnoreCase(System.getProperty("volumes4j.docker.required"))
        || "true".equalsIgnoreCase(System.getenv("VOLUMES4J_DOCKER_REQUIRED"));
    if (required) {
      // Docker must run where the build says so: without volumes-docker here, the Docker run fails
      assertThat(r.container("[docker]").status()).isEqualTo(Status.FAILED);
      assertThat(r.container("[docker]").message()).contains("add io.github.volumes4j:volumes-docker");
    } else {
      // this module has no Docker engine: the Docker run is skipped, saying why and what to do
      assertThat(r.skipped.values()).anySatisfy(reason -> assertThat(reason)
          .contains("io.github.volumes4j:volumes-docker is not on the test class path").contains("DOCKER_HOST"));
    }
  }

  // AUTO is in memory here (this module has no Docker engine): two runs, two engines of the same kind
  @VolumesTest(engines = {EngineKind.MEMORY, EngineKind.AUTO})
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class TwoRuns {
    static final List<String> events = new CopyOnWriteArrayList<>();
    @TempVolume static Volume shared;

    static String id(Object engine) {
      return Integer.toHexString(System.identityHashCode(engine));
    }

    @Test
    @Order(1)
    void outer(InMemoryEngine engine) {
      events.add("test " + id(engine) + " " + engine.inspectVolume(shared.name()).name());
    }

    @Test
    @Order(2)
    void leaks(InMemoryEngine engine) {
      engine.createVolume(VolumeSpec.named("leak-of-" + id(engine)));
    }

    @org.junit.jupiter.api.Nested
    class Inner {
      @Test
      void inner(InMemoryEngine engine) {
        events.add("nested " + id(engine) + " " + shared.name());
      }
    }
  }

  @Test
  void eachRunHasItsOwnEngineStaticTempVolumesAndLeakCheck() {
    TwoRuns.events.clear();
    Runs.Result r = Runs.run(TwoRuns.class);
    assertThat(TwoRuns.events).hasSize(4);
    List<String> first = TwoRuns.events.subList(0, 2);
    List<String> second = TwoRuns.events.subList(2, 4);
    for (List<String> run : List.of(first, second)) {
      assertThat(run).extracting(e -> e.split(" ")[0]).containsExactly("test", "nested");
      // one engine and one static temp volume through the whole run, nested class included
      assertThat(run).extracting(e -> e.split(" ", 2)[1]).containsOnly(run.get(0).split(" ", 2)[1]);
    }
    String one = first.get(0).split(" ")[1];
    String two = second.get(0).split(" ")[1];
    assertThat(one).as("the second run's engine").isNotEqualTo(two);
    assertThat(first.get(0).split(" ")[2]).as("the second run's static temp volume").isNotEqualTo(second.get(0).split(" ")[2]);
    assertThat(r.outcomes).filteredOn(o -> o.name().startsWith("leaks(")).extracting(Runs.Outcome::message)
        .satisfiesExactly(m -> assertThat(m).contains("leak-of-" + one).doesNotContain("leak-of-" + two),
            m -> assertThat(m).contains("leak-of-" + two).doesNotContain("leak-of-" + one));
    assertThat(r.container("[memory]").status()).isEqualTo(Status.SUCCESSFUL);
    assertThat(r.container("[auto]").status()).isEqualTo(Status.SUCCESSFUL);
  }

  @VolumesTest(engines = {EngineKind.MEMORY, EngineKind.AUTO})
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class BeforeAllOfTwoRuns {
    @org.junit.jupiter.api.BeforeAll
    static void before(Volumes volumes) {}

    @Test
    void t() {}
  }

  @Test
  void aClassOnSeveralEnginesHasNoEngineInBeforeAllAndSaysWhatToDo() {
    Runs.Outcome o = Runs.run(BeforeAllOfTwoRuns.class).container("VolumesExtensionTest$BeforeAllOfTwoRuns");
    assertThat(o.status()).isEqualTo(Status.FAILED);
    assertThat(o.message()).contains("BeforeAllOfTwoRuns runs on several engines")
        .contains("get the engine in @BeforeEach or in the test");
  }

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class BeforeAllOfOneRun {
    @TempVolume static Volume shared;

    @org.junit.jupiter.api.BeforeAll
    static void before(Volumes volumes) {
      volumes.copyInto(shared.name()).string("seeded", "/x");
    }

    @Test
    void t(Volumes volumes) {
      seen.add(volumes.copyFrom(shared.name()).string("/x"));
    }

    @org.junit.jupiter.api.AfterAll
    static void after(Volumes volumes) {
      seen.add("after " + volumes.copyFrom(shared.name()).string("/x"));
    }
  }

  @Test
  void aClassOnOneEngineHasItInBeforeAllWithItsStaticTempVolumes() {
    seen.clear();
    Runs.Result r = Runs.run(BeforeAllOfOneRun.class);
    assertThat(r.failedTests()).isZero();
    assertThat(r.container("[memory]").status()).isEqualTo(Status.SUCCESSFUL);
    assertThat(seen).containsExactly("seeded", "after seeded");
  }

  @VolumesTest
  @EnabledIfSystemProperty(named = "volumes4j.samples", matches = "true")
  static class WrongType {
    @Test
    void t(FaultInjectingEngine e) {}
  }

  @Test
  void anEngineOfAnotherTypeIsRefusedWithWhatToAskFor() {
    assertThat(Runs.run(WrongType.class).test("t(").message()).contains("is a FaultInjectingEngine, but this test runs on"
        + " InMemoryEngine").contains("ask for VolumeEngine or Volumes");
  }
}
