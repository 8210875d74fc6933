package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.EngineUnavailableException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A second dockerd with {@code --tlsverify} on a loopback port, with its own data root, exec root, pid
 * file, socket and bridge. Keys and certificates are made with openssl: an RSA server key, an EC client
 * key in SEC 1 form, and a second CA that the daemon does not trust.
 *
 * <p>Not {@code --bridge=none}: a dockerd started with it deletes the host's {@code docker0} link
 * ({@code removeDefaultBridgeInterface}, "the --bridge=none use case"), which cuts every container of
 * the first daemon off its default network. The second daemon gets a bridge of its own instead
 * ({@code ip link add ... type bridge}), removed afterwards, and the test checks that {@code docker0}
 * is still there.
 */
@EnabledIfDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerTlsIT {

  Path dir;
  SecondDaemon daemon;
  int port;
  boolean docker0Before;

  @BeforeAll
  void startSecondDaemon() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "v4jtls");
    Path client = dir.resolve("client");
    TestTls.make(dir, "volumes4j TLS IT CA", "localhost", "IP:127.0.0.1,DNS:localhost");
    Path wrong = Files.createDirectories(dir.resolve("wrong"));
    // a client whose CA is another one: it must not trust the daemon
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "wrong/ca-key.pem", "-out", "wrong/ca.pem",
        "-days", "2", "-subj", "/CN=other CA");
    Files.copy(client.resolve("cert.pem"), wrong.resolve("cert.pem"));
    Files.copy(client.resolve("key.pem"), wrong.resolve("key.pem"));

    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    docker0Before = Files.exists(Path.of("/sys/class/net/docker0"));
    List<String> flags = new ArrayList<>(TestTls.daemonFlags(dir));
    flags.addAll(List.of("-H", "tcp://127.0.0.1:" + port));
    daemon = SecondDaemon.start(dir.resolve("daemon"), flags);
  }

  void openssl(String... args) throws IOException, InterruptedException {
    TestTls.openssl(dir, args);
  }

  @AfterAll
  void stopSecondDaemon() throws Exception {
    try {
      if (daemon != null) {
        daemon.close();
        assertThat(daemon.bridgeRemoved()).as("the second daemon's bridge is removed").isTrue();
      }
    } finally {
      if (dir != null) {
        new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
      }
    }
    assertThat(dir).doesNotExist();
    if (docker0Before) {
      assertThat(Path.of("/sys/class/net/docker0")).as("the first daemon's docker0 bridge").exists();
    }
  }

  @Test
  void worksWithVolumesOverVerifiedTls() {
    try (DockerEngine engine = DockerEngine.builder().host(URI.create("tcp://127.0.0.1:" + port))
        .tls(dir.resolve("client"), true).connectTimeout(Duration.ofSeconds(5)).build()) {
      assertThat(engine.info().apiVersion().toString()).isEqualTo("1.41");
      Volume v = engine.createVolume(VolumeSpec.named("tls-vol").label("via", "tls"));
      assertThat(v.mountpoint()).startsWith(daemon.root().resolve("data").toString());
      assertThat(engine.listVolumes(VolumeFilter.label("via", "tls"))).extracting(Volume::name).containsExactly("tls-vol");
      engine.removeVolume("tls-vol", false);
      assertThat(engine.listVolumes(VolumeFilter.all())).isEmpty();
    }
  }

  @Test
  void aClientWithTheWrongCaIsRefused() {
    assertThatThrownBy(() -> DockerEngine.builder().host(URI.create("tcp://127.0.0.1:" + port))
        .tls(dir.resolve("wrong"), true).build())
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("tcp://127.0.0.1:" + port)
        .hasMessageContaining("SSLHandshakeException: PKIX path building failed");
  }

  @Test
  void aClientWithoutACertificateIsRefused() throws IOException {
    Path noCert = Files.createDirectories(dir.resolve("nocert"));
    Files.copy(dir.resolve("ca.pem"), noCert.resolve("ca.pem"));
    assertThatThrownBy(() -> DockerEngine.builder().host(URI.create("tcp://127.0.0.1:" + port)).tls(noCert, true).build())
        .isInstanceOf(EngineUnavailableException.class);
  }

  @Test
  void plainHttpToATlsPortFails() {
    assertThatThrownBy(() -> DockerEngine.builder().host(URI.create("tcp://127.0.0.1:" + port)).build())
        .isInstanceOf(io.github.volumes4j.EngineException.class);
  }

  @Test
  void discoveryReadsDockerHostAndTlsFromSystemProperties() {
    System.setProperty("DOCKER_HOST", "tcp://127.0.0.1:" + port);
    System.setProperty("DOCKER_TLS_VERIFY", "1");
    System.setProperty("DOCKER_CERT_PATH", dir.resolve("client").toString());
    try (DockerEngine engine = DockerEngine.detect()) {
      assertThat(engine.host()).isEqualTo(URI.create("tcp://127.0.0.1:" + port));
      assertThat(engine.listVolumes(VolumeFilter.all())).isEmpty();
    } finally {
      System.clearProperty("DOCKER_HOST");
      System.clearProperty("DOCKER_TLS_VERIFY");
      System.clearProperty("DOCKER_CERT_PATH");
    }
  }
}
