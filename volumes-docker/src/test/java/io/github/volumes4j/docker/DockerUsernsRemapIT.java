package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.testkit.contract.TarEntries;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second dockerd with {@code --userns-remap=default} (its own socket, roots and bridge; Docker makes
 * the {@code dockremap} user when missing): its volumes' mountpoints are readable here, but their owners
 * are the remapped ids (root in a container is 100000 or so on the host). The library must not read
 * them: a backup goes through the daemon and keeps the container's owners.
 */
@EnabledIfDocker
class DockerUsernsRemapIT {

  @TempDir
  Path dir;

  @Test
  void aRemappedDaemonsMountpointsAreNotReadAndOwnersAreTheContainers() throws Exception {
    String run = "v4jns" + UUID.randomUUID().toString().substring(0, 8);
    try (SecondDaemon daemon = SecondDaemon.start(Path.of("/tmp", run), List.of("--userns-remap=default"));
        DockerEngine engine = daemon.connect()) {
      DataMovement data = DataMovement.on(engine);
      String v = engine.createVolume(VolumeSpec.named(run + "-v")).name();
      Path tree = Files.createDirectories(dir.resolve("tree"));
      Path owned = tree.resolve("owned.txt");
      Files.writeString(owned, "owned by 1000:1001\n");
      Files.setAttribute(owned, "unix:uid", 1000);
      Files.setAttribute(owned, "unix:gid", 1001);
      Files.writeString(tree.resolve("root.txt"), "owned by root\n");
      data.copyInto(v).tree(tree, "/");

      Path mp = Path.of(engine.inspectVolume(v).mountpoint());
      assertThat(mp.toString()).as("the remapped data root").matches(".*/[0-9]+\\.[0-9]+/volumes/.*");
      // the premise: on the host the owners are shifted
      assertThat(Files.getAttribute(mp.resolve("root.txt"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isNotEqualTo(0);
      assertThat(Files.getAttribute(mp.resolve("owned.txt"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isNotEqualTo(1000);

      BackupResult b = data.backup(v).to(dir.resolve("b.tar"));
      assertThat(b.path()).isNotEqualTo(TransferPath.HOST_MOUNTPOINT);
      try (InputStream in = Files.newInputStream(dir.resolve("b.tar"))) {
        var entries = TarEntries.read(in);
        assertThat(entries.get("data/owned.txt").uid()).isEqualTo(1000);
        assertThat(entries.get("data/owned.txt").gid()).isEqualTo(1001);
        assertThat(entries.get("data/root.txt").uid()).isZero();
      }
      TreeDigest before = data.digest(v);
      assertThat(data.restore(dir.resolve("b.tar")).toNewVolume(run + "-r").path()).isNotEqualTo(TransferPath.HOST_MOUNTPOINT);
      assertThat(data.digest(run + "-r")).isEqualTo(before);
      engine.removeVolume(v, true);
      engine.removeVolume(run + "-r", true);
    }
  }
}
