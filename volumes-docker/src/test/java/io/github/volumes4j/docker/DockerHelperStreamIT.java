package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The started-helper path ({@link TransferPath#HELPER_STREAM}) on the real daemon, both ways the
 * data can travel (the library's busybox image through a token-guarded published port, a user's image
 * over attached streams): faithful both ways, and a helper killed half way or a stranger on the port
 * leaves a typed error, no file, no helper.
 */
@EnabledIfDocker
class DockerHelperStreamIT {

  static final String LABEL = "io.github.volumes4j.test";
  static final String BUSYBOX = "volumes4j/busybox:test";
  String run;
  DockerEngine engine;
  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    run = "v4jhs" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    engine = DockerEngine.detect();
  }

  @AfterEach
  void cleanUp() {
    try {
      assertThat(helpers()).as("helper containers left").isEmpty();
    } finally {
      try {
        engine.listVolumes(VolumeFilter.label(LABEL, run)).forEach(v -> engine.removeVolume(v.name(), true));
      } finally {
        engine.close();
      }
    }
  }

  List<ContainerInfo> helpers() {
    return engine.listContainers(Map.of("io.github.volumes4j.helper", "true")).stream()
        .filter(c -> c.labels().getOrDefault("io.github.volumes4j.helper.volume", "").startsWith(run)).toList();
  }

  String volume(String suffix) {
    return engine.createVolume(VolumeSpec.named(run + "-" + suffix).label(LABEL, run)).name();
  }

  /** A tree with what a faithful copy must keep: owners, modes, links, a long name, empty dirs. */
  String tricky(DataMovement data) throws IOException {
    Path t = Files.createDirectories(dir.resolve("tree"));
    Files.createDirectories(t.resolve("empty/deeper"));
    Files.writeString(t.resolve("a.txt"), "alpha\n");
    Files.write(t.resolve("big.bin"), random(3 << 20, 7));
    String longName = "n".repeat(150);
    Files.writeString(Files.createDirectories(t.resolve("d/" + "x".repeat(120))).resolve(longName), "long\n");
    Files.createSymbolicLink(t.resolve("link"), Path.of("a.txt"));
    Files.createLink(t.resolve("hard.txt"), t.resolve("a.txt"));
    Files.writeString(t.resolve("ünï cødé.txt"), "u\n");
    String v = volume("src");
    data.copyInto(v).tree(t, "/");
    data.copyInto(v).owner(1234, 5678).mode(0604).string("owned\n", "/owned.txt");
    return v;
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void theLibrarysBusyboxImageCarriesBackupRestoreAndCloneThroughAPort() throws Exception {
    DataMovement plain = DataMovement.on(engine);
    String src = tricky(plain);
    DataMovement data = plain.preferPath(TransferPath.HELPER_STREAM);
    BackupResult b = data.backup(src).to(dir.resolve("b.tar"));
    assertThat(b.path()).isEqualTo(TransferPath.HELPER_STREAM);
    TransferResult r = data.restore(dir.resolve("b.tar")).label(LABEL, run).toNewVolume(run + "-restored");
    assertThat(r.path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(plain.digest(run + "-restored")).isEqualTo(plain.digest(src));
    TransferResult c = data.clone(src).label(LABEL, run).to(run + "-clone");
    assertThat(c.path()).isEqualTo(TransferPath.HELPER_STREAM);
    assertThat(plain.digest(run + "-clone")).isEqualTo(plain.digest(src));
    // the archive the helper produced holds the same tree as one made through the archive endpoints
    BackupResult a = plain.preferPath(TransferPath.ARCHIVE_API).backup(src).to(dir.resolve("a.tar"));
    assertThat(a.path()).isEqualTo(TransferPath.ARCHIVE_API);
    assertThat(b.manifest().content()).isEqualTo(a.manifest().content());
  }

  @Test
  void aUsersImageCarriesTheDataOverAttachedStreams() throws Exception {
    DataMovement plain = DataMovement.on(engine);
    String src = tricky(plain);
    DataMovement data = plain.helperImage(BUSYBOX).preferPath(TransferPath.HELPER_STREAM);
    BackupResult b = data.backup(src).to(dir.resolve("b.tar"));
    assertThat(b.path()).isEqualTo(TransferPath.HELPER_STREAM);
    for (RestorePolicy p : List.of(RestorePolicy.REPLACE, RestorePolicy.FAIL_IF_NOT_EMPTY)) {
      String into = volume("into-" + p.name().toLowerCase());
      data.restore(dir.resolve("b.tar")).into(into, p);
      assertThat(plain.digest(into)).as(p.name()).isEqualTo(plain.digest(src));
    }
  }

  /**
   * Without the host's busybox the library looks among the daemon's images for one that runs tar
   * (never by name, never pulled), probing with containers it creates and removes, never starts.
   */
  @Test
  void withoutTheHostsBusyboxALocalImageThatRunsTarIsFoundAndItsProbesRemoved() throws Exception {
    DataMovement plain = DataMovement.on(engine);
    String src = tricky(plain);
    System.setProperty("volumes4j.helperImage.fromHost", "false");
    try {
      DataMovement data = plain.preferPath(TransferPath.HELPER_STREAM);
      BackupResult b = data.backup(src).to(dir.resolve("b.tar"));
      assertThat(b.path()).isEqualTo(TransferPath.HELPER_STREAM);
      assertThat(b.pathReason()).contains("a local image with");
      TransferResult r = data.restore(dir.resolve("b.tar")).label(LABEL, run).toNewVolume(run + "-restored");
      assertThat(r.path()).isEqualTo(TransferPath.HELPER_STREAM);
      assertThat(plain.digest(run + "-restored")).isEqualTo(plain.digest(src));
      assertThat(engine.listContainers(Map.of("io.github.volumes4j.session", data.session())))
          .as("probe and helper containers left").isEmpty();
    } finally {
      System.clearProperty("volumes4j.helperImage.fromHost");
    }
  }

  @Test
  void aMissingHelperImageIsATypedErrorThatSaysWhatToDo() {
    String src = volume("src");
    assertThatThrownBy(() -> DataMovement.on(engine).helperImage("volumes4j/no-such-image:" + run)
        .preferPath(TransferPath.HELPER_STREAM).backup(src).to(dir.resolve("x.tar")))
        .isInstanceOf(DataMovementException.class).hasMessageContaining("is not on").hasMessageContaining("docker pull");
    assertThat(dir.resolve("x.tar")).doesNotExist();
  }

  @Test
  void aHelperKilledHalfWayLeavesATypedErrorNoFileAndNoHelper() throws Exception {
    String src = volume("src");
    DataMovement plain = DataMovement.on(engine);
    // 160 MiB: far more than the socket and proxy buffers hold (tens of MiB with a 4 MiB receive window), so the
    // helper is still writing when it is stopped; a helper that had already finished would rightly succeed
    for (int i = 0; i < 160; i++) {
      plain.copyInto(src).bytes(random(1 << 20, i), "/f" + i + ".bin");
    }
    for (String image : List.of("", BUSYBOX)) {
      DataMovement data = (image.isEmpty() ? plain : plain.helperImage(image)).preferPath(TransferPath.HELPER_STREAM);
      AtomicBoolean killed = new AtomicBoolean();
      Path file = dir.resolve("killed" + image.length() + ".tar");
      assertThatThrownBy(() -> data.backup(src).progress(p -> {
        if (p.bytes() > (2 << 20) && killed.compareAndSet(false, true)) {
          // from another thread, as an operator would: the daemon ends a stop only once the helper's
          // output is drained, and this thread is the one that reads it
          Thread t = new Thread(() -> helpers().forEach(c -> engine.stopContainer(c.id(), java.time.Duration.ZERO)));
          t.start();
          try {
            t.join(5000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }).to(file)).as(image).isInstanceOf(DataMovementException.class);
      assertThat(killed).isTrue();
      assertThat(file).doesNotExist();
      assertThat(helpers()).isEmpty();
    }
  }

  @Test
  void aStrangerWhoConnectsFirstGetsNothing() throws Exception {
    // A helper started the way the library starts one: the wrong greeting makes it exit without a byte.
    String src = volume("src");
    DataMovement.on(engine).copyInto(src).string("secret\n", "/s.txt");
    io.github.volumes4j.ContainerSpec spec = io.github.volumes4j.ContainerSpec.builder().image(BUSYBOX)
        .name(run + "-h").labels(Map.of("io.github.volumes4j.helper", "true", "io.github.volumes4j.helper.volume", run))
        .env(Map.of("V4J_TOKEN", "right"))
        .command(List.of("nc", "-l", "-p", "7000", "-e", "sh", "-c",
            "read -r t; [ \"$t\" = \"$V4J_TOKEN\" ] || exit 3; echo v4j-ready; exec tar cf - -C /data ."))
        .addMount(io.github.volumes4j.VolumeMount.builder().source(src).target("/data").readOnly(true).build())
        .build();
    assertThatThrownBy(() -> engine.startHelper(spec, io.github.volumes4j.spi.HelperIo.port(7000, "wrong\n",
        "v4j-ready\n"))).isInstanceOf(io.github.volumes4j.EngineException.class).hasMessageContaining("exited");
    assertThat(helpers()).isEmpty();
    try (io.github.volumes4j.spi.HelperProcess p = engine.startHelper(spec, io.github.volumes4j.spi.HelperIo.port(7000,
        "right\n", "v4j-ready\n"))) {
      assertThat(p.transport()).startsWith("tcp 127.0.0.1:");
      byte[] tar = p.stdout().readAllBytes();
      assertThat(new String(tar, StandardCharsets.ISO_8859_1)).contains("secret");
      assertThat(p.waitFor()).isZero();
    }
  }

  @Test
  void attachedStreamsCarryInputToEndOfFileAndOutputBack() throws Exception {
    io.github.volumes4j.ContainerSpec spec = io.github.volumes4j.ContainerSpec.builder().image(BUSYBOX)
        .name(run + "-cat").labels(Map.of("io.github.volumes4j.helper", "true", "io.github.volumes4j.helper.volume", run))
        .command(List.of("sh", "-c", "wc -c; echo oops >&2; exit 4")).network("none").build();
    try (io.github.volumes4j.spi.HelperProcess p = engine.startHelper(spec, io.github.volumes4j.spi.HelperIo.attached())) {
      try (OutputStream in = p.stdin()) {
        in.write(new byte[300_000]);
      }
      assertThat(new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8).trim()).isEqualTo("300000");
      assertThat(p.waitFor()).isEqualTo(4);
      assertThat(p.stderr()).contains("oops");
    }
    assertThat(helpers()).isEmpty();
  }
}
