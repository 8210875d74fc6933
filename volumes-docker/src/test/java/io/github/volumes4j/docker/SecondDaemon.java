package io.github.volumes4j.docker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A second dockerd for tests that must not touch the shared daemon (TLS, a daemon killed mid-stream):
 * its own socket, data root, exec root, pid file and bridge, all under one directory that
 * {@link #close()} removes with every mount the daemon left there.
 *
 * <p>Never {@code --bridge=none}: a dockerd started with it deletes the host's {@code docker0}
 * ({@code removeDefaultBridgeInterface}), which cuts every container of the first daemon off its default
 * network. The second daemon gets a bridge of its own ({@code ip link add ... type bridge}), deleted on close.
 */
final class SecondDaemon implements AutoCloseable {

  private final Path root;
  private final String bridge;
  private final String netns;
  private final Process process;
  private final List<ProcessHandle> children = new ArrayList<>();

  private SecondDaemon(Path root, String bridge, String netns, Process process) {
    this.root = root;
    this.bridge = bridge;
    this.netns = netns;
    this.process = process;
  }

  /** Starts a dockerd under {@code root} with these extra arguments and waits (60 s at most) until its socket answers. */
  static SecondDaemon start(Path root, List<String> extraArgs) throws Exception {
    return start(root, extraArgs, null);
  }

  /**
   * Like {@link #start(Path, List)}, inside the network namespace {@code netns} (made by the caller, {@code ip netns add}):
   * its bridge is made there, and dockerd runs under {@code nsenter --net} (not {@code ip netns exec}, which mounts a
   * sysfs of its own: dockerd then finds no cgroups).
   */
  static SecondDaemon start(Path root, List<String> extraArgs, String netns) throws Exception {
    Files.createDirectories(root);
    String bridge = "v4j" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    run(ip(netns, "link", "add", bridge, "type", "bridge"));
    Process p;
    try {
      run(ip(netns, "addr", "add", "10.254." + ThreadLocalRandom.current().nextInt(1, 250) + ".1/24", "dev", bridge));
      if (netns != null) {
        run(ip(netns, "link", "set", bridge, "up"));
      }
      List<String> cmd = new ArrayList<>(netns == null ? List.of() : List.of("nsenter", "--net=/run/netns/" + netns));
      cmd.addAll(List.of("dockerd", "-H", "unix://" + root.resolve("docker.sock"),
          "--data-root", root.resolve("data").toString(), "--exec-root", root.resolve("exec").toString(),
          "--pidfile", root.resolve("docker.pid").toString(), "--bridge=" + bridge,
          "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false"));
      cmd.addAll(extraArgs);
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("dockerd.log").toFile()).start();
    } catch (Exception e) {
      new ProcessBuilder(ip(netns, "link", "del", bridge)).start().waitFor(30, TimeUnit.SECONDS);
      throw e;
    }
    SecondDaemon d = new SecondDaemon(root, bridge, netns, p);
    try {
      d.awaitAnswer();
      p.descendants().forEach(d.children::add);
      return d;
    } catch (Exception e) {
      d.close();
      throw e;
    }
  }

  private void awaitAnswer() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the second dockerd exited: " + log());
      }
      if (Files.exists(socket())) {
        try (DockerEngine e = connect()) {
          if (e.ping()) {
            return;
          }
        } catch (RuntimeException notYet) {
          // the socket exists before the API answers
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the second dockerd did not answer within 60 s: " + log());
      }
      Thread.sleep(200);
    }
  }

  Path socket() {
    return root.resolve("docker.sock");
  }

  Path root() {
    return root;
  }

  long pid() {
    return process.pid();
  }

  /** An engine on the daemon's unix socket; the caller closes it. */
  DockerEngine connect() {
    return DockerEngine.builder().host(URI.create("unix://" + socket())).build();
  }

  /** SIGKILL, as a crash would. */
  void kill() {
    process.destroyForcibly();
  }

  String log() throws IOException {
    Path log = root.resolve("dockerd.log");
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }

  /** Stops the daemon (SIGTERM, then SIGKILL), unmounts what it left, removes its directory and bridge. */
  @Override
  public void close() throws Exception {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      for (ProcessHandle c : children) {
        c.destroyForcibly();
      }
      for (ProcessHandle c : children) {
        c.onExit().get(10, TimeUnit.SECONDS);
      }
      // shims and the processes of containers (a swarm's tasks) left their parent: every process that names the
      // daemon's root on its command line is this daemon's
      List<ProcessHandle> strays = ProcessHandle.allProcesses()
          .filter(h -> h.info().commandLine().map(c -> c.contains(root.toString())).orElse(false)).toList();
      strays.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle h : strays) {
        h.onExit().get(10, TimeUnit.SECONDS);
      }
      // a killed dockerd leaves its mounts behind: unmount what lies under its root, deepest first
      List<String> mounts = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
        String target = line.split(" ")[1];
        if (target.startsWith(root.toString())) {
          mounts.add(target);
        }
      }
      mounts.sort((a, b) -> b.length() - a.length());
      for (String m : mounts) {
        new ProcessBuilder("umount", "-l", m).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
      }
      new ProcessBuilder("rm", "-rf", root.toString()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
    } finally {
      new ProcessBuilder(ip(netns, "link", "del", bridge)).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** An {@code ip} command, in {@code netns} when it is not null. */
  static String[] ip(String netns, String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    if (netns != null) {
      cmd.addAll(List.of("-n", netns));
    }
    cmd.addAll(List.of(args));
    return cmd.toArray(String[]::new);
  }

  /** Whether the bridge this daemon got is gone (after close). */
  boolean bridgeRemoved() {
    return netns != null || !Files.exists(Path.of("/sys/class/net/" + bridge));
  }

  static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
