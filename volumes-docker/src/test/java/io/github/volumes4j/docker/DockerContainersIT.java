package io.github.volumes4j.docker;

import static io.github.volumes4j.docker.DockerVolumesIT.IMAGE;
import static io.github.volumes4j.docker.DockerVolumesIT.TEST_LABEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountType;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.SelinuxLabel;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnabledIfDocker
class DockerContainersIT {

  DockerEngine engine;
  String run;

  @BeforeEach
  void connect() {
    engine = DockerEngine.detect();
    run = "dc-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() {
    engine.listContainers(Map.of(TEST_LABEL, run)).forEach(c -> engine.removeContainer(c.id(), true, true));
    engine.listVolumes(VolumeFilter.label(TEST_LABEL, run)).forEach(v -> engine.removeVolume(v.name(), true));
    engine.close();
  }

  ContainerSpec.Builder spec(String... command) {
    return ContainerSpec.builder().image(IMAGE).addCommand(command).putLabel(TEST_LABEL, run)
        .network("none");   // no test needs a network; none also works while the host lacks docker0
  }

  VolumeMount vol(String suffix, String target) {
    return VolumeMount.builder().source(run + "-" + suffix).target(target).putLabel(TEST_LABEL, run).build();
  }

  String runToEnd(ContainerSpec s) {
    String id = engine.createContainer(s);
    engine.startContainer(id);
    assertThat(engine.waitContainer(id)).isZero();
    return id;
  }

  @Test
  void runsWithAVolumeAndReadsItsLogs() {
    String id = runToEnd(spec("sh", "-c", "echo hello > /data/f && cat /data/f && echo oops >&2")
        .addMounts(vol("v", "/data")).putEnv("X", "1").build());
    // stdout and stderr reach the log driver through separate pipes: their relative order is not kept
    assertThat(engine.logs(id).split("\n", -1)).containsExactlyInAnyOrder("hello", "oops", "");
    ContainerInfo info = engine.inspectContainer(id);
    assertThat(info.state()).isEqualTo(ContainerState.EXITED);
    assertThat(info.exitCode()).hasValue(0);
    assertThat(info.labels()).containsEntry(TEST_LABEL, run);
    assertThat(info.image()).isEqualTo(IMAGE);
    MountPoint m = info.mounts().get(0);
    assertThat(m.type()).isEqualTo(MountType.VOLUME);
    assertThat(m.name()).hasValue(run + "-v");
    assertThat(m.destination()).isEqualTo("/data");
    assertThat(m.driver()).hasValue("local");
    assertThat(m.readWrite()).isTrue();
    // the mount created the volume with its labels
    assertThat(engine.inspectVolume(run + "-v").labels()).containsEntry(TEST_LABEL, run);
    List<ContainerInfo> listed = engine.listContainers(Map.of(TEST_LABEL, run));
    assertThat(listed).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(id);
      assertThat(c.exitCode()).hasValue(0);
      assertThat(c.mounts()).extracting(MountPoint::destination).containsExactly("/data");
    });
  }

  /**
   * The daemon answers 404 before it reads the body and then closes: the engine reports the 404 (not a
   * broken pipe while writing), and the next call works.
   */
  @Test
  void aLargeUploadToAMissingContainerIsContainerNotFound() {
    InputStream endless = new InputStream() {
      long left = 256L << 20;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        left -= n;
        return n;
      }
    };
    assertThatThrownBy(() -> engine.writeArchive(run + "-missing", "/", endless, false))
        .isInstanceOf(ContainerNotFoundException.class).hasMessageContaining(run + "-missing");
    assertThat(engine.ping()).isTrue();
  }

  @Test
  void runsWithoutANetworkWhenAskedFor() {
    String id = engine.createContainer(spec("sh", "-c", "ls /sys/class/net").network("none").build());
    engine.startContainer(id);
    assertThat(engine.waitContainer(id)).isZero();
    assertThat(engine.logs(id).split("\\s+")).containsExactly("lo");
  }

  @Test
  void removeWithVolumesRemovesAnonymousVolumesOnly() {
    String id = engine.createContainer(spec("true").addMounts(VolumeMount.anonymous("/anon"), vol("named", "/named")).build());
    String anon = engine.inspectContainer(id).mounts().stream().filter(m -> m.destination().equals("/anon"))
        .findFirst().orElseThrow().name().orElseThrow();
    engine.removeContainer(id, true, false);
    assertThatThrownBy(() -> engine.inspectVolume(anon)).isInstanceOf(VolumeNotFoundException.class);
    assertThat(engine.inspectVolume(run + "-named").name()).isEqualTo(run + "-named");
  }

  @Test
  void stopsARunningContainerAndForceRemoves() {
    String id = engine.createContainer(spec("sleep", "30").build());
    engine.startContainer(id);
    assertThat(engine.inspectContainer(id).state()).isEqualTo(ContainerState.RUNNING);
    assertThatThrownBy(() -> engine.removeContainer(id, false, false)).hasMessageContaining("cannot remove a running container");
    engine.stopContainer(id, Duration.ofSeconds(0));
    assertThat(engine.waitContainer(id)).isNotZero();
    String id2 = engine.createContainer(spec("sleep", "30").build());
    engine.startContainer(id2);
    engine.removeContainer(id2, true, true);
    assertThatThrownBy(() -> engine.inspectContainer(id2)).isInstanceOf(ContainerNotFoundException.class)
        .hasMessage("No such container: " + id2);
  }

  @Test
  void bindsTmpfsAndVolumesFrom() {
    String dir = "/tmp/volumes4j-it-" + run;
    // createMountpoint below 1.42 goes to HostConfig.Binds (-v creates the source); the SELinux label too
    BindMount bind = BindMount.builder().source(dir).target("/b").createMountpoint(true).build();
    BindMount labelled = BindMount.builder().source(dir).target("/z").selinuxLabel(SelinuxLabel.SHARED).readOnly(true).build();
    TmpfsMount tmpfs = TmpfsMount.builder().target("/t").sizeBytes(1 << 20).mode(0700).addOption("noexec").build();
    String writer = runToEnd(spec("sh", "-c", "echo x > /b/f && grep ' /t ' /proc/mounts && stat -c %a /t && cat /z/f")
        .addMounts(bind, labelled, tmpfs, vol("shared", "/shared")).build());
    String logs = engine.logs(writer);
    assertThat(logs).contains("size=1024k").contains("noexec").contains("700\n").endsWith("x\n");
    String reader = runToEnd(spec("sh", "-c", "cat /b/f && ls /shared && touch /shared/y 2>&1 || echo readonly")
        .addVolumesFrom(VolumesFrom.of(writer).withReadOnly(true)).build());
    assertThat(engine.logs(reader)).startsWith("x\n").contains("readonly");
    engine.removeContainer(writer, false, true);
    engine.removeContainer(reader, false, true);
    String cleaner = runToEnd(spec("rm", "-rf", "/host/" + dir.substring("/tmp/".length()))
        .addMounts(BindMount.of("/tmp", "/host")).build());
    assertThat(cleaner).isNotEmpty();
  }

  @Test
  void autoRemoveRemovesTheContainerWhenItExits() throws InterruptedException {
    String id = engine.createContainer(spec("true").autoRemove(true).build());
    engine.startContainer(id);
    for (int i = 0; i < 50 && !engine.listContainers(Map.of(TEST_LABEL, run)).isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertThat(engine.listContainers(Map.of(TEST_LABEL, run))).isEmpty();
  }

  @Test
  void archivesStreamAndStat() throws IOException {
    String id = engine.createContainer(spec("true").addMounts(vol("arc", "/data")).build());
    byte[] tar = tarOf("hello.txt", "hi there");
    engine.writeArchive(id, "/data", new ByteArrayInputStream(tar), true);
    PathStat st = engine.statPath(id, "/data/hello.txt").orElseThrow();
    assertThat(st.name()).isEqualTo("hello.txt");
    assertThat(st.size()).isEqualTo(8);
    assertThat(st.isDirectory()).isFalse();
    assertThat(engine.statPath(id, "/data").orElseThrow().isDirectory()).isTrue();
    assertThat(engine.statPath(id, "/data/none")).isEmpty();
    try (InputStream in = engine.readArchive(id, "/data/hello.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(text).contains("hello.txt").contains("hi there");
    }
    assertThatThrownBy(() -> engine.statPath(run + "-nope", "/x")).isInstanceOf(ContainerNotFoundException.class);
    assertThatThrownBy(() -> engine.readArchive(run + "-nope", "/x")).isInstanceOf(ContainerNotFoundException.class)
        .hasMessage("No such container: " + run + "-nope");
  }

  @Test
  void importsAndInspectsImages() {
    String ref = "volumes4j/it-empty:" + run;
    try {
      engine.importImage(new ByteArrayInputStream(tarOf("marker", "1")), ref, Map.of(TEST_LABEL, run, "kind", "helper"));
      assertThat(engine.imageExists(ref)).isTrue();
      assertThat(engine.imageLabels(ref)).get().satisfies(l -> assertThat(l).containsEntry("kind", "helper"));
      assertThat(engine.imageExists("volumes4j/none:" + run)).isFalse();
    } finally {
      DockerTestSupport.removeImage(engine, ref);
    }
  }

  @Test
  void daemonMountRejectionsAreInvalidMountSpecs() {
    assertThatThrownBy(() -> engine.createContainer(spec("true")
        .addMounts(vol("d1", "/same"), vol("d2", "/same")).build()))
        .isInstanceOf(InvalidMountSpecException.class)
        .hasMessageContaining("Duplicate mount point: /same");
    assertThatThrownBy(() -> engine.createContainer(spec("true")
        .addMounts(BindMount.of("/nonexistent-" + run, "/x")).build()))
        .isInstanceOf(InvalidMountSpecException.class)
        .hasMessageContaining("bind source path does not exist: /nonexistent-" + run);
  }

  // ---- refusals at the real 1.41 daemon, before anything is created ----------------------------

  @Test
  void refusesASubpathBelow145() {
    refused(vol("sp", "/data").withSubpath("app1"), "volume-subpath", ApiVersion.V1_45);
  }

  @Test
  void refusesReadOnlyNonRecursiveBelow144() {
    refused(BindMount.builder().source("/tmp").target("/b").readOnly(true).recursion(BindRecursion.WRITABLE).build(),
        "bind-recursive=writable", ApiVersion.V1_44);
  }

  @Test
  void refusesReadOnlyForceRecursiveBelow144() {
    refused(BindMount.builder().source("/tmp").target("/b").readOnly(true).recursion(BindRecursion.READONLY)
        .propagation(io.github.volumes4j.Propagation.RPRIVATE).build(),
        "bind-recursive=readonly", ApiVersion.V1_44);
  }

  @Test
  void refusesCreateMountpointThatBindsCannotCarryBelow142() {
    refused(BindMount.builder().source("/tmp/volumes4j-none-" + run).target("/b").createMountpoint(true)
        .recursion(BindRecursion.DISABLED).build(), "bind-create-src", ApiVersion.V1_42);
  }

  @Test
  void refusesSelinuxLabelsThatBindsCannotCarry() {
    assertThatThrownBy(() -> engine.createContainer(spec("true").addMount(BindMount.builder().source("/tmp").target("/b")
        .selinuxLabel(SelinuxLabel.PRIVATE).recursion(BindRecursion.DISABLED).build()).build()))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageStartingWith("an SELinux label travels only in the -v form");
    assertThat(engine.listContainers(Map.of(TEST_LABEL, run))).isEmpty();
  }

  void refused(MountSpec mount, String feature, ApiVersion needed) {
    assertThatThrownBy(() -> engine.createContainer(spec("true").addMounts(vol("other", "/o"), mount).build()))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageStartingWith(feature + " needs Engine API " + needed + " or newer (")
        .hasMessageEndingWith("), but the engine speaks 1.41; upgrade the daemon or leave " + feature + " out")
        .satisfies(e -> assertThat(((UnsupportedFeatureException) e).requiredVersion()).hasValue(needed));
    assertThat(engine.listContainers(Map.of(TEST_LABEL, run))).isEmpty();
    assertThat(engine.listVolumes(VolumeFilter.label(TEST_LABEL, run))).isEmpty();
  }

  static byte[] tarOf(String name, String content) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644\0");
    put(h, 108, "0000000\0");
    put(h, 116, "0000000\0");
    put(h, 124, String.format("%011o\0", data.length));
    put(h, 136, String.format("%011o\0", 1_700_000_000L));
    h[156] = '0';
    put(h, 257, "ustar\0");
    put(h, 263, "00");
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o\0 ", sum));
    out.writeBytes(h);
    out.writeBytes(data);
    out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }
}
