package io.github.volumes4j.examples;

import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.docker.DockerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The remote-daemon stand-in of the data benchmark: a second dockerd this program starts in a network
 * namespace of its own (a veth pair to the host, the daemon's bridge, NAT and forwarding inside the
 * namespace), reached over plain TCP at the namespace's address as a remote host would be, whose volumes
 * the library moves through the engine only (it never reads that daemon's mountpoints here). Such a daemon
 * has no helper ports ({@code EngineFeature.LOCAL_HELPER_PORTS}): the library's started helper is attached
 * over the API connection there; the raw reference's published port is reached through the namespace's NAT,
 * as from another machine. Backup and restore of ~0.55 GB (500 x 1 MiB +
 * 5,000 x 4 KiB) through a started helper and through the archive endpoints, against the documented
 * {@code docker -H tcp://... run --rm -v vol:/data -v dir:/backup busybox tar} pattern run against the
 * same daemon, in the same run; and two references: the transport alone (a raw socket: the same kind of
 * helper, its tar copied into a file or from one by a plain loop, nothing checked) and {@code docker cp}
 * (the archive endpoints with the docker CLI as the client, nothing checked). The machine's free memory is
 * touched once first, and every step starts with nothing dirty ({@link BenchMachine}). Prints MB/s, ratios
 * and the machine's load.
 *
 * <pre>
 * ./mvnw -q -B -pl examples -am compile exec:java@remote-benchmark
 * ./mvnw -q -B -pl examples -am compile exec:java@remote-benchmark-split   # the daemon on CPU 1, this program on CPU 0
 * ./mvnw -q -B -pl examples -am compile exec:java@podman-benchmark    # the same on Podman's service
 * </pre>
 *
 * <p>Needs root (a network namespace, a second dockerd), the docker CLI, the image
 * {@code volumes4j/busybox:test} on the first daemon (copied to the second with save and load), and
 * ~3 GB under {@code /tmp}. Everything it makes is removed at the end, the daemon and its namespace included.
 */
public final class RemoteDataBenchmark {

  private static final String BUSYBOX = "volumes4j/busybox:test";
  private final List<String[]> rows = new ArrayList<>();
  private long bytes;

  public static void main(String[] args) throws Exception {
    BenchMachine.touchOnce();
    if (args.length > 0 && args[0].equals("podman")) {
      new RemoteDataBenchmark().podman(args.length > 1 ? args[1] : "unix:///run/podman/podman.sock");
    } else {
      new RemoteDataBenchmark().go(args.length > 0 && args[0].equals("split"));
    }
  }

  /**
   * The same measurement on Podman's service (rootful here), the pattern run with the podman CLI
   * against the same storage: every data operation there goes through started helpers.
   */
  private void podman(String socket) throws Exception {
    String run = "v4jpodbench" + UUID.randomUUID().toString().substring(0, 6);
    Path root = Files.createTempDirectory("volumes4j-podman-bench-");
    try (DockerEngine engine = DockerEngine.builder().host(socket).build()) {
      sh("sh", "-c", "docker save " + BUSYBOX + " | podman load");
      measure(engine, List.of("podman"), "127.0.0.1", run, root);
    } finally {
      // the shared service outlives this program (the remote stand-in's daemon does not): a failed round's
      // volumes go here; their names begin with the run's
      new ProcessBuilder("sh", "-c", "podman volume ls -q --filter name=" + run + " | xargs -r podman volume rm -f")
          .start().waitFor(120, TimeUnit.SECONDS);
      new ProcessBuilder("rm", "-rf", root.toString()).start().waitFor(120, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code split}: the second daemon, its containers and their tools on CPU 1 only, this program (and the
   * docker CLI it starts) on CPU 0 only, as a remote host has cores of its own; without it all share both cores,
   * and a client that moves every byte through the network stack competes with the daemon's tar for them.
   */
  private void go(boolean split) throws Exception {
    String run = "v4jremote" + UUID.randomUUID().toString().substring(0, 6);
    Path root = Files.createTempDirectory("volumes4j-remote-");
    int net = 1 + new Random().nextInt(250);
    String tag = Integer.toHexString(new Random().nextInt(1 << 20));
    String ns = "v4jr" + tag;
    String hostSide = "v4jh" + tag;
    String nsSide = "v4jn" + tag;
    String daemonIp = "10.254." + net + ".2";
    String host = "tcp://" + daemonIp + ":2375";
    sh("ip", "netns", "add", ns);
    Process dockerd = null;
    try {
      sh("ip", "link", "add", hostSide, "type", "veth", "peer", "name", nsSide);
      sh("ip", "link", "set", nsSide, "netns", ns);
      sh("ip", "addr", "add", "10.254." + net + ".1/30", "dev", hostSide);
      sh("ip", "link", "set", hostSide, "up");
      sh("ip", "netns", "exec", ns, "ip", "addr", "add", daemonIp + "/30", "dev", nsSide);
      sh("ip", "netns", "exec", ns, "ip", "link", "set", nsSide, "up");
      sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
      // the daemon's own bridge, NAT and forwarding live in its namespace: the host's are not touched
      // nsenter, not "ip netns exec": that remounts /sys, and dockerd then finds no cgroups
      List<String> daemon = new ArrayList<>(split ? List.of("taskset", "-c", "1") : List.of());
      daemon.addAll(List.of("nsenter", "--net=/run/netns/" + ns, "dockerd", "-H", host,
          "--data-root", root.resolve("data").toString(), "--exec-root", root.resolve("exec").toString(),
          "--pidfile", root.resolve("docker.pid").toString(), "--bip", "10.253." + net + ".1/24"));
      dockerd = new ProcessBuilder(daemon).redirectErrorStream(true).redirectOutput(root.resolve("dockerd.log").toFile()).start();
      DockerEngine engine = awaitDaemon(host, dockerd, root);
      try (engine) {
        sh("sh", "-c", "docker save " + BUSYBOX + " | docker -H " + host + " load");
        if (split) {
          // every thread of this JVM (new ones inherit it) and the processes it starts
          sh("taskset", "-a", "-p", "-c", "0", Long.toString(ProcessHandle.current().pid()));
          String cpus = sh("docker", "-H", host, "run", "--rm", "--network", "none", BUSYBOX, "grep", "Cpus_allowed_list",
              "/proc/self/status").strip();
          if (!cpus.endsWith("\t1") && !cpus.endsWith(" 1")) {
            throw new IllegalStateException("the second daemon's containers are not confined to CPU 1: " + cpus);
          }
          System.out.println("split cores: the second daemon and its containers on CPU 1 (" + cpus.replace('\t', ' ')
              + "), this program on CPU 0");
        }
        measure(engine, List.of("docker", "-H", host), daemonIp, run, root);
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
      new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(30, TimeUnit.SECONDS);   // its veth end goes too
      new ProcessBuilder("ip", "link", "del", hostSide).start().waitFor(30, TimeUnit.SECONDS);
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

  /**
   * {@code cli}: the command line that reaches the engine ({@code docker -H ...} or {@code podman}); {@code portHost}:
   * where the engine's published ports answer this program.
   */
  private void measure(DockerEngine engine, List<String> cli, String portHost, String run, Path root) throws Exception {
    DataMovement data = DataMovement.on(engine);
    boolean podman = engine.info().isPodman();
    // a daemon reached over the network has no helper ports (they would carry the data outside the API connection)
    String helperWay = engine.supports(io.github.volumes4j.EngineFeature.LOCAL_HELPER_PORTS) ? "port" : "attached";
    List<String> runCli = new ArrayList<>(cli);
    runCli.add("run");
    if (podman) {
      // Podman 4.3 here refuses a container start without explicit ulimits under the sandbox's limit
      runCli.addAll(List.of("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"));
    }
    System.out.printf("%s %s (%s), pattern through %s, %d cores%n", engine.info().name(), engine.info().version(),
        engine.info().product().orElse("?"), String.join(" ", runCli), Runtime.getRuntime().availableProcessors());
    String src = engine.createVolume(VolumeSpec.named(run + "-src")).name();
    Path gen = Files.createDirectories(root.resolve("gen"));
    bytes = generate(gen);
    data.copyInto(src).tree(gen, "/");
    Path bk = Files.createDirectories(root.resolve("backup"));
    DataMovement helper = data.preferPath(TransferPath.HELPER_STREAM);
    DataMovement archive = data.preferPath(TransferPath.ARCHIVE_API);
    helper.backup(src).overwrite().to(bk.resolve("warm.tar"));       // JIT and image warm-up, not counted
    RawSocket raw = new RawSocket(runCli, cli, portHost);
    double pattern = 0;
    double rawBackup = 0;
    double cpBackup = 0;
    double viaHelper = 0;
    double viaArchive = 0;
    double viaAuto = 0;
    for (int round = 1; round <= 2; round++) {
      pattern = Math.max(pattern, time("backup: " + cli.get(0) + " run ... busybox tar (documented pattern)", () -> {
        pattern(runCli, src, bk, "tar cf /backup/pattern.tar -C /data . && sync");
        return "";
      }));
      rawBackup = Math.max(rawBackup, time("backup: raw socket (helper's tar into a file, nothing checked)", () -> {
        raw.backup(src, bk.resolve("raw.tar"), Files.size(bk.resolve("pattern.tar")));
        return "";
      }));
      if (!podman) {
        cpBackup = Math.max(cpBackup, time("backup: " + cli.get(0) + " cp (archive endpoint into a file, nothing checked)",
            () -> {
              dockerCp(cli, src, true, bk.resolve("cp.tar"));
              return "";
            }));
      }
      viaHelper = Math.max(viaHelper, time("backup: volumes4j, started helper (" + helperWay + ")", () -> {
        BackupResult r = helper.backup(src).overwrite().to(bk.resolve("helper.tar"));
        return r.path().toString();
      }));
      if (podman) {
        // rootful Podman on this machine: its mountpoints are local and readable, and the library reads them
        viaAuto = Math.max(viaAuto, time("backup: volumes4j, automatic path", () -> {
          BackupResult r = data.backup(src).overwrite().to(bk.resolve("auto.tar"));
          return r.path().toString();
        }));
        continue;                  // Podman's archive endpoints are refused (not faithful): no archive rows
      }
      viaArchive = Math.max(viaArchive, time("backup: volumes4j, archive endpoints", () -> {
        BackupResult r = archive.backup(src).overwrite().to(bk.resolve("archive.tar"));
        return r.path().toString();
      }));
    }
    double rPattern = 0;
    double rRaw = 0;
    double rCp = 0;
    double rHelper = 0;
    double rArchive = 0;
    double rArchiveUnverified = 0;
    double rAuto = 0;
    // every volume restored into, removed once everything is measured (see the end of this method)
    List<String> checked = new ArrayList<>();      // the library's restores: the whole digest
    List<String> raws = new ArrayList<>();         // busybox tar x / docker cp: counts and bytes only
    List<String> others = new ArrayList<>();
    for (int round = 1; round <= 2; round++) {
      String pv = engine.createVolume(VolumeSpec.named(run + "-rp" + round)).name();
      others.add(pv);
      rPattern = Math.max(rPattern, time("restore: " + cli.get(0) + " run ... busybox tar x (documented pattern)", () -> {
        pattern(runCli, pv, bk, "tar xf /backup/pattern.tar -C /data && sync");
        return "";
      }));
      String rv = engine.createVolume(VolumeSpec.named(run + "-rr" + round)).name();
      raws.add(rv);
      rRaw = Math.max(rRaw, time("restore: raw socket (a file into the helper's tar x, nothing checked)", () -> {
        raw.restore(bk.resolve("raw.tar"), rv);
        return "";
      }));
      if (!podman) {
        String cv = engine.createVolume(VolumeSpec.named(run + "-rc" + round)).name();
        raws.add(cv);
        rCp = Math.max(rCp, time("restore: " + cli.get(0) + " cp (a file into the archive endpoint, nothing checked)",
            () -> {
              dockerCp(cli, cv, false, bk.resolve("pattern.tar"));
              return "";
            }));
      }
      String hv = run + "-rh" + round;
      checked.add(hv);
      rHelper = Math.max(rHelper, time("restore: volumes4j, started helper (" + helperWay + ", verified read-back)", () -> {
        TransferResult r = helper.restore(bk.resolve("helper.tar")).toNewVolume(hv);
        return r.path().toString();
      }));
      String av = run + "-ra" + round;
      checked.add(av);
      if (podman) {
        rAuto = Math.max(rAuto, time("restore: volumes4j, automatic path (verified read-back)", () -> {
          TransferResult r = data.restore(bk.resolve("helper.tar")).toNewVolume(av);
          return r.path().toString();
        }));
      } else {
        rArchive = Math.max(rArchive, time("restore: volumes4j, archive endpoints (verified read-back)", () -> {
          TransferResult r = archive.restore(bk.resolve("helper.tar")).toNewVolume(av);
          return r.path().toString();
        }));
        // what the pattern does: nothing read back (the backup is still checked whole as it is read)
        checked.add(av + "u");
        rArchiveUnverified = Math.max(rArchiveUnverified, time("restore: volumes4j, archive endpoints, verifyWritten(false)",
            () -> {
              TransferResult r = archive.restore(bk.resolve("helper.tar")).verifyWritten(false).toNewVolume(av + "u");
              return r.path().toString();
            }));
      }
    }
    var want = data.digest(src);
    for (String v : checked) {
      if (!data.digest(v).equals(want)) {
        throw new IllegalStateException("restored volume " + v + " differs from the source");
      }
    }
    // busybox tar x does not set the directories' times (the pattern's restore neither): counts and bytes only
    for (String v : raws) {
      var got = data.digest(v);
      if (got.files() != want.files() || got.bytes() != want.bytes() || got.directories() != want.directories()) {
        throw new IllegalStateException("the raw restore into " + v + " differs from the source: " + got + " vs " + want);
      }
    }
    // removed once everything is measured: on this ext4 without a journal, files created within a minute of many
    // deletions take up to 10x as long (recently deleted inodes are skipped), whichever step came next
    for (List<String> vs : List.of(checked, raws, others, List.of(src))) {
      for (String v : vs) {
        engine.removeVolume(v, true);
      }
    }
    System.out.printf("%nratios (same run, best of two rounds; load average now %.1f on %d cores):%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    String noArchive = "archive endpoints refused on Podman";
    if (!podman) {
      // a daemon reached over the network: the library takes its archive endpoints by itself
      System.out.printf("  backup  automatic path (archive endpoints) / pattern   %.2fx   (started helper, %s: %.2fx)%n",
          viaArchive / pattern, helperWay, viaHelper / pattern);
      System.out.printf("  restore automatic path (archive endpoints) / pattern   %.2fx   (started helper, %s: %.2fx)%n",
          rArchive / rPattern, helperWay, rHelper / rPattern);
      System.out.printf("  restore archive endpoints, verifyWritten(false) / pattern   %.2fx   (nothing read back, as the "
          + "pattern)%n", rArchiveUnverified / rPattern);
    } else {
      System.out.printf("  backup  automatic path (the mountpoint here) / pattern   %.2fx%n", viaAuto / pattern);
      System.out.printf("  restore automatic path (the mountpoint here) / pattern   %.2fx%n", rAuto / rPattern);
      System.out.printf("  backup  started helper (%s) / pattern    %.2fx   (the path where the mountpoint cannot be read: "
          + "rootless as another user, remote; %s)%n", helperWay, viaHelper / pattern, noArchive);
      System.out.printf("  restore started helper (%s) / pattern    %.2fx%n", helperWay, rHelper / rPattern);
    }
    System.out.printf("  raw socket / pattern                %.2fx backup, %.2fx restore   (a helper's published port, "
        + "nothing checked: the transport of a helper path)%n", rawBackup / pattern, rRaw / rPattern);
    if (!podman) {
      System.out.printf("  docker cp / pattern                 %.2fx backup, %.2fx restore   (the archive endpoints, "
          + "with the docker CLI as the client, nothing checked)%n", cpBackup / pattern, rCp / rPattern);
      System.out.printf("  archive endpoints: volumes4j / docker cp   %.2fx backup, %.2fx restore (%.2fx verified)%n",
          viaArchive / cpBackup, rArchiveUnverified / rCp, rArchive / rCp);
    }
    System.out.printf("  started helper / raw socket         %.2fx backup, %.2fx restore   (what the library's checks and "
        + "format cost)%n", viaHelper / rawBackup, rHelper / rRaw);
  }

  /**
   * {@code docker cp} between a file and a created, never-started container that mounts the volume at
   * {@code /data}: the archive endpoints with the docker CLI as the client, nothing checked, synced as the
   * pattern is.
   */
  private static void dockerCp(List<String> cli, String volume, boolean out, Path file) throws Exception {
    String c = sh(concat(cli, "create", "--network", "none", "-v", volume + ":/data" + (out ? ":ro" : ""), BUSYBOX,
        "true")).strip();
    try {
      String[] cp = out ? concat(cli, "cp", c + ":/data", "-") : concat(cli, "cp", "-", c + ":/data");
      ProcessBuilder pb = new ProcessBuilder(cp).redirectError(ProcessBuilder.Redirect.INHERIT);
      if (out) {
        pb.redirectOutput(file.toFile());
      } else {
        pb.redirectInput(file.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      }
      if (pb.start().waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", cp) + " failed");
      }
      sh("sync");
    } finally {
      sh(concat(cli, "rm", "-f", c));
    }
  }

  private static void pattern(List<String> runCli, String volume, Path bk, String script) throws Exception {
    List<String> cmd = new ArrayList<>(runCli);
    cmd.addAll(List.of("--rm", "--network", "none", "-v", volume + ":/data", "-v", bk + ":/backup", BUSYBOX, "sh", "-c",
        script));
    sh(cmd.toArray(String[]::new));
  }

  /**
   * The transport alone: a helper started with the CLI runs busybox {@code tar} under {@code nc -l -e}
   * behind a published port (the library's helper does the same), and a plain socket loop copies its
   * output into a file and syncs it, or a file into its input. No token, no end marker, no check, no
   * backup format: what any client that moves the data to or from this machine pays at least.
   */
  private record RawSocket(List<String> runCli, List<String> cli, String portHost) {

    /**
     * Reads exactly {@code size} bytes (the pattern's tar of the same volume: the same busybox, the same
     * entries): when the container exits, the daemon drops the port's forwarding and the end of what was
     * in flight can be lost (recorded here), so the raw loop stops at the known length instead of the end
     * of the connection, and fails if it came short.
     */
    void backup(String volume, Path file, long size) throws Exception {
      String c = start(volume, true, "tar cf - -C /data .");
      try (Socket s = connect(c); FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        InputStream in = s.getInputStream();
        byte[] b = new byte[1 << 20];
        ByteBuffer bb = ByteBuffer.wrap(b);
        long got = 0;
        for (int n; got < size && (n = in.read(b, 0, (int) Math.min(b.length, size - got))) >= 0; got += n) {
          bb.clear().limit(n);
          while (bb.hasRemaining()) {
            out.write(bb);
          }
        }
        if (got != size) {
          throw new IllegalStateException("the raw socket gave " + got + " of " + size + " bytes");
        }
        out.force(false);
      } finally {
        sh(concat(cli, "rm", "-f", c));
      }
    }

    void restore(Path file, String volume) throws Exception {
      String c = start(volume, false, "tar xf - -C /data && sync");
      try (Socket s = connect(c); InputStream in = Files.newInputStream(file)) {
        in.transferTo(s.getOutputStream());
        s.shutdownOutput();
        s.getInputStream().transferTo(OutputStream.nullOutputStream());   // ends when the helper exits
        String code = sh(concat(cli, "wait", c)).strip();
        if (!code.equals("0")) {
          throw new IllegalStateException("the raw restore's tar exited with " + code);
        }
      } finally {
        sh(concat(cli, "rm", "-f", c));
      }
    }

    private String start(String volume, boolean readOnly, String script) throws Exception {
      List<String> cmd = new ArrayList<>(runCli);
      cmd.addAll(List.of("-d", "-p", "7000", "-v", volume + ":/data" + (readOnly ? ":ro" : ""), BUSYBOX,
          "nc", "-l", "-p", "7000", "-e", "sh", "-c", script));
      return sh(cmd.toArray(String[]::new)).strip();
    }

    private Socket connect(String container) throws Exception {
      String port = sh(concat(cli, "port", container, "7000")).lines().findFirst().orElseThrow().strip();
      int p = Integer.parseInt(port.substring(port.lastIndexOf(':') + 1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try {
          return new Socket(portHost, p);
        } catch (IOException notYet) {
          if (System.nanoTime() > deadline) {
            throw notYet;
          }
          Thread.sleep(20);
        }
      }
    }

  }

  private static String[] concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  private double time(String what, Callable<String> body) throws Exception {
    BenchMachine.settle();
    long t0 = System.nanoTime();
    String note = body.call();
    double s = (System.nanoTime() - t0) / 1e9;
    double mbs = bytes / 1e6 / s;
    rows.add(new String[] {what, String.format(Locale.ROOT, "%.0f", mbs)});
    System.out.printf(Locale.ROOT, "  %-66s %6.0f MB/s %6.2f s %s%n", what, mbs, s, note);
    return mbs;
  }

  /** 500 x 1 MiB and 5,000 x 4 KiB of text-like random content (the data benchmark's generator, half size). */
  private static long generate(Path dir) throws IOException {
    return DataMovementBenchmark.generate(dir, 500, 50);
  }

  private static String sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }
}
