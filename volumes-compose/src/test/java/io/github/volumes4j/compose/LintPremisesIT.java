package io.github.volumes4j.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.MountType;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.docker.DockerEngine;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The daemon behaviours the lint rules stand on, recorded on the real daemon every CI run: if Docker changes, these
 * fail and the rule's message is wrong.
 */
@EnabledIfDocker
class LintPremisesIT {

  static final String IMAGE = "volumes4j/busybox:test";
  static final String TEST_LABEL = "io.github.volumes4j.test";

  Volumes volumes;
  String run;

  @BeforeEach
  void connect() {
    volumes = Volumes.using(DockerEngine.detect());
    run = "lp-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() {
    volumes.containers().list(Map.of(TEST_LABEL, run)).forEach(c -> volumes.containers().removeWithVolumes(c.id()));
    volumes.close();
  }

  String mountTable(MountSpec... mounts) {
    String id = volumes.containers().run(ContainerSpec.builder().image(IMAGE).addMounts(mounts)
        .command(List.of("sh", "-c", "cat /proc/mounts; echo END")).labels(Map.of(TEST_LABEL, run)).build());
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      String l = volumes.containers().logs(id);
      if (l.contains("END")) {
        return l;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no mount table from " + id);
  }

  /** VOL004 tmpfs-exec: a tmpfs is noexec,nosuid,nodev unless exec, suid or dev is given. */
  @Test
  void tmpfsIsNoexecNosuidNodevUnlessToldOtherwise() {
    String t = mountTable(TmpfsMount.at("/a"), MountSyntax.TMPFS.parse("/b"), MountSyntax.TMPFS.parse("/c:exec"),
        MountSyntax.TMPFS.parse("/d:exec,suid,dev"));
    assertThat(t).contains("tmpfs /a tmpfs rw,nosuid,nodev,noexec,relatime").contains("tmpfs /b tmpfs rw,nosuid,nodev,noexec,relatime")
        .contains("tmpfs /c tmpfs rw,nosuid,nodev,relatime").contains("tmpfs /d tmpfs rw,relatime");
  }

  /** VOL009 drive-letter-trap: -v x:/data is an anonymous volume at the container path x:/data. */
  @Test
  void aDriveLetterVolumeFlagIsAnAnonymousVolumeAtAStrangePath() {
    String id = volumes.containers().create(ContainerSpec.builder().image(IMAGE)
        .addMounts(MountSyntax.VOLUME.parse("x:/data")).labels(Map.of(TEST_LABEL, run)).build());
    List<MountPoint> mounts = volumes.containers().inspect(id).mounts();
    assertThat(mounts).singleElement().satisfies(m -> {
      assertThat(m.type()).isEqualTo(MountType.VOLUME);
      assertThat(m.destination()).isEqualTo("x:/data");
      assertThat(m.name().orElseThrow()).hasSize(64);
    });
  }

  static boolean localSocketBelow145() {
    try (Volumes v = Volumes.using(DockerEngine.detect())) {
      return Files.exists(Path.of("/var/run/docker.sock")) && !v.apiVersion().isAtLeast(io.github.volumes4j.ApiVersion.V1_45)
          && System.getenv("DOCKER_HOST") == null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** VOL010 ignored-by-daemon: a field the daemon's API version lacks is dropped without an error (Subpath at 1.41). */
  @Test
  @EnabledIf("localSocketBelow145")
  void anOlderDaemonDropsFieldsItDoesNotKnow() throws IOException {
    String name = run + "-sub";
    volumes.create(io.github.volumes4j.VolumeSpec.named(name).label(TEST_LABEL, run));
    try {
      String body = "{\"Image\":\"" + IMAGE + "\",\"Cmd\":[\"true\"],\"Labels\":{\"" + TEST_LABEL + "\":\"" + run + "\"},"
          + "\"HostConfig\":{\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"" + name + "\",\"Target\":\"/d\","
          + "\"VolumeOptions\":{\"Subpath\":\"sub\"}}]}}";
      String response = post("/v" + volumes.apiVersion() + "/containers/create", body);
      assertThat(response).matches("(?s)HTTP/1.[01] 201.*").contains("\"Warnings\":[]");
      String id = response.substring(response.indexOf("\"Id\":\"") + 6, response.indexOf("\"Id\":\"") + 70);
      String inspect = post("/v" + volumes.apiVersion() + "/containers/" + id + "/json", null);
      assertThat(inspect).contains("\"VolumeOptions\":{}").doesNotContain("Subpath");
    } finally {
      cleanUp();
      volumes = Volumes.using(DockerEngine.detect());
      volumes.removeIfExists(name);
    }
  }

  /** One HTTP/1.0 exchange on the daemon's socket (POST with a body, or GET without one). */
  static String post(String path, String body) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of("/var/run/docker.sock"))) {
      String req = (body == null ? "GET " : "POST ") + path + " HTTP/1.0\r\nHost: docker\r\n"
          + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: "
              + body.getBytes(StandardCharsets.UTF_8).length + "\r\n") + "\r\n" + (body == null ? "" : body);
      ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.UTF_8)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) >= 0) {
        buf.flip();
        out.write(buf.array(), 0, buf.limit());
        buf.clear();
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
