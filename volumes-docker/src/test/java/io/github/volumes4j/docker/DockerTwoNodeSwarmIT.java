package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.swarm.NodeInfo;
import io.github.volumes4j.swarm.ServiceInfo;
import io.github.volumes4j.swarm.ServiceSpec;
import io.github.volumes4j.swarm.Services;
import io.github.volumes4j.swarm.TaskInfo;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A two-node swarm on this machine: two dockerds, each in a network namespace the test makes (joined by veth pairs to
 * a bridge of its own in the host's namespace, addresses 10.77.N.11 and .12), each with its own socket, data root, exec
 * root, pid file and bridge; the first runs {@code docker swarm init}, the second joins it as a worker. A service of two
 * replicas with a named volume and a tmpfs gets one task on each node, and each node's volume holds what its own task
 * wrote: a local volume lives on the node that runs the task. Traffic stays on the test's own bridge and namespaces;
 * everything is removed afterwards (namespaces, links, daemons, their directories).
 */
@EnabledIfDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerTwoNodeSwarmIT {

  final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20));
  final int subnet = ThreadLocalRandom.current().nextInt(1, 250);
  final String bridge = "v4jsb" + tag;
  final List<String> namespaces = List.of("v4jn1" + tag, "v4jn2" + tag);
  Path dir;
  SecondDaemon manager;
  SecondDaemon worker;

  String address(int node) {
    return "10.77." + subnet + ".1" + node;
  }

  @BeforeAll
  void startTwoNodes() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "v4j2node");
    SecondDaemon.run("ip", "link", "add", bridge, "type", "bridge");
    SecondDaemon.run("ip", "addr", "add", "10.77." + subnet + ".1/24", "dev", bridge);
    SecondDaemon.run("ip", "link", "set", bridge, "up");
    for (int i = 1; i <= 2; i++) {
      String ns = namespaces.get(i - 1);
      SecondDaemon.run("ip", "netns", "add", ns);
      SecondDaemon.run("ip", "link", "add", "v4jv" + i + tag, "type", "veth", "peer", "name", "eth0", "netns", ns);
      SecondDaemon.run("ip", "link", "set", "v4jv" + i + tag, "master", bridge, "up");
      SecondDaemon.run("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0");
      SecondDaemon.run("ip", "-n", ns, "link", "set", "eth0", "up");
      SecondDaemon.run("ip", "-n", ns, "link", "set", "lo", "up");
    }
    manager = SecondDaemon.start(dir.resolve("n1"), List.of(), namespaces.get(0));
    worker = SecondDaemon.start(dir.resolve("n2"), List.of(), namespaces.get(1));
    String m = "docker -H unix://" + manager.socket();
    String w = "docker -H unix://" + worker.socket();
    DockerServiceIT.sh(m + " swarm init --advertise-addr " + address(1) + " --listen-addr " + address(1) + ":2377");
    DockerServiceIT.sh(w + " swarm join --token $(" + m + " swarm join-token -q worker) --advertise-addr " + address(2)
        + " --listen-addr " + address(2) + ":2377 " + address(1) + ":2377");
    for (String d : List.of(m, w)) {
      DockerServiceIT.sh("docker save " + ContractImages.BUSYBOX + " | " + d + " load");
    }
  }

  @AfterAll
  void stopTwoNodes() throws Exception {
    try {
      for (SecondDaemon d : new SecondDaemon[] {worker, manager}) {
        if (d != null) {
          try {
            DockerServiceIT.sh("docker -H unix://" + d.socket() + " swarm leave --force");
          } finally {
            d.close();
          }
        }
      }
    } finally {
      for (String ns : namespaces) {
        new ProcessBuilder("ip", "netns", "del", ns).inheritIO().start().waitFor();
      }
      new ProcessBuilder("ip", "link", "del", bridge).inheritIO().start().waitFor();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while ((Files.exists(Path.of("/sys/class/net/v4jv1" + tag)) || Files.exists(Path.of("/sys/class/net/v4jv2" + tag)))
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      SecondDaemon.run("rm", "-rf", dir.toString());
    }
  }

  @Test
  void aServiceOfTwoReplicasRunsOneTaskOnEachNodeWithItsOwnVolume() throws Exception {
    try (DockerEngine m = manager.connect(); DockerEngine w = worker.connect()) {
      Services services = Services.on(m);
      List<NodeInfo> nodes = services.nodes();
      assertThat(nodes).extracting(NodeInfo::address).containsExactlyInAnyOrder(address(1), address(2));
      assertThat(nodes).extracting(NodeInfo::role).containsExactlyInAnyOrder("manager", "worker");
      Map<String, DockerEngine> engineOfNode = new HashMap<>();
      for (NodeInfo n : nodes) {
        engineOfNode.put(n.id(), n.address().equals(address(1)) ? m : w);
      }
      String volume = "nodedata" + tag;
      ServiceInfo s = services.create(ServiceSpec.builder().name("two" + tag).image(ContractImages.BUSYBOX)
          .addCommand("sh", "-c", "hostname > /data/who; sleep 3600")
          .addMounts(VolumeMount.of(volume, "/data"), TmpfsMount.at("/scratch").withSizeBytes(1 << 20))
          .replicas(2).stopGracePeriod(Duration.ofSeconds(1)).build());
      try {
        List<TaskInfo> tasks = services.awaitConverged(s.name(), Duration.ofMinutes(2));
        Set<String> nodesUsed = new HashSet<>();
        Set<String> written = new HashSet<>();
        for (TaskInfo t : tasks) {
          nodesUsed.add(t.nodeId());
          DockerEngine node = engineOfNode.get(t.nodeId());
          ContainerInfo c = node.inspectContainer(t.containerId().orElseThrow());
          MountPoint data = c.mounts().stream().filter(p -> p.destination().equals("/data")).findFirst().orElseThrow();
          assertThat(data.name()).hasValue(volume);
          assertThat(node.inspectVolume(volume).mountpoint()).isEqualTo(data.source());
          String who = awaitFile(DataMovement.on(node), volume);
          assertThat(who).isEqualTo(c.id().substring(0, 12));   // swarm's default hostname: the container's short id
          written.add(who);
        }
        assertThat(nodesUsed).as("one task on each node").hasSize(2);
        assertThat(written).as("each node's volume holds its own task's file").hasSize(2);
      } finally {
        services.removeAndWait(s.name(), Duration.ofMinutes(1));
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!w.listContainers(Map.of("com.docker.swarm.service.id", s.id())).isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        for (DockerEngine e : List.of(m, w)) {
          if (!e.listVolumes(VolumeFilter.name(volume)).isEmpty()) {
            e.removeVolume(volume, false);
          }
        }
      }
    }
  }

  private static String awaitFile(DataMovement data, String volume) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return data.copyFrom(volume).string("/who").trim();
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(200);
      }
    }
  }
}
