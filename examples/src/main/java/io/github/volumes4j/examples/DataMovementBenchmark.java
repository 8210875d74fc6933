package io.github.volumes4j.examples;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.docker.DockerEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Backup and restore of a ~1.09 GB volume (1,000 x 1 MiB + 10,000 x 4 KiB) through volumes4j,
 * against the documented {@code docker run --rm -v vol:/data -v dir:/backup busybox tar} pattern and
 * host {@code tar} on the volume's mountpoint, in the same run; compressed backup against
 * single-threaded {@code gzip}; peak heap during the library's backup. The machine's free memory is
 * touched once first, and every step starts with nothing dirty ({@link BenchMachine}). Prints MB/s and ratios.
 *
 * <pre>
 * ./mvnw -q -B -pl examples -am compile exec:java@data-benchmark
 * </pre>
 *
 * <p>Needs a local Docker daemon, root (host tar on the mountpoint), the image
 * {@code volumes4j/busybox:test} and ~5 GB free under {@code /tmp}. Everything it creates is
 * labelled {@code io.github.volumes4j.benchmark=<run>} and removed at the end.
 */
public final class DataMovementBenchmark {

  private static final String BUSYBOX = "volumes4j/busybox:test";
  private static final String LABEL = "io.github.volumes4j.benchmark";

  private final DockerEngine engine;
  private final DataMovement data;
  private final String run = "v4jbench" + UUID.randomUUID().toString().substring(0, 6);
  private final Path work;
  private final List<String[]> rows = new ArrayList<>();
  private long volumeBytes;

  private DataMovementBenchmark(DockerEngine engine, Path work) {
    this.engine = engine;
    this.data = DataMovement.on(engine);
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--backup-only")) {
      // the child JVM of the heap check: one backup, nothing else
      try (DockerEngine engine = DockerEngine.detect()) {
        BackupResult r = DataMovement.on(engine).backup(args[1]).to(Path.of(args[2]));
        System.out.println(r.path() + " " + r.archiveBytes());
      }
      return;
    }
    BenchMachine.touchOnce();
    Path work = Files.createTempDirectory("volumes4j-bench-");
    try (DockerEngine engine = DockerEngine.detect()) {
      DataMovementBenchmark b = new DataMovementBenchmark(engine, work);
      try {
        b.go();
      } finally {
        b.cleanUp();
      }
    } finally {
      sh("rm", "-rf", work.toString());
    }
  }

  private String volume(String suffix) {
    return engine.createVolume(VolumeSpec.named(run + "-" + suffix).label(LABEL, run)).name();
  }

  private void go() throws Exception {
    System.out.printf("volumes4j data-movement benchmark, engine %s %s, %d cores%n", engine.info().name(),
        engine.info().version(), Runtime.getRuntime().availableProcessors());
    String src = volume("src");
    Path gen = Files.createDirectories(work.resolve("gen"));
    volumeBytes = generate(gen);
    data.copyInto(src).tree(gen, "/");
    // nothing is deleted until the end (the generated tree, restored volumes): on this ext4 without a journal,
    // files created within a minute of many deletions take up to 10x as long (recently deleted inodes are skipped)
    String mp = engine.inspectVolume(src).mountpoint();
    System.out.printf("volume %s: %.2f GB in 11,000 files (text-like random content), mountpoint %s%n%n",
        src, volumeBytes / 1e9, mp);
    Path bk = Files.createDirectories(work.resolve("backup"));
    warmUp(bk);
    // The first full pass of this JVM runs mostly interpreted and compiling: shown, not counted. The
    // rounds below are the library warm, as a service or a test JVM that moves data more than once runs it.
    time("backup: volumes4j, first full pass in this JVM (cold JIT, not counted)", () -> {
      BackupResult r = data.backup(src).overwrite().to(bk.resolve("lib.tar"));
      return r.path().toString();
    });
    time("restore: volumes4j, first full pass in this JVM (cold JIT, not counted)", () -> {
      TransferResult r = data.restore(bk.resolve("lib.tar")).label(LABEL, run).toNewVolume(run + "-cold");
      return r.path().toString();
    });

    // ---- backup (best of two rounds each, interleaved) -----------------------------------------
    double pattern = 0;
    double host = 0;
    double lib = 0;
    double libArchive = 0;
    double libHelper = 0;
    long peak = 0;
    long before = 0;
    for (int round = 1; round <= 2; round++) {
      pattern = Math.max(pattern, time("backup: docker run ... busybox tar (documented pattern)", () -> {
        docker("run", "--rm", "--network", "none", "-v", src + ":/data", "-v", bk + ":/backup", BUSYBOX, "sh", "-c",
            "tar cf /backup/pattern.tar -C /data . && sync");
        return "";
      }));
      host = Math.max(host, time("backup: host tar on the mountpoint", () -> {
        sh("tar", "cf", bk.resolve("host.tar").toString(), "-C", mp, ".");
        sh("sync", bk.resolve("host.tar").toString());
        return "";
      }));
      resetPeaks();
      before = heapUsed();
      lib = Math.max(lib, time("backup: volumes4j (default)", () -> {
        BackupResult r = data.backup(src).overwrite().to(bk.resolve("lib.tar"));
        return r.path().toString();
      }));
      peak = Math.max(peak, heapPeak());
      libArchive = Math.max(libArchive, time("backup: volumes4j, archive endpoints only", () -> {
        BackupResult r = data.preferPath(TransferPath.ARCHIVE_API).backup(src).overwrite().to(bk.resolve("lib-archive.tar"));
        return r.path().toString();
      }));
      libHelper = Math.max(libHelper, time("backup: volumes4j, started helper only", () -> {
        BackupResult r = data.preferPath(TransferPath.HELPER_STREAM).backup(src).overwrite().to(bk.resolve("lib-helper.tar"));
        return r.path().toString();
      }));
    }
    System.out.printf("%n  peak heap during the library backup: %d MiB for the whole JVM (Maven included), "
        + "%d MiB above the %d MiB in use before%n", peak >> 20, (peak - before) >> 20, before >> 20);
    heapCheck(src, bk);

    // ---- compressed: the gzip references compress the first 256 MiB of the tar (gzip -6 runs at a
    // few MB/s on this content; the ratio is of rates) -------------------------------------------
    long slice = 256L << 20;
    double gzip = rate("gzip: single-threaded gzip -6, first 256 MiB of the host tar", slice, () -> {
      sh("sh", "-c", "head -c " + slice + " " + bk.resolve("host.tar") + " | gzip -6 > " + bk.resolve("slice6.gz"));
      return "";
    });
    double gzip1 = rate("gzip: single-threaded gzip -1, first 256 MiB of the host tar", slice, () -> {
      sh("sh", "-c", "head -c " + slice + " " + bk.resolve("host.tar") + " | gzip -1 > " + bk.resolve("slice1.gz"));
      return "";
    });
    double libGz = time("backup: volumes4j gzip (level 1, all cores)", () -> {
      BackupResult r = data.backup(src).gzip().to(bk.resolve("lib.tar.gz"));
      return r.path() + String.format(Locale.ROOT, ", %.0f%% of the tar", 100.0 * r.archiveBytes() / Files.size(bk.resolve("lib.tar")));
    });
    double libZst = time("backup: volumes4j zstd (level 1, all cores)", () -> {
      BackupResult r = data.backup(src).zstd().to(bk.resolve("lib.tar.zst"));
      return r.path() + String.format(Locale.ROOT, ", %.0f%% of the tar", 100.0 * r.archiveBytes() / Files.size(bk.resolve("lib.tar")));
    });
    double zstdCli = Double.NaN;
    try {
      zstdCli = rate("zstd: zstd -1 -T2 (CLI), first 256 MiB of the host tar", slice, () -> {
        sh("sh", "-c", "head -c " + slice + " " + bk.resolve("host.tar") + " | zstd -q -1 -T2 > " + bk.resolve("slice.zst"));
        return "";
      });
    } catch (Exception e) {
      System.out.println("  (no zstd CLI here to compare with: " + e.getMessage() + ")");
    }
    double rLibZst = time("restore: volumes4j from the zstd backup", () -> {
      String n = run + "-r-zst";
      TransferResult r = data.restore(bk.resolve("lib.tar.zst")).label(LABEL, run).toNewVolume(n);
      return r.path().toString();
    });
    System.out.println();

    // ---- restore (best of two) ----------------------------------------------------------------
    double rPattern = 0;
    double rHost = 0;
    double rLib = 0;
    double rLibNoVerify = 0;
    double rLibArchive = 0;
    double rLibHelper = 0;
    var want = data.digest(src);          // once: the source does not change
    for (int round = 1; round <= 2; round++) {
      String pv = volume("r-pattern" + round);
      rPattern = Math.max(rPattern, time("restore: docker run ... busybox tar x (documented pattern)", () -> {
        docker("run", "--rm", "--network", "none", "-v", pv + ":/data", "-v", bk + ":/backup", BUSYBOX, "sh", "-c",
            "tar xf /backup/pattern.tar -C /data && sync");
        return "";
      }));
      String hv = volume("r-host" + round);
      String hmp = engine.inspectVolume(hv).mountpoint();
      rHost = Math.max(rHost, time("restore: host tar x into the mountpoint", () -> {
        sh("tar", "xf", bk.resolve("host.tar").toString(), "-C", hmp);
        sh("sync", "-f", hmp);
        return "";
      }));
      String n1 = run + "-r-lib" + round;
      rLib = Math.max(rLib, time("restore: volumes4j (default: verified read-back)", () -> {
        TransferResult r = data.restore(bk.resolve("lib.tar")).label(LABEL, run).toNewVolume(n1);
        return r.path().toString();
      }));
      String n2 = run + "-r-lib-nv" + round;
      rLibNoVerify = Math.max(rLibNoVerify, time("restore: volumes4j, verifyWritten(false)", () -> {
        TransferResult r = data.restore(bk.resolve("lib.tar")).verifyWritten(false).label(LABEL, run).toNewVolume(n2);
        return r.path().toString();
      }));
      String n3 = run + "-r-lib-ar" + round;
      rLibArchive = Math.max(rLibArchive, time("restore: volumes4j, archive endpoints only", () -> {
        TransferResult r = data.preferPath(TransferPath.ARCHIVE_API).restore(bk.resolve("lib.tar")).label(LABEL, run)
            .toNewVolume(n3);
        return r.path().toString();
      }));
      String n4 = run + "-r-lib-hs" + round;
      rLibHelper = Math.max(rLibHelper, time("restore: volumes4j, started helper only", () -> {
        TransferResult r = data.preferPath(TransferPath.HELPER_STREAM).restore(bk.resolve("lib.tar")).label(LABEL, run)
            .toNewVolume(n4);
        return r.path().toString();
      }));
      if (!data.digest(n1).equals(want) || !data.digest(n3).equals(want) || !data.digest(n4).equals(want)) {
        throw new IllegalStateException("restored volume differs from the source");
      }
    }

    System.out.printf("%n%-62s %10s %8s%n", "method", "MB/s", "time s");
    for (String[] r : rows) {
      System.out.printf("%-62s %10s %8s  %s%n", r[0], r[1], r[2], r[3]);
    }
    System.out.printf("%nratios (same run, best of two rounds; load average now %.1f on %d cores):%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    System.out.printf("  backup  volumes4j / pattern            %.2fx   (archive endpoints only: %.2fx, started helper only: %.2fx)%n",
        lib / pattern, libArchive / pattern, libHelper / pattern);
    System.out.printf("  backup  volumes4j / host tar           %.2fx%n", lib / host);
    System.out.printf("  gzip    volumes4j gzip / gzip -6       %.2fx   (/ gzip -1: %.2fx)%n", libGz / gzip, libGz / gzip1);
    System.out.printf("  zstd    volumes4j zstd / gzip -6       %.2fx   (/ gzip -1: %.2fx, / zstd -1 -T2 CLI: %.2fx; restore of it: %.0f MB/s)%n",
        libZst / gzip, libZst / gzip1, libZst / zstdCli, rLibZst);
    System.out.printf("  restore volumes4j / pattern            %.2fx   (without read-back: %.2fx, archive endpoints only: %.2fx, "
        + "started helper only: %.2fx)%n", rLib / rPattern, rLibNoVerify / rPattern, rLibArchive / rPattern, rLibHelper / rPattern);
    System.out.printf("  restore volumes4j / host tar           %.2fx%n", rLib / rHost);
  }

  /** The same backup in a child JVM whose heap is capped at 64 MiB: it completes or runs out of memory. */
  private void heapCheck(String src, Path bk) throws Exception {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (!(cl instanceof java.net.URLClassLoader)) {
      System.out.println("  heap check skipped: no class path to hand to a child JVM");
      return;
    }
    StringBuilder cp = new StringBuilder();
    for (java.net.URL u : ((java.net.URLClassLoader) cl).getURLs()) {
      cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(u.toURI()));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.deleteIfExists(bk.resolve("child.tar"));
    time("backup: volumes4j in a child JVM with -Xmx64m", () -> {
      Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", cp.toString(), DataMovementBenchmark.class.getName(),
          "--backup-only", src, bk.resolve("child.tar").toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("the backup in a JVM capped at 64 MiB of heap failed: " + out);
      }
      return "completed, " + out.substring(out.lastIndexOf('\n') + 1) + " bytes (JVM start included)";
    });
  }

  /** Warms the JIT on a small volume, so that the timed rounds measure the steady state. */
  private void warmUp(Path bk) throws Exception {
    String w = volume("warm");
    data.copyInto(w).bytes(new byte[8 << 20], "/zero.bin");
    for (int i = 0; i < 3; i++) {
      data.backup(w).overwrite().to(bk.resolve("warm.tar"));
      data.backup(w).gzip().overwrite().to(bk.resolve("warm.tar.gz"));
      data.restore(bk.resolve("warm.tar")).label(LABEL, run).toNewVolume(run + "-warm" + i);
    }
  }

  private double rate(String what, long bytes, Callable<String> body) throws Exception {
    BenchMachine.settle();
    long t0 = System.nanoTime();
    String note = body.call();
    double s = (System.nanoTime() - t0) / 1e9;
    double mbs = bytes / 1e6 / s;
    rows.add(new String[] {what, String.format(Locale.ROOT, "%.0f", mbs), String.format(Locale.ROOT, "%.2f", s), note});
    System.out.printf(Locale.ROOT, "  %-62s %6.0f MB/s %6.2f s %s%n", what, mbs, s, note);
    return mbs;
  }

  /** {@link #rate} over the whole volume. */
  private double time(String what, Callable<String> body) throws Exception {
    return rate(what, volumeBytes, body);
  }

  /** 1,000 x 1 MiB and 10,000 x 4 KiB of text-like random content (about 60% gzip-compressible). */
  private static long generate(Path dir) throws IOException {
    return generate(dir, 1000, 100);
  }

  /** {@code big} x 1 MiB, and {@code smallDirs} directories of 100 x 4 KiB, of text-like random content. */
  static long generate(Path dir, int big, int smallDirs) throws IOException {
    Random rnd = new Random(42);
    byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \n".getBytes();
    byte[] bigFile = new byte[1 << 20];
    byte[] small = new byte[4096];
    long total = 0;
    Path bigDir = Files.createDirectories(dir.resolve("big"));
    for (int i = 0; i < big; i++) {
      fill(rnd, alphabet, bigFile);
      Files.write(bigDir.resolve("f" + i), bigFile);
      total += bigFile.length;
    }
    for (int d = 0; d < smallDirs; d++) {
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

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static void docker(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("docker");
    cmd.addAll(List.of(args));
    sh(cmd.toArray(String[]::new));
  }

  private static void sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  private void cleanUp() {
    for (Volume v : engine.listVolumes(VolumeFilter.label(LABEL, run))) {
      engine.removeVolume(v.name(), true);
    }
  }
}
