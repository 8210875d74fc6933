package io.github.volumes4j.docker.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.swarm.ClusterVolumeSpec;
import io.github.volumes4j.swarm.NodeInfo;
import io.github.volumes4j.swarm.ServiceInfo;
import io.github.volumes4j.swarm.ServiceMode;
import io.github.volumes4j.swarm.ServiceSpec;
import io.github.volumes4j.swarm.TaskInfo;
import io.github.volumes4j.swarm.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The swarm request bodies, and answers recorded from Docker 20.10 on a single-node swarm read back into values. */
class ServiceWireTest {

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void aServiceSpecIsWrittenAsTheCliSendsIt() {
    ServiceSpec spec = ServiceSpec.builder().name("web").image("busybox:1.36").addCommand("sleep", "60").putEnv("A", "1")
        .putLabel("app", "shop").putContainerLabel("tier", "web").user("1000").stopGracePeriod(Duration.ofSeconds(2))
        .addMounts(VolumeMount.of("site", "/srv").withReadOnly(true).withDriver("local").withDriverOptions(Map.of("type", "tmpfs")),
            TmpfsMount.at("/t").withSizeBytes(1048576).withMode(0700), BindMount.of("/etc/hosts", "/h"))
        .addConstraint("node.role==manager").replicas(2).build();
    assertThat(text(ServiceWire.specBody(spec))).isEqualTo("{\"Name\":\"web\",\"Labels\":{\"app\":\"shop\"},"
        + "\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox:1.36\",\"Labels\":{\"tier\":\"web\"},"
        + "\"Args\":[\"sleep\",\"60\"],\"Env\":[\"A=1\"],\"User\":\"1000\",\"StopGracePeriod\":2000000000,\"Mounts\":["
        + "{\"Type\":\"volume\",\"Target\":\"/srv\",\"ReadOnly\":true,\"Source\":\"site\",\"VolumeOptions\":{\"DriverConfig\":"
        + "{\"Name\":\"local\",\"Options\":{\"type\":\"tmpfs\"}}}},"
        + "{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576,\"Mode\":448}},"
        + "{\"Type\":\"bind\",\"Target\":\"/h\",\"Source\":\"/etc/hosts\"}]},"
        + "\"Placement\":{\"Constraints\":[\"node.role==manager\"]}},\"Mode\":{\"Replicated\":{\"Replicas\":2}}}");
    assertThat(text(ServiceWire.specBody(ServiceSpec.builder().name("g").image("b").mode(ServiceMode.GLOBAL).build())))
        .endsWith("\"Mode\":{\"Global\":{}}}");
  }

  @Test
  void aClusterVolumeIsWrittenAsTheEngineApiTypesIt() {
    ClusterVolumeSpec spec = ClusterVolumeSpec.builder().name("pgdata").driver("csi.example.com").putDriverOption("fs", "ext4")
        .putLabel("app", "db").group("dbs").scope(ClusterVolumeSpec.Scope.MULTI).sharing(ClusterVolumeSpec.Sharing.ONEWRITER)
        .availability(ClusterVolumeSpec.Availability.PAUSE).requiredBytes(1 << 30).limitBytes(2L << 30)
        .putSecret("password", "db-pw").addRequisiteTopology(Map.of("zone", "a")).addPreferredTopology(Map.of("zone", "b"))
        .build();
    assertThat(text(ServiceWire.clusterVolumeBody(spec))).isEqualTo("{\"Name\":\"pgdata\",\"Driver\":\"csi.example.com\","
        + "\"DriverOpts\":{\"fs\":\"ext4\"},\"Labels\":{\"app\":\"db\"},\"ClusterVolumeSpec\":{\"Group\":\"dbs\","
        + "\"AccessMode\":{\"Scope\":\"multi\",\"Sharing\":\"onewriter\",\"MountVolume\":{}},"
        + "\"Secrets\":[{\"Key\":\"password\",\"Secret\":\"db-pw\"}],"
        + "\"AccessibilityRequirements\":{\"Requisite\":[{\"Segments\":{\"zone\":\"a\"}}],"
        + "\"Preferred\":[{\"Segments\":{\"zone\":\"b\"}}]},"
        + "\"CapacityRange\":{\"RequiredBytes\":1073741824,\"LimitBytes\":2147483648},\"Availability\":\"pause\"}}");
    assertThat(text(ServiceWire.clusterVolumeBody(ClusterVolumeSpec.builder().name("v").driver("d").build())))
        .isEqualTo("{\"Name\":\"v\",\"Driver\":\"d\",\"ClusterVolumeSpec\":{\"AccessMode\":{\"Scope\":\"single\","
            + "\"Sharing\":\"none\",\"MountVolume\":{}},\"Availability\":\"active\"}}");
  }

  /** GET /services/web on Docker 20.10.24 after an update (trimmed of PreviousSpec). */
  static final String SERVICE = "{\"ID\":\"dc5cxg1uolldmlctyextqe4hk\",\"Version\":{\"Index\":43},"
      + "\"CreatedAt\":\"2026-12-06T04:25:11.944092399Z\",\"UpdatedAt\":\"2026-12-06T04:25:25.724280444Z\","
      + "\"Spec\":{\"Name\":\"web\",\"Labels\":{\"t\":\"1\"},\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"volumes4j/busybox:test\","
      + "\"Args\":[\"sleep\",\"1000\"],\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"svcdata\",\"Target\":\"/data\","
      + "\"VolumeOptions\":{\"Labels\":{\"a\":\"b\"},\"DriverConfig\":{\"Name\":\"local\",\"Options\":{\"device\":\"tmpfs\","
      + "\"o\":\"size=1m\",\"type\":\"tmpfs\"}}}},{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576,"
      + "\"Mode\":448}},{\"Type\":\"bind\",\"Source\":\"/srv\",\"Target\":\"/b\",\"ReadOnly\":true,"
      + "\"BindOptions\":{\"Propagation\":\"rslave\"}}],\"Isolation\":\"default\"},\"ForceUpdate\":0,\"Runtime\":\"container\"},"
      + "\"Mode\":{\"Replicated\":{\"Replicas\":2}}},\"UpdateStatus\":{\"State\":\"completed\","
      + "\"Message\":\"update completed\"}}";

  @Test
  void aRecordedServiceReadsBack() {
    ServiceInfo s = ServiceWire.service(Json.parseObject(SERVICE.getBytes(StandardCharsets.UTF_8), "test"));
    assertThat(s.id()).isEqualTo("dc5cxg1uolldmlctyextqe4hk");
    assertThat(s.version()).isEqualTo(43);
    assertThat(s.name()).isEqualTo("web");
    assertThat(s.updatedAt()).isEqualTo(Instant.parse("2026-12-06T04:25:25.724280444Z"));
    assertThat(s.updateState()).hasValue("completed");
    assertThat(s.spec().command()).containsExactly("sleep", "1000");
    assertThat(s.spec().replicas()).isEqualTo(2);
    List<MountSpec> mounts = s.spec().mounts();
    assertThat(mounts).containsExactly(
        VolumeMount.builder().source("svcdata").target("/data").putLabel("a", "b").driver("local")
            .driverOptions(Map.of("device", "tmpfs", "o", "size=1m", "type", "tmpfs")).build(),
        TmpfsMount.at("/t").withSizeBytes(1048576).withMode(0700),
        BindMount.of("/srv", "/b").withReadOnly(true).withPropagation(Propagation.RSLAVE));
  }

  @Test
  void aRecordedRejectedTaskAndNodeReadBack() {
    String task = "{\"ID\":\"ltsihv5wgxndvpf6efiw1fwo2\",\"Version\":{\"Index\":20},\"CreatedAt\":\"2026-12-06T04:25:12.259086627Z\","
        + "\"Spec\":{\"ContainerSpec\":{\"Image\":\"volumes4j/busybox:test\",\"Mounts\":[{\"Type\":\"bind\","
        + "\"Source\":\"/nonexistent-v4j\",\"Target\":\"/b\"}]}},\"ServiceID\":\"dc5cxg1uolldmlctyextqe4hk\",\"Slot\":2,"
        + "\"NodeID\":\"dndt1phj23pq6f55hevybsusf\",\"Status\":{\"State\":\"rejected\",\"Message\":\"preparing\","
        + "\"Err\":\"invalid mount config for type \\\"bind\\\": bind source path does not exist: /nonexistent-v4j\","
        + "\"ContainerStatus\":{\"ContainerID\":\"\",\"PID\":0,\"ExitCode\":0}},\"DesiredState\":\"ready\"}";
    TaskInfo t = ServiceWire.task(Json.parseObject(task.getBytes(StandardCharsets.UTF_8), "test"));
    assertThat(t.state()).isEqualTo(TaskState.REJECTED);
    assertThat(t.desiredState()).isEqualTo(TaskState.READY);
    assertThat(t.slot()).isEqualTo(2);
    assertThat(t.containerId()).isEmpty();
    assertThat(t.error()).hasValue("invalid mount config for type \"bind\": bind source path does not exist: /nonexistent-v4j");
    assertThat(t.mounts()).containsExactly(BindMount.of("/nonexistent-v4j", "/b"));
    String node = "{\"ID\":\"dndt1phj23pq6f55hevybsusf\",\"Spec\":{\"Role\":\"manager\",\"Availability\":\"active\"},"
        + "\"Description\":{\"Hostname\":\"vm\"},\"Status\":{\"State\":\"ready\",\"Addr\":\"127.0.0.1\"},"
        + "\"ManagerStatus\":{\"Leader\":true,\"Reachability\":\"reachable\",\"Addr\":\"127.0.0.1:2377\"}}";
    NodeInfo n = ServiceWire.node(Json.parseObject(node.getBytes(StandardCharsets.UTF_8), "test"));
    assertThat(n).isEqualTo(NodeInfo.builder().id("dndt1phj23pq6f55hevybsusf").hostname("vm").role("manager").state("ready")
        .availability("active").address("127.0.0.1").build());
  }

  @Test
  void aTaskOfTheCurrentTemplateHasItsServicesDigest() {
    ServiceInfo s = ServiceWire.service(Json.parseObject(SERVICE.getBytes(StandardCharsets.UTF_8), "test"));
    String same = "{\"ID\":\"t1\",\"CreatedAt\":\"2026-12-06T04:25:26Z\",\"Spec\":{\"ContainerSpec\":{\"Isolation\":\"default\","
        + "\"Image\":\"volumes4j/busybox:test\",\"Args\":[\"sleep\",\"1000\"],\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/data\","
        + "\"Source\":\"svcdata\",\"VolumeOptions\":{\"DriverConfig\":{\"Options\":{\"type\":\"tmpfs\",\"o\":\"size=1m\","
        + "\"device\":\"tmpfs\"},\"Name\":\"local\"},\"Labels\":{\"a\":\"b\"}}},{\"Type\":\"tmpfs\",\"Target\":\"/t\","
        + "\"TmpfsOptions\":{\"Mode\":448,\"SizeBytes\":1048576}},{\"Type\":\"bind\",\"Source\":\"/srv\",\"Target\":\"/b\","
        + "\"ReadOnly\":true,\"BindOptions\":{\"Propagation\":\"rslave\"}}]}},\"Status\":{\"State\":\"running\"},"
        + "\"DesiredState\":\"running\"}";
    TaskInfo t = ServiceWire.task(Json.parseObject(same.getBytes(StandardCharsets.UTF_8), "test"));
    assertThat(t.templateDigest()).isEqualTo(s.templateDigest());
    String older = same.replace("\"sleep\",\"1000\"", "\"sleep\",\"999\"");
    assertThat(ServiceWire.task(Json.parseObject(older.getBytes(StandardCharsets.UTF_8), "test")).templateDigest())
        .isNotEqualTo(s.templateDigest());
  }
}
