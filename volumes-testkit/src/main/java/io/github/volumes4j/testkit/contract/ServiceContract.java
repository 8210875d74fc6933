package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountType;
import io.github.volumes4j.SelinuxLabel;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.swarm.ClusterVolumeSpec;
import io.github.volumes4j.swarm.NodeInfo;
import io.github.volumes4j.swarm.NotSwarmManagerException;
import io.github.volumes4j.swarm.ServiceInfo;
import io.github.volumes4j.swarm.ServiceMode;
import io.github.volumes4j.swarm.ServiceNotFoundException;
import io.github.volumes4j.swarm.ServiceSpec;
import io.github.volumes4j.swarm.ServiceTaskFailedException;
import io.github.volumes4j.swarm.Services;
import io.github.volumes4j.swarm.TaskInfo;
import io.github.volumes4j.swarm.TaskState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swarm services with volumes, tmpfs and bind mounts on a single-node swarm, held to Docker 20.10's answers
 * (recorded on a dedicated second daemon, {@code docker swarm init --advertise-addr 127.0.0.1}): tasks get the
 * spec's mounts and share a node's named volume; a missing bind source rejects the task with the daemon's error;
 * scale, update and a stale update; the errors of a name in use, a duplicate mount point, a missing service and a
 * node that is not a manager; what API 1.41 cannot carry refused before anything is created.
 *
 * <pre>{@code
 * class InMemoryServiceTest extends ServiceContract {
 *   @Override protected VolumeEngine managerEngine() { return InMemoryEngine.builder().swarmManager().build(); }
 *   @Override protected VolumeEngine nonManagerEngine() { return InMemoryEngine.dockerLike(); }
 * }
 * }</pre>
 */
public abstract class ServiceContract {

  /** How long a service may take to converge on a loaded machine. */
  static final Duration CONVERGE = Duration.ofSeconds(90);

  /** An engine connected to a swarm manager; closed by the contract after each test. */
  protected abstract VolumeEngine managerEngine();

  /** An engine on a daemon outside any swarm; closed by the contract after each test. */
  protected abstract VolumeEngine nonManagerEngine();

  /** The image of the tasks, present on the manager's node (it must run {@code sleep}). */
  protected String image() {
    return ContractImages.BUSYBOX;
  }

  @TempDir
  Path dir;

  private VolumeEngine engine;
  private Services services;
  private String run;
  private final List<String> created = new ArrayList<>();

  @BeforeEach
  final void connect() {
    engine = managerEngine();
    services = Services.on(engine);
    run = "v4js" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  @AfterEach
  final void removeServices() {
    try {
      for (String s : created) {
        try {
          services.remove(s);
        } catch (ServiceNotFoundException gone) {
          // removed by the scenario
        }
      }
      for (String s : created) {
        awaitContainersGone(s);
      }
      for (Volume v : engine.listVolumes(io.github.volumes4j.VolumeFilter.builder().addLabels(ContractBase.TEST_LABEL + "=" + run)
          .build())) {
        engine.removeVolume(v.name(), true);
      }
    } finally {
      engine.close();
    }
  }

  private ServiceSpec.Builder spec(String suffix) {
    String name = run + "-" + suffix;
    created.add(name);
    return ServiceSpec.builder().name(name).image(image()).addCommand("sleep", "3600").stopGracePeriod(Duration.ofMillis(500))
        .putLabel(ContractBase.TEST_LABEL, run).putContainerLabel(ContractBase.TEST_LABEL, run);
  }

  private void awaitContainersGone(String service) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!engine.listContainers(Map.of("com.docker.swarm.service.name", service)).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the containers of service " + service + " were not removed within 60 s");
      }
      sleep(200);
    }
  }

  @Test
  void tasksGetEveryMountAndShareTheNodesNamedVolume() throws IOException {
    Path src = Files.createDirectories(dir.resolve("site"));
    Files.writeString(src.resolve("index.html"), "hello from the host\n");
    String volume = run + "-data";
    String fast = run + "-fast";
    List<MountSpec> mounts = List.of(
        VolumeMount.builder().source(volume).target("/data").putLabel(ContractBase.TEST_LABEL, run).putLabel("tier", "db")
            .build(),
        VolumeMount.builder().source(fast).target("/fast").putLabel(ContractBase.TEST_LABEL, run).driver("local")
            .driverOptions(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m")).build(),
        TmpfsMount.at("/scratch").withSizeBytes(1 << 20).withMode(0700),
        BindMount.of(src.toString(), "/site").withReadOnly(true));
    ServiceInfo created = services.create(spec("web").mounts(mounts).replicas(2).build());

    assertThat(created.version()).isPositive();
    assertThat(created.spec().mounts()).isEqualTo(mounts);
    assertThat(created.spec().replicas()).isEqualTo(2);
    assertThat(created.spec().stopGracePeriod()).hasValue(Duration.ofMillis(500));
    List<TaskInfo> running = services.awaitConverged(created.name(), CONVERGE);
    assertThat(running).extracting(TaskInfo::slot).containsExactly(1, 2);
    NodeInfo node = services.nodes().get(0);
    for (TaskInfo t : running) {
      assertThat(t.nodeId()).isEqualTo(node.id());
      assertThat(t.state()).isEqualTo(TaskState.RUNNING);
      assertThat(t.mounts()).isEqualTo(mounts);
      ContainerInfo c = engine.inspectContainer(t.containerId().orElseThrow());
      assertThat(c.labels()).containsEntry("com.docker.swarm.service.name", created.name())
          .containsEntry("com.docker.swarm.task.id", t.id()).containsEntry(ContractBase.TEST_LABEL, run);
      MountPoint data = c.mounts().stream().filter(m -> m.destination().equals("/data")).findFirst().orElseThrow();
      assertThat(data.type()).isEqualTo(MountType.VOLUME);
      assertThat(data.name()).contains(volume);
      MountPoint site = c.mounts().stream().filter(m -> m.destination().equals("/site")).findFirst().orElseThrow();
      assertThat(site.source()).isEqualTo(src.toString());
      assertThat(site.readWrite()).isFalse();
      assertThat(c.mounts()).anySatisfy(m -> {
        assertThat(m.destination()).isEqualTo("/scratch");
        assertThat(m.type()).isEqualTo(MountType.TMPFS);
      });
    }
    // the named volume was created by the node with the mount's labels, and both tasks see one volume
    assertThat(engine.inspectVolume(volume).labels()).containsEntry("tier", "db");
    assertThat(engine.inspectVolume(fast).options()).containsEntry("type", "tmpfs").containsEntry("o", "size=1m");
    engine.writeArchive(running.get(1).containerId().orElseThrow(), "/fast", tar("quick.txt", "fast\n"), false);
    assertThat(read(running.get(0).containerId().orElseThrow(), "/fast/quick.txt")).isEqualTo("fast\n");
    engine.writeArchive(running.get(0).containerId().orElseThrow(), "/data", tar("from-task-1.txt", "one\n"), false);
    assertThat(read(running.get(1).containerId().orElseThrow(), "/data/from-task-1.txt")).isEqualTo("one\n");
    assertThat(read(running.get(1).containerId().orElseThrow(), "/site/index.html")).isEqualTo("hello from the host\n");

    assertThat(services.list(Map.of(ContractBase.TEST_LABEL, run))).extracting(ServiceInfo::name).containsExactly(created.name());
    assertThat(services.inspect(created.id()).name()).isEqualTo(created.name());
    services.remove(created.name());
    assertThatThrownBy(() -> services.inspect(created.name())).isInstanceOf(ServiceNotFoundException.class)
        .hasMessage("service " + created.name() + " not found");
    awaitContainersGone(created.name());
    assertThat(engine.inspectVolume(volume).name()).isEqualTo(volume);  // a service's volume outlives it, as on Docker
  }

  @Test
  void aMissingBindSourceRejectsTheTaskAndAnUpdateMendsIt() {
    String missing = "/nonexistent-" + run;
    ServiceInfo s = services.create(spec("broken").addMounts(BindMount.of(missing, "/b"), TmpfsMount.at("/t")).build());
    assertThatThrownBy(() -> services.awaitConverged(s.name(), CONVERGE)).isInstanceOfSatisfying(ServiceTaskFailedException.class,
        e -> {
          assertThat(e.task().state()).isEqualTo(TaskState.REJECTED);
          assertThat(e.task().error()).hasValue("invalid mount config for type \"bind\": bind source path does not exist: " + missing);
          assertThat(e.task().slot()).isEqualTo(1);
          assertThat(e.task().containerId()).isEmpty();
          assertThat(e.getMessage()).contains(e.task().id()).contains("slot 1").contains("rejected")
              .contains("bind source path does not exist: " + missing);
        });
    ServiceInfo mended = services.update(s.name(), spec -> spec.withMounts(TmpfsMount.at("/t")));
    assertThat(mended.version()).isGreaterThan(s.version());
    List<TaskInfo> running = services.awaitConverged(s.name(), CONVERGE);
    assertThat(running).hasSize(1);
    assertThat(running.get(0).mounts()).containsExactly(TmpfsMount.at("/t"));
    assertThat(services.tasks(s.name())).anySatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.REJECTED));
  }

  @Test
  void scaleUpdateAndAStaleVersion() {
    ServiceInfo s = services.create(spec("scaled").addMounts(VolumeMount.anonymous("/cache")).build());
    assertThat(services.awaitConverged(s.name(), CONVERGE)).hasSize(1);
    services.scale(s.name(), 3);
    List<TaskInfo> three = services.awaitConverged(s.name(), CONVERGE);
    assertThat(three).extracting(TaskInfo::slot).containsExactly(1, 2, 3);
    Set<String> ids = new HashSet<>();
    three.forEach(t -> ids.add(t.id()));
    services.scale(s.name(), 1);
    List<TaskInfo> one = services.awaitConverged(s.name(), CONVERGE);
    assertThat(one).extracting(TaskInfo::slot).containsExactly(1);
    assertThat(ids).contains(one.get(0).id());  // scaling down keeps slot 1's task

    ServiceInfo before = services.inspect(s.name());
    ServiceInfo after = services.update(s.name(), spec -> spec.withEnv(Map.of("MODE", "two")));
    assertThat(after.version()).isGreaterThan(before.version());
    assertThat(after.spec().env()).containsEntry("MODE", "two");
    List<TaskInfo> replaced = services.awaitConverged(s.name(), CONVERGE);
    assertThat(replaced).hasSize(1);
    assertThat(ids).doesNotContain(replaced.get(0).id());  // a new template replaces the task

    assertThatThrownBy(() -> engine.services().updateService(s.id(), before.version(), before.spec()))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.status()).hasValue(500))
        .hasMessageContaining("update out of sequence");
  }

  /**
   * Recorded on Docker 20.10: an update never changes a service's mode nor its name (501, Unimplemented), and the
   * mode is checked first, then the name, both before the version; {@link Services#update} refuses either before
   * sending anything.
   */
  @Test
  void anUpdateKeepsTheModeAndTheName() {
    ServiceInfo s = services.create(spec("keep").build());
    long version = s.version();
    ServiceSpec global = s.spec().withMode(ServiceMode.GLOBAL);
    String modeRefused = "rpc error: code = Unimplemented desc = service mode change is not allowed";
    assertThatThrownBy(() -> engine.services().updateService(s.id(), version, global))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.status()).hasValue(501)).hasMessage(modeRefused);
    // before the version: a stale one and a rename with it get the mode's error
    assertThatThrownBy(() -> engine.services().updateService(s.id(), version - 1, global.withName(s.spec().name() + "x")))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.status()).hasValue(501)).hasMessage(modeRefused);
    assertThatThrownBy(() -> engine.services().updateService(s.id(), version - 1, s.spec().withName(s.spec().name() + "x")))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.status()).hasValue(501))
        .hasMessage("rpc error: code = Unimplemented desc = renaming services is not supported");

    assertThatThrownBy(() -> services.update(s.name(), spec -> spec.withMode(ServiceMode.GLOBAL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service '" + s.name() + "' is replicated and the change makes it global")
        .hasMessageContaining("remove the service and create it again");
    assertThatThrownBy(() -> services.update(s.name(), spec -> spec.withName(s.name() + "-new")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renames service '" + s.name() + "' to '" + s.name() + "-new'");
    ServiceInfo after = services.inspect(s.name());
    assertThat(after.version()).as("nothing was changed").isEqualTo(version);
    assertThat(after.spec().mode()).isEqualTo(ServiceMode.REPLICATED);
    assertThat(services.list(Map.of(ContractBase.TEST_LABEL, run))).extracting(ServiceInfo::name).contains(s.name())
        .doesNotContain(s.name() + "-new", s.name() + "x");
  }

  @Test
  void aGlobalServiceRunsOneTaskOnTheNode() {
    ServiceInfo s = services.create(spec("global").mode(ServiceMode.GLOBAL).addMounts(TmpfsMount.at("/t")).build());
    assertThat(s.spec().mode()).isEqualTo(ServiceMode.GLOBAL);
    List<TaskInfo> running = services.awaitConverged(s.name(), CONVERGE);
    assertThat(running).hasSize(1);
    assertThat(running.get(0).slot()).isZero();
    assertThat(running.get(0).nodeId()).isEqualTo(services.nodes().get(0).id());
  }

  @Test
  void errorsAreDockers() {
    ServiceInfo s = services.create(spec("taken").build());
    assertThatThrownBy(() -> services.create(spec("taken").build())).isInstanceOfSatisfying(EngineException.class,
        e -> assertThat(e.status()).hasValue(409)).hasMessage("rpc error: code = AlreadyExists desc = name conflicts with an"
            + " existing object: service " + s.name() + " already exists");
    ServiceSpec dup = spec("dup").addMounts(VolumeMount.of(run + "-a", "/d"), TmpfsMount.at("/d")).build();
    assertThatThrownBy(() -> engine.services().createService(dup)).isInstanceOfSatisfying(EngineException.class,
        e -> assertThat(e.status()).hasValue(400))
        .hasMessage("rpc error: code = InvalidArgument desc = ContainerSpec: duplicate mount point: /d");
    assertThatThrownBy(() -> services.create(dup)).isInstanceOf(InvalidMountSpecException.class).hasMessageContaining("/d");
    String missing = run + "-missing";
    assertThatThrownBy(() -> services.inspect(missing)).isInstanceOf(ServiceNotFoundException.class)
        .hasMessage("service " + missing + " not found");
    assertThatThrownBy(() -> services.tasks(missing)).isInstanceOf(ServiceNotFoundException.class);
    assertThatThrownBy(() -> services.remove(missing)).isInstanceOf(ServiceNotFoundException.class);
    try (VolumeEngine outside = nonManagerEngine()) {
      assertThatThrownBy(() -> outside.services().listServices(Map.of())).isInstanceOf(NotSwarmManagerException.class)
          .hasMessageStartingWith("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\"");
      assertThatThrownBy(() -> Services.on(outside).nodes()).isInstanceOf(NotSwarmManagerException.class);
    }
  }

  @Test
  void whatTheApiVersionCannotCarryIsRefusedBeforeAnythingIsCreated() throws IOException {
    ApiVersion api = engine.info().apiVersion();
    Path src = Files.createDirectories(dir.resolve("src"));
    List<ServiceSpec> refused = new ArrayList<>();
    refused.add(spec("label").addMounts(BindMount.of(src.toString(), "/s").withSelinuxLabel(SelinuxLabel.SHARED)).build());
    if (!api.isAtLeast(ApiVersion.V1_42)) {
      refused.add(spec("createsrc").addMounts(BindMount.of(dir.resolve("new").toString(), "/n").withCreateMountpoint(true))
          .build());
    }
    if (!api.isAtLeast(ApiVersion.V1_45)) {
      refused.add(spec("subpath").addMounts(VolumeMount.of(run + "-sub", "/s").withSubpath("a/b")).build());
    }
    if (!api.isAtLeast(ApiVersion.V1_46)) {
      refused.add(spec("tmpfsopt").addMounts(TmpfsMount.at("/t").withOptions("exec")).build());
    }
    for (ServiceSpec r : refused) {
      assertThatThrownBy(() -> services.create(r)).as(r.toString()).isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining(r.mounts().get(0).target());
      assertThat(services.list(Map.of(ContractBase.TEST_LABEL, run))).isEmpty();
    }
    assertThat(Files.exists(dir.resolve("new"))).isFalse();
    if (api.isAtLeast(ApiVersion.V1_42)) {
      // where BindOptions.CreateMountpoint exists, a missing source is made on the node (bind-create-src)
      Path made = dir.resolve("made");
      ServiceInfo s = services.create(spec("createsrc").addMounts(BindMount.of(made.toString(), "/m")
          .withCreateMountpoint(true)).build());
      assertThat(services.awaitConverged(s.name(), CONVERGE)).hasSize(1);
      assertThat(made).isDirectory();
    }
    ClusterVolumeSpec csi = ClusterVolumeSpec.builder().name(run + "-csi").driver("csi.example.com").build();
    if (!api.isAtLeast(ApiVersion.V1_42)) {
      assertThatThrownBy(() -> services.createClusterVolume(csi)).isInstanceOfSatisfying(UnsupportedFeatureException.class,
          e -> assertThat(e.requiredVersion()).hasValue(ApiVersion.V1_42)).hasMessageContaining("needs Engine API 1.42");
      assertThatThrownBy(() -> engine.inspectVolume(csi.name())).isInstanceOf(VolumesException.class);
    }
  }

  private String read(String container, String path) throws IOException {
    try (InputStream in = engine.readArchive(container, path); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
      TarArchiveEntry e = t.getNextEntry();
      assertThat(e).isNotNull();
      return new String(t.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InputStream tar(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes)) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(data.length);
      e.setMode(0644);
      t.putArchiveEntry(e);
      t.write(data);
      t.closeArchiveEntry();
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
