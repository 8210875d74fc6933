package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.SnapshotRepository;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.testkit.contract.TarEntries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against Podman's Docker-compatible service (rootful, {@code /run/podman/podman.sock}):
 * volumes work; data movement goes through the volumes' mountpoints and refuses Podman's archive
 * endpoints, whose GET loses owners (checked here too, so that a Podman that fixes it is noticed).
 * Skipped with a message where no Podman service runs; failed instead when
 * {@code VOLUMES4J_PODMAN_REQUIRED=true} (CI starts one with {@code scripts/podman-engine.sh start}).
 */
class PodmanIT {

  static final Path SOCKET = Path.of("/run/podman/podman.sock");
  static final String LABEL = "io.github.volumes4j.test";

  private final String run = "v4jpod" + UUID.randomUUID().toString().substring(0, 8);
  private DockerEngine engine;
  private DataMovement data;

  @TempDir
  Path dir;

  @BeforeAll
  static void requirePodman() {
    boolean required = "true".equalsIgnoreCase(System.getenv("VOLUMES4J_PODMAN_REQUIRED"))
        || Boolean.getBoolean("volumes4j.podman.required");
    if (!Files.exists(SOCKET)) {
      String how = "no Podman service at " + SOCKET + "; start one with `bash scripts/podman-engine.sh start` (root, Debian)";
      if (required) {
        Assertions.fail("VOLUMES4J_PODMAN_REQUIRED is set but " + how);
      }
      Assumptions.abort(how + " to run the Podman tests");
    }
  }

  @BeforeEach
  void connect() {
    engine = DockerEngine.builder().host("unix://" + SOCKET).build();
    data = DataMovement.on(engine);
  }

  @AfterEach
  void cleanUp() {
    try {
      for (var c : engine.listContainers(Map.of(LABEL, run))) {
        engine.removeContainer(c.id(), false, true);
      }
      for (var v : engine.listVolumes(VolumeFilter.label(LABEL, run))) {
        engine.removeVolume(v.name(), true);
      }
    } finally {
      engine.close();
    }
  }

  private String volume(String suffix) {
    return engine.createVolume(VolumeSpec.named(run + "-" + suffix).label(LABEL, run)).name();
  }

  private Path mountpoint(String volume) {
    return Path.of(engine.inspectVolume(volume).mountpoint());
  }

  /** Files, an empty directory, owners, modes, a symbolic and a hard link, written as root on the host. */
  private void fill(Path root) throws IOException {
    Files.createDirectories(root.resolve("empty"));
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/owned.txt"), "owned by 1000:1001\n");
    Files.setAttribute(root.resolve("sub/owned.txt"), "unix:uid", 1000);
    Files.setAttribute(root.resolve("sub/owned.txt"), "unix:gid", 1001);
    Files.setAttribute(root.resolve("sub/owned.txt"), "unix:mode", 0640);
    Files.write(root.resolve("big.bin"), new byte[1 << 20]);
    Files.createSymbolicLink(root.resolve("link"), Path.of("sub/owned.txt"));
    Files.createLink(root.resolve("hard.bin"), root.resolve("big.bin"));
  }

  @Test
  void theEngineNamesItselfPodman() {
    assertThat(engine.info().product()).contains("Podman Engine");
    assertThat(engine.info().isPodman()).isTrue();
  }

  @Test
  void volumesAreCreatedListedInspectedAndRemoved() {
    String v = engine.createVolume(VolumeSpec.named(run + "-life").label(LABEL, run).label("app", "pod")).name();
    assertThat(engine.inspectVolume(v).labels()).containsEntry("app", "pod").containsEntry(LABEL, run);
    assertThat(engine.inspectVolume(v).driver()).isEqualTo("local");
    assertThat(engine.inspectVolume(v).mountpoint()).isNotEmpty();
    assertThat(engine.listVolumes(VolumeFilter.label(LABEL, run))).extracting(x -> x.name()).containsExactly(v);
    engine.removeVolume(v, false);
    assertThatThrownBy(() -> engine.inspectVolume(v)).isInstanceOf(VolumeNotFoundException.class);
  }

  @Test
  void backupRestoreReplaceAndCloneGoThroughTheMountpoints() throws IOException {
    String v = volume("src");
    fill(mountpoint(v));
    TreeDigest before = data.digest(v);
    assertThat(before.files()).isEqualTo(3);
    assertThat(before.symlinks()).isEqualTo(1);

    BackupResult b = data.backup(v).to(dir.resolve("pod.tar"));
    assertThat(b.path()).isEqualTo(TransferPath.HOST_MOUNTPOINT);
    assertThat(b.manifest().content()).isEqualTo(before);

    TransferResult restored = data.restore(dir.resolve("pod.tar")).label(LABEL, run).toNewVolume(run + "-restored");
    assertThat(restored.path()).isEqualTo(TransferPath.HOST_MOUNTPOINT);
    assertThat(data.digest(run + "-restored")).isEqualTo(before);
    Path owned = mountpoint(run + "-restored").resolve("sub/owned.txt");
    assertThat(Files.getAttribute(owned, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
    assertThat(Files.getAttribute(owned, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1001);

    String empty = volume("empty");
    assertThat(data.restore(dir.resolve("pod.tar")).into(empty, RestorePolicy.FAIL_IF_NOT_EMPTY).path())
        .isEqualTo(TransferPath.HOST_MOUNTPOINT);
    assertThat(data.digest(empty)).isEqualTo(before);

    Files.writeString(mountpoint(v).resolve("later.txt"), "written after the backup\n");
    assertThat(data.digest(v)).isNotEqualTo(before);
    data.restore(dir.resolve("pod.tar")).into(v, RestorePolicy.REPLACE);
    assertThat(data.digest(v)).isEqualTo(before);

    TransferResult clone = data.clone(v).label(LABEL, run).to(run + "-clone");
    assertThat(clone.path()).isEqualTo(TransferPath.HOST_MOUNTPOINT);
    assertThat(data.digest(run + "-clone")).isEqualTo(before);
    assertThat(engine.listContainers(Map.of("io.github.volumes4j.session", data.session()))).isEmpty();
  }

  @Test
  void theArchiveEndpointsAreRefusedBeforeAnythingIsWritten() throws IOException {
    DataMovement data = this.data.preferPath(TransferPath.ARCHIVE_API);
    String v = volume("refused");
    fill(mountpoint(v));
    TreeDigest before = data.digest(v);
    assertThatThrownBy(() -> data.copyInto(v).string("x\n", "/x.txt")).isInstanceOf(DataMovementException.class)
        .hasMessageContaining("Podman Engine").hasMessageContaining("nothing was read or written")
        .hasMessageContaining("helper image");
    assertThatThrownBy(() -> data.backup(v).fastPath(false).to(dir.resolve("no.tar")))
        .isInstanceOf(DataMovementException.class).hasMessageContaining("report every file as owned by root");
    Path backup = this.data.backup(v).to(dir.resolve("ok.tar")).file().orElseThrow();
    assertThatThrownBy(() -> data.restore(backup).into(v, RestorePolicy.MERGE))
        .isInstanceOf(DataMovementException.class).hasMessageContaining("nothing was read or written");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("no.tar").noneMatch(n -> n.endsWith(".part"));
    }
    assertThat(data.digest(v)).isEqualTo(before);
    assertThat(engine.listContainers(Map.of("io.github.volumes4j.session", data.session()))).isEmpty();
  }

  /** Why the archive endpoints are refused: Podman 4.3's GET reports 0:0 for a file owned by 1000:1001 and has no root entry. */
  @Test
  void podmansArchiveGetLosesOwners() throws IOException {
    String v = volume("why");
    fill(mountpoint(v));
    String image = "volumes4j/podman-test:empty-1";
    if (!engine.imageExists(image)) {
      engine.importImage(new ByteArrayInputStream(new byte[1024]), image, Map.of(LABEL, "podman"));
    }
    assertThat(engine.imageExists(image)).as("the import is tagged as asked").isTrue();
    String id = engine.createContainer(ContainerSpec.builder().image(image).command(List.of("/never-started"))
        .labels(Map.of(LABEL, run)).network("none").addMount(VolumeMount.of(v, "/data")).build());
    Map<String, TarEntries.Entry> entries = TarEntries.read(engine.readArchive(id, "/data/."));
    assertThat(entries).containsKey("sub/owned.txt").doesNotContainKey("./");
    assertThat(entries.get("sub/owned.txt").uid()).isZero();
    assertThat(Files.getAttribute(mountpoint(v).resolve("sub/owned.txt"), "unix:uid")).isEqualTo(1000);
  }

  /**
   * Every data operation on Podman alone, through started helpers (the library's busybox image,
   * imported into Podman): nothing goes through the host mountpoints ({@code fastPath(false)}), and
   * every result equals what the mountpoint holds.
   */
  @Test
  void everyDataOperationWorksThroughStartedHelpersWithoutDocker() throws IOException {
    String v = volume("helpers");
    fill(mountpoint(v));
    TreeDigest before = data.digest(v);
    data.copyInto(v).owner(1000, 1001).mode(0600).string("copied in\n", "/in/copied.txt");
    assertThat(Files.readString(mountpoint(v).resolve("in/copied.txt"))).isEqualTo("copied in\n");
    assertThat(Files.getAttribute(mountpoint(v).resolve("in/copied.txt"), "unix:uid")).isEqualTo(1000);
    assertThat(data.copyFrom(v).string("/in/copied.txt")).isEqualTo("copied in\n");
    data.copyFrom(v).tree("/sub", dir.resolve("out"));
    assertThat(Files.readString(dir.resolve("out/owned.txt"))).isEqualTo("owned by 1000:1001\n");
    assertThatThrownBy(() -> data.copyFrom(v).string("/no/such.txt")).isInstanceOf(io.github.volumes4j.EngineException.class)
        .hasMessageContaining("does not exist");
    Files.delete(mountpoint(v).resolve("in/copied.txt"));
    Files.delete(mountpoint(v).resolve("in"));
    assertThat(data.digest(v)).isEqualTo(before);

    BackupResult b = data.backup(v).fastPath(false).to(dir.resolve("helper.tar"));
    assertThat(b.path()).isEqualTo(TransferPath.HELPER_STREAM);
    TransferResult restored = data.restore(dir.resolve("helper.tar")).fastPath(false).label(LABEL, run)
        .toNewVolume(run + "-h-restored");
    assertThat(restored.path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(data.digest(run + "-h-restored")).isEqualTo(before);
    assertThat(Files.getAttribute(mountpoint(run + "-h-restored").resolve("sub/owned.txt"), "unix:uid")).isEqualTo(1000);
    for (RestorePolicy p : RestorePolicy.values()) {
      String into = volume("h-" + p.name().toLowerCase(java.util.Locale.ROOT));
      if (p == RestorePolicy.MERGE || p == RestorePolicy.REPLACE) {
        Files.writeString(mountpoint(into).resolve("kept.txt"), "there before\n");
      }
      TransferResult r = data.restore(dir.resolve("helper.tar")).fastPath(false).into(into, p);
      assertThat(r.path()).as(p.name()).isEqualTo(TransferPath.HELPER_STREAM);
      assertThat(Files.exists(mountpoint(into).resolve("kept.txt"))).as(p.name()).isEqualTo(p == RestorePolicy.MERGE);
      assertThat(Files.readString(mountpoint(into).resolve("sub/owned.txt"))).as(p.name()).isEqualTo("owned by 1000:1001\n");
    }
    DataMovement helpers = data.preferPath(TransferPath.HELPER_STREAM);
    TransferResult clone = helpers.clone(v).label(LABEL, run).to(run + "-h-clone");
    assertThat(clone.path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(data.digest(run + "-h-clone")).isEqualTo(before);
    assertThat(helpers.digest(run + "-h-clone")).as("the digest read through a helper").isEqualTo(before);
    for (String session : List.of(data.session(), helpers.session())) {
      assertThat(engine.listContainers(Map.of("io.github.volumes4j.session", session))).isEmpty();
    }
  }

  /**
   * Snapshots on Podman: through the mountpoint (a second snapshot reads nothing unchanged) and through
   * started helpers (every file read, only new chunks stored); each restores to the same tree through either
   * path, and the repository checks clean.
   */
  @Test
  void snapshotsGoThroughTheMountpointOrStartedHelpersAndRestoreThroughEither() throws IOException {
    String v = volume("snap");
    fill(mountpoint(v));
    TreeDigest before = data.digest(v);
    SnapshotRepository repo = SnapshotRepository.create(dir.resolve("repo"));
    try {
      Thread.sleep(2_100); // a file changed within two seconds of a snapshot records no stat and is read again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    SnapshotInfo first = data.snapshot(v).into(repo);
    assertThat(first.path()).isEqualTo(TransferPath.HOST_MOUNTPOINT);
    assertThat(first.content()).isEqualTo(before);
    SnapshotInfo again = data.snapshot(v).into(repo);
    assertThat(again.filesRead()).isZero();
    assertThat(again.addedBytes()).isLessThan(first.addedBytes() / 10);

    Files.writeString(mountpoint(v).resolve("sub/new.txt"), "new\n");
    TreeDigest changed = data.digest(v);
    SnapshotInfo helper = data.snapshot(v).fastPath(false).into(repo);
    assertThat(helper.path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(helper.content()).isEqualTo(changed);
    assertThat(helper.filesUnchanged()).isZero();
    assertThat(helper.addedBytes()).as("only the new file's chunk and the tree").isLessThan(first.addedBytes() / 10);

    TransferResult viaHelper = data.restore(repo, first.id()).fastPath(false).label(LABEL, run).toNewVolume(run + "-s1");
    assertThat(viaHelper.path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(data.digest(run + "-s1")).isEqualTo(before);
    assertThat(Files.getAttribute(mountpoint(run + "-s1").resolve("sub/owned.txt"), "unix:uid")).isEqualTo(1000);
    TransferResult viaMountpoint = data.restore(repo, helper.id()).label(LABEL, run).toNewVolume(run + "-s3");
    assertThat(viaMountpoint.path()).isEqualTo(TransferPath.HOST_MOUNTPOINT);
    assertThat(data.digest(run + "-s3")).isEqualTo(changed);
    assertThat(repo.check().problems()).isEmpty();
    assertThat(engine.listContainers(Map.of("io.github.volumes4j.session", data.session()))).isEmpty();
  }
}
