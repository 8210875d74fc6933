package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.contract.ServiceContract;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The service contract on a real single-node swarm: a dedicated second dockerd (its own socket, data root, exec root,
 * pid file and bridge; never the shared daemon) initialised with {@code docker swarm init --advertise-addr 127.0.0.1
 * --listen-addr 127.0.0.1:PORT}, the test image loaded into it from the shared daemon. The shared daemon, which is
 * in no swarm, answers the not-a-manager scenario (a read). Afterwards the swarm's {@code docker_gwbridge} link is
 * removed if the test made it, and the shared daemon's {@code docker0} is checked to be there still.
 */
@EnabledIfDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerServiceIT extends ServiceContract {

  SecondDaemon daemon;
  Path dir;
  boolean gwbridgeBefore;

  @BeforeAll
  void startSwarm() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "v4jswarm");
    gwbridgeBefore = Files.exists(Path.of("/sys/class/net/docker_gwbridge"));
    daemon = SecondDaemon.start(dir.resolve("daemon"), List.of());
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String host = "unix://" + daemon.socket();
    sh("docker -H " + host + " swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:" + port);
    sh("docker save " + ContractImages.BUSYBOX + " | docker -H " + host + " load");
    sh("docker -H " + host + " tag " + ContractImages.BUSYBOX + " busybox:1.36");  // the README block's image
  }

  @AfterAll
  void stopSwarm() throws Exception {
    if (daemon != null) {
      try {
        sh("docker -H unix://" + daemon.socket() + " swarm leave --force");
      } finally {
        daemon.close();
      }
    }
    if (!gwbridgeBefore && Files.exists(Path.of("/sys/class/net/docker_gwbridge"))) {
      sh("ip link del docker_gwbridge");
    }
    SecondDaemon.run("rm", "-rf", dir.toString());
  }

  @Override
  protected VolumeEngine managerEngine() {
    return daemon.connect();
  }

  @Override
  protected VolumeEngine nonManagerEngine() {
    return DockerEngine.detect();
  }

  @Test
  void theSharedDaemonIsInNoSwarmAndKeepsItsBridge() throws Exception {
    assertThat(Path.of("/sys/class/net/docker0")).exists();
    try (DockerEngine shared = DockerEngine.detect()) {
      assertThat(shared.host().toString()).doesNotContain(daemon.socket().toString());
      assertThatThrownBy(() -> io.github.volumes4j.swarm.Services.on(shared).nodes())
          .isInstanceOf(io.github.volumes4j.swarm.NotSwarmManagerException.class);
    }
    try (DockerEngine swarm = daemon.connect()) {
      assertThat(io.github.volumes4j.swarm.Services.on(swarm).nodes()).singleElement()
          .satisfies(n -> assertThat(n.role()).isEqualTo("manager"))
          .satisfies(n -> assertThat(n.address()).isEqualTo("127.0.0.1"));
    }
  }

  /** The README's service block, compiled as it stands there, run with DOCKER_HOST naming the swarm's manager. */
  @Test
  void theReadmesServiceBlockRunsOnTheSwarm(@org.junit.jupiter.api.io.TempDir Path classes) throws Exception {
    java.util.Map<String, String> blocks = ReadmeIT.javaBlocks();
    assertThat(blocks).containsKey("ReplicatedUploads");
    String previous = System.getProperty("DOCKER_HOST");
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    try (java.net.URLClassLoader loader = DocBlocks.compile(blocks, classes, getClass().getClassLoader())) {
      System.setProperty("DOCKER_HOST", "unix://" + daemon.socket());
      System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
      loader.loadClass("ReplicatedUploads").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(out);
      if (previous == null) {
        System.clearProperty("DOCKER_HOST");
      } else {
        System.setProperty("DOCKER_HOST", previous);
      }
    }
    String text = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).contains("task 1 on node ").contains("task 2 on node ").contains(": uploads-data at /");
    try (DockerEngine swarm = daemon.connect()) {
      assertThat(swarm.listVolumes(io.github.volumes4j.VolumeFilter.name("uploads-data"))).as("the block removes its volume")
          .isEmpty();
      assertThat(io.github.volumes4j.swarm.Services.on(swarm).list(java.util.Map.of())).as("and its service").isEmpty();
    }
  }

  static void sh(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }
}
