package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.SnapshotRepository;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.spi.ForwardingVolumeEngine;
import io.github.volumes4j.spi.HelperIo;
import io.github.volumes4j.spi.HelperProcess;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A daemon reached over the network with TLS: a second dockerd in a network namespace this test makes (a veth pair to
 * the host's namespace, the daemon at 10.254.N.2, its API on port 2376 with verified TLS), as a remote host would be.
 * Its volumes' data must stay on the TLS connection: no helper publishes a port there (one would carry the data
 * unencrypted, open on the remote host's addresses). Data movement takes the archive endpoints by itself, and a
 * started helper, when asked for, is attached over the API connection; while it runs, every connection this machine
 * has to that host goes to the TLS port, and nothing but the API listens there. Traffic goes only to the test's own
 * namespace; everything is removed afterwards (daemon, namespace, links, directory).
 */
@EnabledIfDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerRemoteTlsIT {

  final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20));
  final int subnet = ThreadLocalRandom.current().nextInt(1, 250);
  final String ns = "v4jtn" + tag;
  final String hostSide = "v4jth" + tag;
  final String daemonIp = "10.254." + subnet + ".2";
  Path dir;
  SecondDaemon daemon;
  boolean docker0Before;

  @BeforeAll
  void startRemoteDaemon() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "v4jremotetls");
    TestTls.make(dir, "volumes4j remote TLS IT CA", daemonIp, "IP:" + daemonIp);

    docker0Before = Files.exists(Path.of("/sys/class/net/docker0"));
    SecondDaemon.run("ip", "netns", "add", ns);
    SecondDaemon.run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", ns);
    SecondDaemon.run("ip", "addr", "add", "10.254." + subnet + ".1/30", "dev", hostSide);
    SecondDaemon.run("ip", "link", "set", hostSide, "up");
    SecondDaemon.run("ip", "-n", ns, "addr", "add", daemonIp + "/30", "dev", "eth0");
    SecondDaemon.run("ip", "-n", ns, "link", "set", "eth0", "up");
    SecondDaemon.run("ip", "-n", ns, "link", "set", "lo", "up");
    List<String> flags = new ArrayList<>(TestTls.daemonFlags(dir));
    flags.addAll(List.of("-H", "tcp://" + daemonIp + ":2376"));
    daemon = SecondDaemon.start(dir.resolve("daemon"), flags, ns);
  }

  @AfterAll
  void stopRemoteDaemon() throws Exception {
    try {
      if (daemon != null) {
        daemon.close();
      }
    } finally {
      new ProcessBuilder("ip", "netns", "del", ns).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
      new ProcessBuilder("ip", "link", "del", hostSide).start().waitFor(30, TimeUnit.SECONDS);   // gone with its peer
      if (dir != null) {
        new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
      }
    }
    assertThat(dir).doesNotExist();
    assertThat(Path.of("/run/netns/" + ns)).doesNotExist();
    if (docker0Before) {
      assertThat(Path.of("/sys/class/net/docker0")).as("the first daemon's docker0 bridge").exists();
    }
  }

  DockerEngine engine() {
    return DockerEngine.builder().host(URI.create("tcp://" + daemonIp + ":2376")).tls(dir.resolve("client"), true)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Established TCP connections of this machine's namespace to the daemon's host, as {@code ss} lists them. */
  List<String> connectionsToTheDaemon() throws IOException, InterruptedException {
    return lines(new ProcessBuilder("ss", "-Htn", "state", "established", "dst", daemonIp));
  }

  /** What listens on TCP in the daemon's namespace (a published port's proxy would). */
  List<String> listeningOnTheDaemonsHost() throws IOException, InterruptedException {
    return lines(new ProcessBuilder("nsenter", "--net=/run/netns/" + ns, "ss", "-Htln"));
  }

  static List<String> lines(ProcessBuilder pb) throws IOException, InterruptedException {
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", pb.command()) + ": " + out)
        .isTrue();
    // IPv4-mapped addresses as plain ones: [::ffff:10.254.1.2]:2376 -> 10.254.1.2:2376
    return out.lines().map(l -> l.strip().replace("[::ffff:", "").replace("]:", ":")).filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void aRemoteDaemonHasNoLocalHelperPortsAndALocalOneHas() {
    try (DockerEngine remote = engine()) {
      assertThat(remote.supports(EngineFeature.HELPER_STREAMS)).isTrue();
      assertThat(remote.supports(EngineFeature.LOCAL_HELPER_PORTS)).isFalse();
    }
    try (DockerEngine local = DockerEngine.builder().host(URI.create("unix://" + daemon.socket())).build()) {
      assertThat(local.supports(EngineFeature.LOCAL_HELPER_PORTS)).isTrue();
    }
  }

  @Test
  void aHelperPortIsRefusedAndLeavesNoContainer() {
    try (DockerEngine engine = engine()) {
      engine.createVolume(VolumeSpec.named("refused-port"));
      ContainerSpec spec = ContainerSpec.builder().image("refused-before-create:none").command(List.of("true"))
          .addMount(VolumeMount.builder().source("refused-port").target("/data").build()).build();
      int before = engine.listContainers(java.util.Map.of()).size();
      assertThatThrownBy(() -> engine.startHelper(spec, HelperIo.port(7000, "t\n", "r\n")))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("tcp://" + daemonIp + ":2376")
          .hasMessageContaining("reached over the network")
          .hasMessageContaining("(which has TLS)")
          .hasMessageContaining("HelperIo.attached()");
      assertThat(engine.listContainers(java.util.Map.of())).hasSize(before);
      engine.removeVolume("refused-port", true);
    }
  }

  @Test
  void dataStaysOnTheTlsConnection() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work-" + tag));
    Path tree = Files.createDirectories(work.resolve("tree/sub"));
    Files.writeString(tree.resolve("secret.txt"), "only over TLS\n".repeat(10_000));
    Files.write(tree.resolve("bytes.bin"), new byte[300_000]);
    List<HelperIo> ios = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    try (DockerEngine engine = engine()) {
      ForwardingVolumeEngine watched = new ForwardingVolumeEngine(engine) {
        @Override
        public HelperProcess startHelper(ContainerSpec spec, HelperIo io) {
          ios.add(io);
          HelperProcess p = super.startHelper(spec, io);
          try {
            // while the helper runs: every connection to that host is the TLS API's, and only the API listens there
            for (String c : connectionsToTheDaemon()) {
              assertThat(c).as("a connection to the daemon's host").contains(daemonIp + ":2376");
              seen.add(c);
            }
            assertThat(listeningOnTheDaemonsHost()).as("what listens on the daemon's host").allSatisfy(l ->
                assertThat(l).contains(daemonIp + ":2376"));
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return p;
        }
      };
      DataMovement data = DataMovement.on(watched);
      engine.createVolume(VolumeSpec.named("src").label("v4j-test", tag));
      data.copyInto("src").tree(work.resolve("tree"), "/");

      // by itself: the archive endpoints, saying why (this stand-in's mountpoints are on this machine and proved
      // readable, so fastPath(false) stands for a host whose files are elsewhere)
      BackupResult auto = data.backup("src").fastPath(false).to(work.resolve("auto.tar"));
      assertThat(auto.path()).isEqualTo(TransferPath.ARCHIVE_API);
      assertThat(auto.pathReason()).contains("reached over the network");
      TransferResult back = data.restore(work.resolve("auto.tar")).fastPath(false).toNewVolume("auto-back");
      assertThat(back.path()).isEqualTo(TransferPath.ARCHIVE_API);
      assertThat(data.digest("auto-back")).isEqualTo(data.digest("src"));

      // asked for: a started helper, attached over the API connection, never a port
      DataMovement helper = data.preferPath(TransferPath.HELPER_STREAM);
      ios.clear();
      BackupResult viaHelper = helper.backup("src").to(work.resolve("helper.tar"));
      assertThat(viaHelper.path()).isEqualTo(TransferPath.HELPER_STREAM);
      TransferResult restored = helper.restore(work.resolve("helper.tar")).toNewVolume("helper-back");
      assertThat(restored.path()).isEqualTo(TransferPath.HELPER_STREAM);
      assertThat(data.digest("helper-back")).isEqualTo(data.digest("src"));
      assertThat(ios).isNotEmpty().allSatisfy(io -> assertThat(io.isAttached()).as(io.toString()).isTrue());
      assertThat(seen).as("connections seen while helpers ran").isNotEmpty();

      // snapshots over the same connection, by either path: every file read (no mountpoint to stat), only new
      // chunks stored, restored through a helper attached to the API connection
      SnapshotRepository repo = SnapshotRepository.create(work.resolve("repo"));
      SnapshotInfo overArchive = data.snapshot("src").fastPath(false).into(repo);
      assertThat(overArchive.path()).isEqualTo(TransferPath.ARCHIVE_API);
      assertThat(overArchive.content()).isEqualTo(data.digest("src"));
      ios.clear();
      SnapshotInfo overHelper = helper.snapshot("src").into(repo);
      assertThat(overHelper.path()).isEqualTo(TransferPath.HELPER_STREAM);
      assertThat(overHelper.filesUnchanged()).isZero();
      assertThat(overHelper.addedBytes()).isLessThan(overArchive.addedBytes() / 10);
      TransferResult snapBack = helper.restore(repo, overArchive.id()).toNewVolume("snap-back");
      assertThat(snapBack.path()).isEqualTo(TransferPath.HELPER_STREAM);
      assertThat(data.digest("snap-back")).isEqualTo(overArchive.content());
      assertThat(ios).isNotEmpty().allSatisfy(io -> assertThat(io.isAttached()).as(io.toString()).isTrue());
      assertThat(repo.check().problems()).isEmpty();

      for (String v : List.of("src", "auto-back", "helper-back", "snap-back")) {
        engine.removeVolume(v, true);
      }
      assertThat(engine.listVolumes(VolumeFilter.all())).isEmpty();
      assertThat(engine.listContainers(java.util.Map.of())).as("helpers left on the daemon").isEmpty();
    }
  }
}
