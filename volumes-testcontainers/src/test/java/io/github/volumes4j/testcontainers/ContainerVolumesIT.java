package io.github.volumes4j.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * Real Testcontainers containers (the local busybox test image, never pulled) with volumes4j mounts,
 * against the CI daemon.
 */
@EnabledIfDocker
class ContainerVolumesIT {

  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String LABEL = "io.github.volumes4j.test.tc";
  static final Map<String, String> MINE = Map.of(LABEL, RUN);

  @BeforeAll
  static void image() {
    ContractImages.ensure(ContainerVolumes.volumes().engine());
  }

  @AfterAll
  static void cleanUp() {
    for (Volume v : ContainerVolumes.volumes().list(VolumeFilter.label(LABEL, RUN))) {
      ContainerVolumes.volumes().removeIfExists(v.name());
    }
  }

  static GenericContainer<?> busybox() {
    return new GenericContainer<>(ContractImages.BUSYBOX).withCommand("sleep", "3600");
  }

  static String name(String what) {
    return "v4j-tc-" + RUN + "-" + what;
  }

  static String sh(GenericContainer<?> c, String script) throws Exception {
    var r = c.execInContainer("sh", "-c", script);
    assertThat(r.getExitCode()).as(script + ": " + r.getStderr()).isZero();
    return r.getStdout().trim();
  }

  @Test
  void twoContainersShareANamedVolumeSeededFromTheClassPathWithATmpfsAndTheDirectoryIsCopiedOut(@TempDir Path tmp)
      throws Exception {
    String data = name("shared");
    VolumeMount volume = VolumeMount.of(data, "/data").withLabels(MINE);
    try (GenericContainer<?> writer = ContainerVolumes.mount(busybox(), volume,
            TmpfsMount.at("/scratch").withSizeBytes(1 << 20).withMode(0700).withOptions("noexec"))
            .withCopyToContainer(MountableFile.forClasspathResource("seed/app.conf"), "/data/conf/app.conf");
        GenericContainer<?> reader = ContainerVolumes.mount(busybox(), volume.withReadOnly(true))) {
      writer.start();
      reader.start();
      // the file copied in before start landed in the volume, and the other container reads it
      assertThat(sh(reader, "cat /data/conf/app.conf")).isEqualTo("greeting=hello from the class path");
      sh(writer, "echo written > /data/out.txt && mkdir -p /data/empty && ln -s out.txt /data/link && chmod 640 /data/out.txt");
      assertThat(sh(reader, "cat /data/out.txt")).isEqualTo("written");
      assertThat(reader.execInContainer("sh", "-c", "touch /data/nope").getExitCode()).isNotZero();
      // the tmpfs: its mode, size and noexec, as the kernel reports them
      assertThat(sh(writer, "stat -c %a /scratch")).isEqualTo("700");
      assertThat(sh(writer, "grep ' /scratch ' /proc/mounts")).contains("tmpfs", "size=1024k", "noexec");
      // Testcontainers' session labels on the volume it created, the test's own label kept
      Volume v = ContainerVolumes.volumes().inspect(data);
      assertThat(v.labels()).containsEntry(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL, DockerClientFactory.SESSION_ID)
          .containsAllEntriesOf(MINE).containsAllEntriesOf(ContainerVolumes.sessionLabels());
      // what the container got, read through docker-java's inspect model
      List<MountPoint> got = DockerJavaMounts.mountPoints(reader.getContainerInfo());
      assertThat(got).anySatisfy(p -> {
        assertThat(p.name()).hasValue(data);
        assertThat(p.readWrite()).isFalse();
      });
      assertThat(DockerJavaMounts.fromInspect(reader.getContainerInfo())).contains(VolumeMount.of(data, "/data").withReadOnly(true));

      // the whole directory out of the running container
      Path out = tmp.resolve("out");
      TransferResult r = ContainerVolumes.copyOut(writer, "/data", out);
      assertThat(r.digest().entries()).isEqualTo(r.digest().files() + r.digest().directories() + r.digest().symlinks());
      assertThat(Files.readString(out.resolve("conf/app.conf"))).isEqualTo("greeting=hello from the class path\n");
      assertThat(Files.readSymbolicLink(out.resolve("link")).toString()).isEqualTo("out.txt");
      assertThat(Files.isDirectory(out.resolve("empty"))).isTrue();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("out.txt"), LinkOption.NOFOLLOW_LINKS)))
          .isEqualTo("rw-r-----");
      // and out of the volume itself, the same tree
      Path fromVolume = tmp.resolve("vol");
      assertThat(ContainerVolumes.volumes().copyFrom(data).tree("/", fromVolume).digest()).isEqualTo(r.digest());
    }
    // Testcontainers removed its containers; the named volume stays for the reaper (or our cleanup)
    assertThat(ContainerVolumes.volumes().find(data)).isPresent();
  }

  @Test
  void bindsWithEveryOptionVolumesFromAndMinusVText(@TempDir Path tmp) throws Exception {
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Files.writeString(conf.resolve("a.txt"), "bound\n");
    Path missing = tmp.resolve("created-by-the-daemon");
    String data = name("vf");
    try (GenericContainer<?> owner = ContainerVolumes.mount(busybox(),
            BindMount.of(conf, "/conf").withReadOnly(true).withRecursion(BindRecursion.DISABLED),
            MountSyntax.VOLUME.parse(missing + ":/made:rw"),
            VolumeMount.of(data, "/shared").withLabels(MINE).withNoCopy(true));
        GenericContainer<?> borrower = busybox()) {
      owner.start();
      ContainerVolumes.volumesFrom(borrower, VolumesFrom.parse(owner.getContainerId() + ":ro"));
      borrower.start();
      assertThat(sh(owner, "cat /conf/a.txt")).isEqualTo("bound");
      assertThat(owner.execInContainer("sh", "-c", "touch /conf/x").getExitCode()).isNotZero();
      // -v semantics: the daemon created the missing host directory
      assertThat(Files.isDirectory(missing)).isTrue();
      // --volumes-from c:ro: every mount of the owner, read-only, as sent ("c:ro", not docker-java's "c:ro:rw")
      assertThat(sh(borrower, "cat /conf/a.txt")).isEqualTo("bound");
      assertThat(borrower.execInContainer("sh", "-c", "touch /shared/x").getExitCode()).isNotZero();
      assertThat(borrower.getContainerInfo().getHostConfig().getVolumesFrom()[0].toString())
          .isEqualTo(owner.getContainerId() + ":ro");
      assertThat(DockerJavaMounts.volumesFrom(borrower.getContainerInfo().getHostConfig()))
          .containsExactly(VolumesFrom.parse(owner.getContainerId() + ":ro"));
    }
  }

  @Test
  void aTargetTheContainerAlreadyHasIsRefusedNamingBothMounts() {
    GenericContainer<?> withTmpfs = busybox().withTmpFs(Map.of("/data", "size=1m"));
    assertThatThrownBy(() -> ContainerVolumes.mount(withTmpfs, VolumeMount.of(name("c1"), "/data")))
        .isInstanceOf(MountConflictException.class)
        .hasMessageContaining("volume " + name("c1") + ":/data").hasMessageContaining("tmpfs /data:size=1m (withTmpFs)");

    GenericContainer<?> withBind = busybox().withFileSystemBind("/tmp", "/data/");
    assertThatThrownBy(() -> ContainerVolumes.mount(withBind, TmpfsMount.at("/data")))
        .isInstanceOf(MountConflictException.class).hasMessageContaining("bind /tmp:/data");

    assertThatThrownBy(() -> ContainerVolumes.mount(busybox(), VolumeMount.of(name("c2"), "/x"), TmpfsMount.at("/x/")))
        .isInstanceOf(MountConflictException.class).hasMessageContaining("tmpfs /x");
    // targets compared as the daemon compares them (Go's path.Clean)
    assertThatThrownBy(() -> ContainerVolumes.mount(busybox(), VolumeMount.of(name("c4"), "/y/./z"), TmpfsMount.at("/y/q/../z")))
        .isInstanceOf(MountConflictException.class).hasMessageContaining("at /y/z");

    GenericContainer<?> copies = busybox().withCopyToContainer(MountableFile.forClasspathResource("seed/app.conf"), "/run/s/app.conf");
    assertThatThrownBy(() -> ContainerVolumes.mount(copies, TmpfsMount.at("/run/s")))
        .isInstanceOf(MountConflictException.class).hasMessageContaining("tmpfs mounted at start would hide it")
        .hasMessageContaining("file /run/s/app.conf copied in");
    assertThatThrownBy(() -> ContainerVolumes.mount(copies, VolumeMount.of(name("c3"), "/run/s").withReadOnly(true)))
        .isInstanceOf(MountConflictException.class).hasMessageContaining("read-only");
  }

  @Test
  void aConflictSeenOnlyAtCreateStopsTheStartBeforeAnythingIsCreated() {
    String late = name("late");
    String[] target = {"/elsewhere"};
    try (GenericContainer<?> c = ContainerVolumes.mount(busybox().withTmpFs(Map.of("/data", "")),
        () -> VolumeMount.of(late, target[0]).withLabels(MINE))) {
      target[0] = "/data";  // decided at start, as a temp volume's name is
      assertThatThrownBy(c::start).satisfies(e -> assertThat(rootCause(e)).isInstanceOf(MountConflictException.class)
          .hasMessageContaining("tmpfs /data"));
      assertThat(c.getContainerId()).isNull();
    }
    assertThat(ContainerVolumes.volumes().find(late)).isEmpty();
  }

  @Test
  void aFieldTheDaemonsVersionLacksIsRefusedBeforeTheVolumeIsCreated() {
    String sub = name("sub");
    try (GenericContainer<?> c = ContainerVolumes.mount(busybox(), VolumeMount.of(sub, "/data").withSubpath("a").withLabels(MINE))) {
      if (ContainerVolumes.volumes().apiVersion().isAtLeast(io.github.volumes4j.ApiVersion.V1_45)) {
        return;  // the daemon has subpath: nothing to refuse
      }
      assertThatThrownBy(c::start).satisfies(e -> assertThat(rootCause(e)).isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("1.45"));
    }
    assertThat(ContainerVolumes.volumes().find(sub)).isEmpty();
  }

  @Test
  void aReusedContainersVolumeIsNotLabelledForTheReaper() {
    String kept = name("reuse");
    try (GenericContainer<?> c = ContainerVolumes.mount(busybox().withReuse(true), VolumeMount.of(kept, "/data").withLabels(MINE))) {
      c.start();
      assertThat(ContainerVolumes.volumes().inspect(kept).labels()).isEqualTo(MINE);
    } finally {
      // reuse is off on this machine (no ~/.testcontainers.properties), so Testcontainers removed the container
      ContainerVolumes.volumes().removeIfExists(kept);
    }
  }

  @Test
  void anExistingVolumeIsUsedAsItIsNeverRelabelled() throws Exception {
    String existing = name("existing");
    ContainerVolumes.volumes().create(io.github.volumes4j.VolumeSpec.named(existing).label(LABEL, RUN));
    ContainerVolumes.volumes().copyInto(existing).string("kept\n", "/k.txt");
    try (GenericContainer<?> c = ContainerVolumes.mount(busybox(), VolumeMount.of(existing, "/data"))) {
      c.start();
      assertThat(sh(c, "cat /data/k.txt")).isEqualTo("kept");
    }
    assertThat(ContainerVolumes.volumes().inspect(existing).labels()).isEqualTo(MINE);
  }

  static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
