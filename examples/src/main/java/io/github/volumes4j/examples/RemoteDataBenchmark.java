package io.github.volumes4j.examples;

import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.docker.DockerEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The remote-daemon stand-in of the data benchmark: a second dockerd this program starts, reached over
 * plain TCP on loopback, whose volumes the library moves through the engine only (it never reads that
 * daemon's mountpoints here: {@code fastPath(false)}). Backup and restore of ~0.55 GB (500 x 1 MiB +
 * 5,000 x 4 KiB) through a started helper and through the archive endpoints, against the documented
 * {@code docker -H tcp://... run --rm -v vol:/data -v dir:/backup busybox tar} pattern run against the
 * same daemon, in the same run. Prints MB/s, ratios and the machine's load.
 *
 * <pre>
 * ./mvnw -q -B -pl examples -am compile exec:java@remote-benchmark
 * </pre>
 *
 * <p>Needs root (a second dockerd, a bridge of its own), the docker CLI, the image
 * {@code volumes4j/busybox:test} on the first daemon (copied to the second with save and load), and
 * ~3 GB under {@code /tmp}. Everything it makes is removed at the end, the daemon and its bridge included.
 */
public final class RemoteDataBenchmark {

  private static final String BUSYBOX = "volumes4j/busybox:test";
  private final List<String[]> rows = new ArrayList<>();
  private long bytes;

  public static void main(String[] args) throws Exception {
    new RemoteDataBenchmark().go();
  }

  private void go() throws Exception {
    String run = "v4jremote" + UUID.randomUUID().toString().substring(0, 6);
    Path root = Files.createTempDirectory("volumes4j-remote-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String host = "tcp://127.0.0.1:" + port;
    String bridge = "v4jb" + Integer.toHexString(new Random().nextInt(1 << 20));
    sh("ip", "link", "add", bridge, "type", "bridge");
    Process dockerd = null;
    try {
      sh("ip", "addr", "add", "10.253." + (1 + new Random().nextInt(249)) + ".1/24", "dev", bridge);
      sh("ip", "link", "set", bridge, "up");
      dockerd = new ProcessBuilder("dockerd", "-H", host, "--data-root", root.resolve("data").toString(),
          "--exec-root", root.resolve("exec").toString(), "--pidfile", root.resolve("docker.pid").toString(),
          "--bridge=" + bridge, "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false")
          .redirectErrorStream(true).redirectOutput(root.resolve("dockerd.log").toFile()).start();
      DockerEngine engine = awaitDaemon(host, dockerd, root);
      try (engine) {
        sh("sh", "-c", "docker save " + BUSYBOX + " | docker -H " + host + " load");
        measure(engine, host, run, root);
      }
    } finally {
      if (dockerd != null) {
        dockerd.destroy();
        if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
          dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      new ProcessBuilder("sh", "-c", "grep ' " + root + "' /proc/self/mounts | cut -d' ' -f2 | sort -r | xargs -r -n1 umount -l")
          .start().waitFor(30, TimeUnit.SECONDS);
      new ProcessBuilder("rm", "-rf", root.toString()).start().waitFor(120, TimeUnit.SECONDS);
      new ProcessBuilder("ip", "link", "del", bridge).start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static DockerEngine awaitDaemon(String host, Process dockerd, Path root) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!dockerd.isAlive()) {
        throw new IllegalStateException("the second dockerd exited: " + Files.readString(root.resolve("dockerd.log")));
      }
      try {
        DockerEngine e = DockerEngine.builder().host(host).build();
        if (e.ping()) {
          return e;
        }
        e.close();
      } catch (RuntimeException notYet) {
        // not answering yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the second dockerd did not answer within 60 s");
  }

  private void measure(DockerEngine engine, String host, String run, Path root) throws Exception {
    DataMovement data = DataMovement.on(engine);
    System.out.printf("remote stand-in: %s %s over %s, %d cores%n", engine.info().name(), engine.info().version(), host,
        Runtime.getRuntime().availableProcessors());
    String src = engine.createVolume(VolumeSpec.named(run + "-src")).name();
    Path gen = Files.createDirectories(root.resolve("gen"));
    bytes = generate(gen);
    data.copyInto(src).tree(gen, "/");
    sh("rm", "-rf", gen.toString());
    Path bk = Files.createDirectories(root.resolve("backup"));
    DataMovement helper = data.preferPath(TransferPath.HELPER_STREAM);
    DataMovement archive = data.preferPath(TransferPath.ARCHIVE_API);
    helper.backup(src).overwrite().to(bk.resolve("warm.tar"));       // JIT and image warm-up, not counted
    double pattern = 0;
    double viaHelper = 0;
    double viaArchive = 0;
    for (int round = 1; round <= 2; round++) {
      pattern = Math.max(pattern, time("backup: docker -H tcp run ... busybox tar (documented pattern)", () -> {
        sh("docker", "-H", host, "run", "--rm", "--network", "none", "-v", src + ":/data", "-v", bk + ":/backup", BUSYBOX,
            "sh", "-c", "tar cf /backup/pattern.tar -C /data . && sync");
        return "";
      }));
      viaHelper = Math.max(viaHelper, time("backup: volumes4j, started helper", () -> {
        BackupResult r = helper.backup(src).overwrite().to(bk.resolve("helper.tar"));
        return r.path().toString();
      }));
      viaArchive = Math.max(viaArchive, time("backup: volumes4j, archive endpoints", () -> {
        BackupResult r = archive.backup(src).overwrite().to(bk.resolve("archive.tar"));
        return r.path().toString();
      }));
    }
    double rPattern = 0;
    double rHelper = 0;
    double rArchive = 0;
    for (int round = 1; round <= 2; round++) {
      String pv = engine.createVolume(VolumeSpec.named(run + "-rp" + round)).name();
      rPattern = Math.max(rPattern, time("restore: docker -H tcp run ... busybox tar x (documented pattern)", () -> {
        sh("docker", "-H", host, "run", "--rm", "--network", "none", "-v", pv + ":/data", "-v", bk + ":/backup", BUSYBOX,
            "sh", "-c", "tar xf /backup/pattern.tar -C /data && sync");
        return "";
      }));
      String hv = run + "-rh" + round;
      rHelper = Math.max(rHelper, time("restore: volumes4j, started helper (verified read-back)", () -> {
        TransferResult r = helper.restore(bk.resolve("helper.tar")).toNewVolume(hv);
        return r.path().toString();
      }));
      String av = run + "-ra" + round;
      rArchive = Math.max(rArchive, time("restore: volumes4j, archive endpoints (verified read-back)", () -> {
        TransferResult r = archive.restore(bk.resolve("helper.tar")).toNewVolume(av);
        return r.path().toString();
      }));
      if (!data.digest(hv).equals(data.digest(src)) || !data.digest(av).equals(data.digest(src))) {
        throw new IllegalStateException("a restored volume differs from the source");
      }
      for (String v : List.of(pv, hv, av)) {
        engine.removeVolume(v, true);
      }
    }
    engine.removeVolume(src, true);
    System.out.printf("%nratios (same run, best of two rounds; load average now %.1f on %d cores):%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    System.out.printf("  backup  started helper / pattern    %.2fx   (archive endpoints: %.2fx)%n", viaHelper / pattern,
        viaArchive / pattern);
    System.out.printf("  restore started helper / pattern    %.2fx   (archive endpoints: %.2fx)%n", rHelper / rPattern,
        rArchive / rPattern);
  }

  private double time(String what, Callable<String> body) throws Exception {
    long t0 = System.nanoTime();
    String note = body.call();
    double s = (System.nanoTime() - t0) / 1e9;
    double mbs = bytes / 1e6 / s;
    rows.add(new String[] {what, String.format(Locale.ROOT, "%.0f", mbs)});
    System.out.printf(Locale.ROOT, "  %-66s %6.0f MB/s %6.2f s %s%n", what, mbs, s, note);
    return mbs;
  }

  /** 500 x 1 MiB and 5,000 x 4 KiB of text-like random content. */
  private static long generate(Path dir) throws IOException {
    Random rnd = new Random(42);
    byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \n".getBytes();
    byte[] big = new byte[1 << 20];
    byte[] small = new byte[4096];
    long total = 0;
    Path bigDir = Files.createDirectories(dir.resolve("big"));
    for (int i = 0; i < 500; i++) {
      fill(rnd, alphabet, big);
      Files.write(bigDir.resolve("f" + i), big);
      total += big.length;
    }
    for (int d = 0; d < 50; d++) {
      Path sub = Files.createDirectories(dir.resolve("small/" + d));
      for (int i = 0; i < 100; i++) {
        fill(rnd, alphabet, small);
        Files.write(sub.resolve("s" + i), small);
        total += small.length;
      }
    }
    return total;
  }

  private static void fill(Random rnd, byte[] alphabet, byte[] b) {
    for (int i = 0; i < b.length; i++) {
      b[i] = alphabet[rnd.nextInt(alphabet.length)];
    }
  }

  private static void sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
