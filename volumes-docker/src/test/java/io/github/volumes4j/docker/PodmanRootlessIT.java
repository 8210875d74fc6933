package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.SnapshotRepository;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.testkit.contract.TarEntries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data movement on a rootless Podman service (user {@code volumes4j-rootless}, started by
 * {@code scripts/podman-engine.sh start-rootless}). Its volumes' mountpoints are readable by this root
 * JVM, but their owners are the user namespace's: root in a container is the user on the host, uid
 * 1000 is 100999 or so. Reading them would put the host's ids into a backup (it did, before the
 * library checked); every operation goes through started helpers, attached (the helper's port cannot
 * be published: {@code /dev/net/tun} is root's only here, so rootless networking does not start), and
 * keeps the container's owners.
 *
 * <p>Skipped with a message where no rootless service runs; failed instead when
 * {@code VOLUMES4J_PODMAN_ROOTLESS_REQUIRED=true} (as in CI).
 */
class PodmanRootlessIT {

  static final Path SOCKET = Path.of("/run/volumes4j-rootless/podman.sock");
  static final String LABEL = "io.github.volumes4j.test";

  private final String run = "v4jrl" + UUID.randomUUID().toString().substring(0, 8);
  private DockerEngine engine;
  private DataMovement data;

  @TempDir
  Path dir;

  @BeforeAll
  static void requireRootlessPodman() {
    boolean required = "true".equalsIgnoreCase(System.getenv("VOLUMES4J_PODMAN_ROOTLESS_REQUIRED"));
    if (!Files.exists(SOCKET)) {
      String how = "no rootless Podman service at " + SOCKET + "; start one with `bash scripts/podman-engine.sh "
          + "start-rootless` (root, Debian: it makes the user volumes4j-rootless)";
      if (required) {
        Assertions.fail("VOLUMES4J_PODMAN_ROOTLESS_REQUIRED is set but " + how);
      }
      Assumptions.abort(how + " to run the rootless Podman tests");
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
      assertThat(engine.listContainers(Map.of("io.github.volumes4j.session", data.session())))
          .as("helpers left").isEmpty();
    } finally {
      try {
        for (var v : engine.listVolumes(VolumeFilter.label(LABEL, run))) {
          engine.removeVolume(v.name(), true);
        }
      } finally {
        engine.close();
      }
    }
  }

  private String volume(String suffix) {
    return engine.createVolume(VolumeSpec.named(run + "-" + suffix).label(LABEL, run)).name();
  }

  /** A host tree: a file owned by 1000:1001, one by root, a link, an empty directory. */
  private Path tree() throws IOException {
    Path t = Files.createDirectories(dir.resolve("tree"));
    Files.createDirectories(t.resolve("empty"));
    Files.createDirectories(t.resolve("sub"));
    Files.writeString(t.resolve("root.txt"), "owned by root\n");
    Path owned = t.resolve("sub/owned.txt");
    Files.writeString(owned, "owned by 1000:1001\n");
    Files.setAttribute(owned, "unix:uid", 1000);
    Files.setAttribute(owned, "unix:gid", 1001);
    Files.setAttribute(owned, "unix:mode", 0640);
    Files.createSymbolicLink(t.resolve("link"), Path.of("sub/owned.txt"));
    return t;
  }

  @Test
  void theEngineIsRootlessPodmanAndItsMountpointsShowTheHostsIds() throws IOException {
    assertThat(engine.info().isPodman()).isTrue();
    String v = volume("ids");
    assertThat(data.copyInto(v).tree(tree(), "/").path()).isEqualTo(TransferPath.HELPER_STREAM);
    Path mp = Path.of(engine.inspectVolume(v).mountpoint());
    // the premise: on the host the file is not 1000's (the user namespace shifted it), nor is the root root's
    assertThat(Files.getAttribute(mp.resolve("sub/owned.txt"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isNotEqualTo(1000);
    assertThat(Files.getAttribute(mp.resolve("root.txt"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isNotEqualTo(0);
  }

  @Test
  void everyDataOperationKeepsTheContainersOwners() throws IOException {
    String src = volume("src");
    TransferResult in = data.copyInto(src).tree(tree(), "/");
    assertThat(in.path()).isEqualTo(TransferPath.HELPER_STREAM);
    TreeDigest before = data.digest(src);
    assertThat(before.files()).isEqualTo(2);
    assertThat(before.symlinks()).isEqualTo(1);

    BackupResult b = data.backup(src).to(dir.resolve("b.tar"));
    assertThat(b.path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(b.manifest().content()).isEqualTo(before);
    Map<String, TarEntries.Entry> entries;
    try (InputStream s = Files.newInputStream(dir.resolve("b.tar"))) {
      entries = TarEntries.read(s);
    }
    assertThat(entries.get("data/sub/owned.txt").uid()).isEqualTo(1000);
    assertThat(entries.get("data/sub/owned.txt").gid()).isEqualTo(1001);
    assertThat(entries.get("data/root.txt").uid()).isZero();

    TransferResult restored = data.restore(dir.resolve("b.tar")).label(LABEL, run).toNewVolume(run + "-restored");
    assertThat(restored.path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(data.digest(run + "-restored")).isEqualTo(before);
    for (RestorePolicy p : RestorePolicy.values()) {
      String into = volume("into-" + p.name().toLowerCase(java.util.Locale.ROOT));
      data.restore(dir.resolve("b.tar")).into(into, p);
      assertThat(data.digest(into)).as(p.name()).isEqualTo(before);
    }
    assertThat(data.clone(src).label(LABEL, run).to(run + "-clone").path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(data.digest(run + "-clone")).isEqualTo(before);

    Path out = Files.createDirectories(dir.resolve("out"));
    // out as docker cp copies out (owners are the copier's, as without docker cp -a), through a helper
    assertThat(data.copyFrom(src).tree("/sub", out).path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(Files.readString(out.resolve("owned.txt"))).isEqualTo("owned by 1000:1001\n");
    assertThat(data.copyFrom(src).string("/root.txt")).isEqualTo("owned by root\n");
  }

  /** Snapshots on rootless Podman go through helpers (the mountpoint shows the host's ids) and keep the owners. */
  @Test
  void snapshotsKeepTheContainersOwners() throws IOException {
    String src = volume("snap");
    data.copyInto(src).tree(tree(), "/");
    TreeDigest before = data.digest(src);
    SnapshotRepository repo = SnapshotRepository.create(dir.resolve("repo"));
    SnapshotInfo s = data.snapshot(src).into(repo);
    assertThat(s.path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(s.content()).isEqualTo(before);
    SnapshotInfo again = data.snapshot(src).into(repo);
    assertThat(again.content()).isEqualTo(before);
    assertThat(again.addedBytes()).isLessThan(s.addedBytes());
    TransferResult restored = data.restore(repo, s.id()).label(LABEL, run).toNewVolume(run + "-snap-restored");
    assertThat(restored.path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(data.digest(run + "-snap-restored")).isEqualTo(before);
    Path out = Files.createDirectories(dir.resolve("snap-out"));
    data.copyFrom(run + "-snap-restored").tree("/sub", out);
    assertThat(Files.readString(out.resolve("owned.txt"))).isEqualTo("owned by 1000:1001\n");
    assertThat(repo.check().problems()).isEmpty();
  }
}
