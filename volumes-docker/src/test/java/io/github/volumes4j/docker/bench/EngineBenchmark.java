package io.github.volumes4j.docker.bench;

import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.docker.DockerEngine;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Measures DockerEngine against a raw HTTP/1.1 client on the same unix socket in the same JVM (the floor)
 * and against the docker CLI (a process per operation), and prints rates and ratios. Run with the command
 * in README.md, section Development. Arguments (all optional): {@code cycles=1000 inspects=5000 listVolumes=5000
 * cliCycles=30 coldRuns=5}.
 *
 * <p>Lib and raw run alternately in short rounds (20 cycles, 100 inspects, one list), each taking the
 * first turn every other round, so that drift of the daemon and of the machine hits both alike: on a
 * shared 2-core machine the daemon's rate changes by 2x from one second to the next, which five long
 * rounds (the first version) turned into ratios anywhere from 0.6 to 1.0 for the same code. Everything it
 * creates carries the label {@code io.github.volumes4j.bench=<run id>} and is removed at the end.
 */
public final class EngineBenchmark {

  static final Path SOCKET = Path.of("/var/run/docker.sock");
  static final String LABEL = "io.github.volumes4j.bench";
  static final int WARM_CYCLES = 5000;
  static final int WARM_INSPECTS = 40000;
  static final int WARM_LISTS = 10;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<String[]> table = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    int cycles = arg(args, "cycles", 1000);
    int inspects = arg(args, "inspects", 5000);
    int listVolumes = arg(args, "listVolumes", 5000);
    int cliCycles = arg(args, "cliCycles", 30);
    int coldRuns = arg(args, "coldRuns", 5);
    new EngineBenchmark().runAll(cycles, inspects, listVolumes, cliCycles, coldRuns);
    System.exit(0);
  }

  static int arg(String[] args, String name, int dflt) {
    for (String a : args) {
      if (a.startsWith(name + "=")) {
        return Integer.parseInt(a.substring(name.length() + 1));
      }
    }
    return dflt;
  }

  void runAll(int cycles, int inspects, int listVolumes, int cliCycles, int coldRuns) throws Exception {
    try (DockerEngine lib = DockerEngine.builder().host("unix://" + SOCKET).build();
        RawDockerClient raw = new RawDockerClient(SOCKET)) {
      System.out.printf("Docker %s, API %s, Java %s, %d CPUs; run id %s%n", lib.info().version(), lib.info().apiVersion(),
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), run);
      try {
        lifecycle(lib, raw, cycles, cliCycles);
        inspect(lib, raw, inspects);
        list(lib, raw, listVolumes);
        validationCost(lib, Math.max(10, cycles / 20));
      } finally {
        lib.pruneVolumes(pruneMine(lib));
        for (var v : lib.listVolumes(VolumeFilter.label(LABEL, run))) {
          lib.removeVolume(v.name(), true);
        }
      }
    }
    coldStart(coldRuns);
    print();
  }

  // ---- what validate-before-create costs ------------------------------------------------------

  String validation = "";

  /**
   * Container create+remove with a named volume mount through {@code containers()}, validated first (the
   * default: one volume inspect more) against {@code validateFirst(false)}, interleaved in the same process.
   */
  void validationCost(DockerEngine lib, int perRound) {
    io.github.volumes4j.Containers containers = io.github.volumes4j.Volumes.using(lib).containers();  // not closed: lib is
    io.github.volumes4j.ContainerSpec spec = io.github.volumes4j.ContainerSpec.builder().image("volumes4j/busybox:test")
        .addCommand("true").network("none").putLabel(LABEL, run)
        .addMount(io.github.volumes4j.VolumeMount.builder().source("b" + run + "v").target("/data").putLabel(LABEL, run)
            .build()).build();
    io.github.volumes4j.ContainerSpec unchecked = spec.withValidateFirst(false);
    createRemove(containers, spec, perRound);  // warm-up
    createRemove(containers, unchecked, perRound);
    long checkedNs = 0;
    long uncheckedNs = 0;
    for (int r = 0; r < 6; r++) {
      if (r % 2 == 0) {
        checkedNs += createRemove(containers, spec, perRound);
        uncheckedNs += createRemove(containers, unchecked, perRound);
      } else {
        uncheckedNs += createRemove(containers, unchecked, perRound);
        checkedNs += createRemove(containers, spec, perRound);
      }
    }
    double checked = 6.0 * perRound / (checkedNs / 1e9);
    double plain = 6.0 * perRound / (uncheckedNs / 1e9);
    validation = String.format(Locale.ROOT, "validate-before-create, container create+remove with a named volume (%d):"
        + " validated %.1f/s, validateFirst(false) %.1f/s, ratio %.2f", 6 * perRound, checked, plain, checked / plain);
    System.out.println("  " + validation);
  }

  static long createRemove(io.github.volumes4j.Containers containers, io.github.volumes4j.ContainerSpec spec, int n) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      containers.remove(containers.create(spec));
    }
    return System.nanoTime() - t0;
  }

  // ---- create + inspect + remove ------------------------------------------------------------

  void lifecycle(DockerEngine lib, RawDockerClient raw, int cycles, int cliCycles) throws Exception {
    int per = Math.min(20, Math.max(1, cycles));
    int rounds = Math.max(1, cycles / per);
    // Warm-up: both measured in their steady state. On 2 cores the JIT compiles the library's longer
    // path (JSON, values) well after the raw client's: its CPU per inspect fell from 54 to 18 us over
    // the first 60,000 calls, the raw client's from 23 to 16 us; per create+inspect+remove cycle from 480
    // to 170 us over the first 8,000 cycles, the raw client's from 160 to 115 us.
    libCycles(lib, "w", WARM_CYCLES);
    rawCycles(raw, "w", WARM_CYCLES);
    long libNs = 0;
    long rawNs = 0;
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 0) {
        libNs += libCycles(lib, "l" + r, per);
        rawNs += rawCycles(raw, "r" + r, per);
      } else {
        rawNs += rawCycles(raw, "r" + r, per);
        libNs += libCycles(lib, "l" + r, per);
      }
    }
    int n = per * rounds;
    double libRate = n / (libNs / 1e9);
    double rawRate = n / (rawNs / 1e9);
    long cliNs = cliCycles(cliCycles);
    double cliRate = cliNs < 0 ? -1 : cliCycles / (cliNs / 1e9);      // -1: not measured (cliCycles=0)
    row("create+inspect+remove (" + n + " cycles; CLI " + cliCycles + ")", "cycles/s", libRate, rawRate, cliRate);
  }

  long libCycles(DockerEngine lib, String tag, int n) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String name = "bench-" + run + "-" + tag + "-" + i;
      lib.createVolume(VolumeSpec.named(name).label(LABEL, run));
      lib.inspectVolume(name);
      lib.removeVolume(name, false);
    }
    return System.nanoTime() - t0;
  }

  long rawCycles(RawDockerClient raw, String tag, int n) throws IOException {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String name = "bench-" + run + "-" + tag + "-" + i;
      check(raw.call("POST", "/v1.41/volumes/create", "{\"Name\":\"" + name + "\",\"Driver\":\"local\",\"Labels\":{\""
          + LABEL + "\":\"" + run + "\"}}"), 201);
      check(raw.call("GET", "/v1.41/volumes/" + name, null), 200);
      check(raw.call("DELETE", "/v1.41/volumes/" + name, null), 204);
    }
    return System.nanoTime() - t0;
  }

  long cliCycles(int n) throws Exception {
    if (n <= 0 || !cliAvailable()) {
      return -1;
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String name = "bench-" + run + "-c-" + i;
      cli("volume", "create", "--label", LABEL + "=" + run, name);
      cli("volume", "inspect", name);
      cli("volume", "rm", name);
    }
    return System.nanoTime() - t0;
  }

  // ---- inspect alone --------------------------------------------------------------------------

  void inspect(DockerEngine lib, RawDockerClient raw, int n) throws Exception {
    String name = "bench-" + run + "-inspect";
    lib.createVolume(VolumeSpec.named(name).label(LABEL, run));
    int per = Math.min(100, Math.max(1, n));
    int rounds = Math.max(1, n / per);
    for (int i = 0; i < WARM_INSPECTS; i++) {
      lib.inspectVolume(name);
      raw.call("GET", "/v1.41/volumes/" + name, null);
    }
    long libNs = 0;
    long rawNs = 0;
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 1) {
        rawNs += rawInspects(raw, name, per);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < per; i++) {
        lib.inspectVolume(name);
      }
      libNs += System.nanoTime() - t0;
      if (r % 2 == 0) {
        rawNs += rawInspects(raw, name, per);
      }
    }
    int cliN = 30;
    double cliRate = -1;
    if (cliAvailable()) {
      long t0 = System.nanoTime();
      for (int i = 0; i < cliN; i++) {
        cli("volume", "inspect", name);
      }
      cliRate = cliN / ((System.nanoTime() - t0) / 1e9);
    }
    int total = per * rounds;
    row("inspect alone (" + total + " calls; CLI " + cliN + ")", "calls/s", total / (libNs / 1e9), total / (rawNs / 1e9), cliRate);
    lib.removeVolume(name, false);
  }

  static long rawInspects(RawDockerClient raw, String name, int n) throws IOException {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      check(raw.call("GET", "/v1.41/volumes/" + name, null), 200);
    }
    return System.nanoTime() - t0;
  }

  // ---- list with many volumes -----------------------------------------------------------------

  void list(DockerEngine lib, RawDockerClient raw, int volumes) throws Exception {
    String listLabel = LABEL + "=" + run;
    System.out.printf("creating %d labelled volumes for the list benchmark...%n", volumes);
    long c0 = System.nanoTime();
    for (int i = 0; i < volumes; i++) {
      check(raw.call("POST", "/v1.41/volumes/create", "{\"Name\":\"bench-" + run + "-list-" + i + "\",\"Labels\":{\""
          + LABEL + "\":\"" + run + "\"}}"), 201);
    }
    System.out.printf("  created in %.1f s%n", (System.nanoTime() - c0) / 1e9);
    String path = "/v1.41/volumes?filters=" + URLEncoder.encode("{\"label\":[\"" + listLabel + "\"]}", StandardCharsets.UTF_8);
    VolumeFilter filter = VolumeFilter.label(LABEL, run);
    int seen = lib.listVolumes(filter).size();
    if (seen != volumes) {
      throw new IllegalStateException("listed " + seen + " volumes, expected " + volumes);
    }
    for (int i = 0; i < WARM_LISTS; i++) {
      lib.listVolumes(filter);
      raw.call("GET", path, null);
    }
    int rounds = 30;
    long libNs = 0;
    long rawNs = 0;
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 1) {
        long t0 = System.nanoTime();
        check(raw.call("GET", path, null), 200);
        rawNs += System.nanoTime() - t0;
      }
      long t0 = System.nanoTime();
      lib.listVolumes(filter);
      libNs += System.nanoTime() - t0;
      if (r % 2 == 0) {
        t0 = System.nanoTime();
        check(raw.call("GET", path, null), 200);
        rawNs += System.nanoTime() - t0;
      }
    }
    int cliN = 5;
    double cliRate = -1;
    if (cliAvailable()) {
      long t0 = System.nanoTime();
      for (int i = 0; i < cliN; i++) {
        cli("volume", "ls", "--filter", "label=" + listLabel);
      }
      cliRate = cliN / ((System.nanoTime() - t0) / 1e9);
    }
    row("list " + volumes + " volumes (" + rounds + " calls; CLI " + cliN + ")", "lists/s", rounds / (libNs / 1e9),
        rounds / (rawNs / 1e9), cliRate);
    long p0 = System.nanoTime();
    lib.pruneVolumes(pruneMine(lib));
    System.out.printf("  pruned them in %.1f s%n", (System.nanoTime() - p0) / 1e9);
  }

  /** Everything this run labelled, named volumes included, on every API version. */
  PruneOptions pruneMine(DockerEngine lib) {
    return PruneOptions.all().label(LABEL, run);
  }

  // ---- cold start -----------------------------------------------------------------------------

  void coldStart(int runs) throws Exception {
    String cp = classpath();
    double[] lib = new double[runs];
    double[] raw = new double[runs];
    for (int i = 0; i < runs; i++) {
      lib[i] = child(cp, "lib");
      raw[i] = child(cp, "raw");
    }
    Arrays.sort(lib);
    Arrays.sort(raw);
    double libS = lib[runs / 2];
    double rawS = raw[runs / 2];
    table.add(new String[] {"cold start: JVM start to first answer (median of " + runs + ")", "s",
        String.format(Locale.ROOT, "%.3f", libS), String.format(Locale.ROOT, "%.3f", rawS), "-",
        String.format(Locale.ROOT, "%.2f (time ratio raw/lib)", rawS / libS), "-"});
  }

  double child(String cp, String mode) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(java, "-cp", cp, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        ColdStart.class.getName(), mode).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    double s = (System.nanoTime() - t0) / 1e9;
    if (p.exitValue() != 0 || !out.contains("answered")) {
      throw new IllegalStateException("cold start child (" + mode + ") failed: " + out);
    }
    return s;
  }

  /** The class path of this program, also under exec:java (whose class loader is not the system one). */
  static String classpath() {
    Set<String> parts = new LinkedHashSet<>();
    for (ClassLoader cl = EngineBenchmark.class.getClassLoader(); cl != null; cl = cl.getParent()) {
      if (cl instanceof URLClassLoader u) {
        for (URL url : u.getURLs()) {
          try {
            parts.add(Paths.get(url.toURI()).toString());
          } catch (Exception e) {
            // not a file
          }
        }
      }
    }
    if (parts.isEmpty()) {
      return System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, parts);
  }

  // ---- helpers --------------------------------------------------------------------------------

  static void check(RawDockerClient.Reply r, int status) {
    if (r.status() != status) {
      throw new IllegalStateException("raw client got HTTP " + r.status() + ": " + r.text());
    }
  }

  private Boolean cli;

  boolean cliAvailable() {
    if (cli == null) {
      try {
        cli("version", "--format", "{{.Server.APIVersion}}");
        cli = true;
      } catch (Exception e) {
        System.out.println("docker CLI unavailable: " + e.getMessage());
        cli = false;
      }
    }
    return cli;
  }

  static void cli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("docker");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
  }

  void row(String what, String unit, double lib, double raw, double cliRate) {
    table.add(new String[] {what, unit, fmt(lib), fmt(raw), cliRate < 0 ? "-" : fmt(cliRate),
        String.format(Locale.ROOT, "%.2f", lib / raw), cliRate < 0 ? "-" : String.format(Locale.ROOT, "%.1f", lib / cliRate)});
    System.out.printf(Locale.ROOT, "  %s: lib %.1f, raw %.1f %s%n", what, lib, raw, unit);
  }

  static String fmt(double d) {
    return d >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.2f", d);
  }

  void print() {
    String[] head = {"benchmark", "unit", "volumes4j", "raw socket", "docker CLI", "lib/raw", "lib/CLI"};
    System.out.println();
    System.out.println("| " + String.join(" | ", head) + " |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String[] r : table) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
    System.out.println();
    if (!validation.isEmpty()) {
      System.out.println(validation);
    }
    System.out.println("Goals: lib/raw >= 0.80 on every rate; cold start <= 0.4 s.");
  }
}
