package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.spi.ForwardingVolumeEngine;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import io.github.volumes4j.testkit.junit.EngineKind;
import io.github.volumes4j.testkit.junit.TempVolume;
import io.github.volumes4j.testkit.junit.VolumesTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A container that keeps swapping a file for a symbolic link to a root-only host file, and a
 * directory for a link to a host directory, while backups, clones and digests run: the host file's
 * content never reaches a backup or a clone, and the mountpoint is not read while the container
 * runs. A container that starts during a backup's walk is caught afterwards, and the backup is read
 * again through the engine.
 */
@EnabledIfDocker
@VolumesTest(engine = EngineKind.DOCKER)
class DockerRacingContainerIT {

  VolumeEngine engine;
  /** Through the extension: a helper or clone the library leaves fails the test. */
  @TempVolume
  String v;
  Path hostDir;
  String secret;

  @BeforeEach
  void start(VolumeEngine engine) throws IOException {
    this.engine = engine;
    ContractImages.ensure(engine);
    hostDir = Files.createDirectories(Path.of("/tmp", v));
    secret = "CANARY-" + v;
    Path f = hostDir.resolve("secret.txt");
    Files.writeString(f, secret + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    DataMovement.on(engine).copyInto(v).string("plain\n", "/plain.txt");
  }

  @AfterEach
  void stop() throws IOException {
    Files.deleteIfExists(hostDir.resolve("secret.txt"));
    Files.deleteIfExists(hostDir);
  }

  private String racer(String volume, boolean start) {
    String loop = "cd /v; while true; do echo safe > f.new; mv -f f.new f; ln -sf " + hostDir + "/secret.txt l.new; "
        + "mv -f l.new f; rm -rf d; mkdir d; echo safe > d/secret.txt; rm -rf d; ln -s " + hostDir + " d; done";
    String id = engine.createContainer(ContainerSpec.builder().image(ContractImages.BUSYBOX)
        .command(java.util.List.of("sh", "-c", loop)).addMount(VolumeMount.of(volume, "/v")).build());
    if (start) {
      engine.startContainer(id);
    }
    return id;
  }

  /**
   * Both ways through the daemon: the automatic choice (started helpers where the library's helper
   * image can be made, as on this machine, else the archive endpoints), and the archive endpoints forced.
   */
  @ParameterizedTest
  @ValueSource(strings = {"automatic", "ARCHIVE_API"})
  void aRacingContainerNeverGetsAHostFileIntoABackupOrAClone(String choice) throws IOException {
    String racer = racer(v, true);
    boolean automatic = choice.equals("automatic");
    DataMovement data = automatic ? DataMovement.on(engine) : DataMovement.on(engine).preferPath(TransferPath.ARCHIVE_API);
    long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
    int backups = 0;
    int failed = 0;
    int clones = 0;
    while (System.nanoTime() < until) {
      Path file = Files.createTempFile(hostDir, "b", ".tar");
      Files.delete(file);
      BackupResult r;
      try {
        r = data.backup(v).to(file);
      } catch (io.github.volumes4j.data.DataMovementException e) {
        // Docker ends its archive stream when a file changes while it is read; busybox tar in a helper
        // fails on a file that vanished between its listing and its read: a typed failure, no file
        assertThat(e.getMessage()).satisfiesAnyOf(m -> assertThat(m).contains("ended early").contains("consistent()"),
            m -> assertThat(m).contains("helper"));
        assertThat(file).doesNotExist();
        failed++;
        continue;
      }
      backups++;
      assertThat(r.path()).as("the mountpoint of a volume a running container uses")
          .isIn(TransferPath.ARCHIVE_API, TransferPath.HELPER_STREAM);
      if (automatic) {
        assertThat(r.pathReason()).contains("running containers");
      } else {
        assertThat(r.path()).isEqualTo(TransferPath.ARCHIVE_API);
        assertThat(r.pathReason()).contains("preferPath(ARCHIVE_API)");
      }
      assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
      Files.delete(file);
      if (backups % 3 == 0) {
        String copy = v + "-c" + clones++;
        TransferResult c;
        try {
          c = data.clone(v).to(copy);
        } catch (io.github.volumes4j.VolumesException e) {
          assertThat(engine.listVolumes(VolumeFilter.name(copy))).isEmpty();
          continue;
        }
        assertThat(c.path()).isEqualTo(r.path());
        try (java.io.InputStream in = data.copyFrom(copy).tar("/")) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        }
        engine.removeVolume(copy, true);
        try {
          data.digest(v);
        } catch (io.github.volumes4j.data.DataMovementException e) {
          // the same cut stream as a backup's: a typed failure that says why
          assertThat(e.getMessage()).satisfiesAnyOf(m -> assertThat(m).contains("file changes while it is read"),
              m -> assertThat(m).contains("helper"));
        }
      }
    }
    engine.removeContainer(racer, false, true);
    assertThat(backups).as("backups that succeeded (%d failed with a typed error)", failed).isGreaterThan(3);
    // once nothing races, the mountpoint is read again
    Path file = hostDir.resolve("after.tar");
    assertThat(DataMovement.on(engine).backup(v).to(file).path()).isEqualTo(TransferPath.HOST_MOUNTPOINT);
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
    Files.delete(file);
  }

  @Test
  void aContainerThatStartsDuringTheWalkIsCaughtAndTheBackupReadAgainThroughTheEngine() throws IOException {
    String racer = racer(v, false);
    AtomicBoolean started = new AtomicBoolean();
    // the racer starts right after the mountpoint was proved, which comes after the check that no
    // running container uses the volume: the walk begins next
    ForwardingVolumeEngine starting = new ForwardingVolumeEngine(engine) {
      @Override
      public Optional<PathStat> statPath(String container, String path) {
        Optional<PathStat> list = super.statPath(container, path);
        if (started.compareAndSet(false, true)) {
          engine.startContainer(racer);
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return list;
      }

      @Override
      public void close() {
        // the test's engine stays open
      }
    };
    Path file = hostDir.resolve("during.tar");
    try {
      BackupResult r = DataMovement.on(starting).backup(v).to(file);
      assertThat(r.path()).isIn(TransferPath.ARCHIVE_API, TransferPath.HELPER_STREAM);
      assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
      Files.delete(file);
    } catch (io.github.volumes4j.data.DataMovementException e) {
      // the racer's writes can make the daemon cut its archive (CI saw it once, "ended early after 0 bytes"):
      // the engine path was taken, the failure is typed and says why, and no file was left
      assertThat(e.getMessage()).satisfiesAnyOf(m -> assertThat(m).contains("the engine's archive of the volume ended "
          + "early").contains("file changes while it is read"), m -> assertThat(m).contains("helper"));
      assertThat(e.getMessage()).contains("not written");
      assertThat(file).doesNotExist();
    }
    assertThat(started).isTrue();
    engine.removeContainer(racer, false, true);
  }
}
