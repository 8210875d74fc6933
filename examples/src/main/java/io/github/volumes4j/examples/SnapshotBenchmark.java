package io.github.volumes4j.examples;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.SnapshotInfo;
import io.github.volumes4j.data.SnapshotRepository;
import io.github.volumes4j.docker.DockerEngine;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Incremental snapshots of the ~1.09 GB benchmark volume (1,000 x 1 MiB + 10,000 x 4 KiB) against a
 * full backup and a full restore of the same volume by the library, in the same run: the first
 * snapshot, three more each after changing 1% of the files (10 large, 100 small), the repository's
 * growth, the restore of the first two snapshots, and a snapshot and restore in a child JVM capped at 64 MiB
 * of heap. Prints seconds, ratios and the machine's load.
 *
 * <p>It follows {@link BenchMachine}'s rules: the machine's free memory is touched once before anything
 * is timed, {@code sync} runs (untimed) before every timed step, and nothing is deleted until everything is
 * measured (this ext4 makes files created right after many deletions up to 10x slower).
 *
 * <pre>
 * ./mvnw -q -B -pl examples -am compile exec:java@snapshot-benchmark
 * </pre>
 *
 * <p>Needs a local Docker daemon and ~4 GB free under {@code /tmp}. Everything it creates is
 * labelled {@code io.github.volumes4j.benchmark=<run>} and removed at the end.
 */
public final class SnapshotBenchmark {

  private static final String LABEL = "io.github.volumes4j.benchmark";

  private final DockerEngine engine;
  private final DataMovement data;
  private final String run = "v4jsnap" + UUID.randomUUID().toString().substring(0, 6);
  private final Path work;

  private SnapshotBenchmark(DockerEngine engine, Path work) {
    this.engine = engine;
    this.data = DataMovement.on(engine);
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("--child")) {
      // the child JVM of the heap check: a snapshot into a new repository, and its restore
      try (DockerEngine engine = DockerEngine.detect()) {
        DataMovement d = DataMovement.on(engine);
        SnapshotRepository repo = SnapshotRepository.create(Path.of(args[2]));
        SnapshotInfo s = d.snapshot(args[1]).into(repo);
        d.restore(repo, s.id()).label(LABEL, args[3]).toNewVolume(args[3] + "-child");
        System.out.println(s.content().files() + " files");
      }
      return;
    }
    Path work = Files.createTempDirectory("volumes4j-snapbench-");
    try (DockerEngine engine = DockerEngine.detect()) {
      SnapshotBenchmark b = new SnapshotBenchmark(engine, work);
      try {
        b.go();
      } finally {
        for (Volume v : engine.listVolumes(VolumeFilter.label(LABEL, b.run))) {
          engine.removeVolume(v.name(), true);
        }
      }
    } finally {
      new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
    }
  }

  private String volume(String suffix) {
    return engine.createVolume(VolumeSpec.named(run + "-" + suffix).label(LABEL, run)).name();
  }

  private void go() throws Exception {
    System.out.printf("volumes4j snapshot benchmark, engine %s %s, %d cores, load %s%n", engine.info().name(),
        engine.info().version(), Runtime.getRuntime().availableProcessors(), load());
    BenchMachine.touchOnce();
    String src = volume("src");
    Path gen = Files.createDirectories(work.resolve("gen"));
    long bytes = DataMovementBenchmark.generate(gen, 1000, 100);
    data.copyInto(src).tree(gen, "/"); // the generated tree stays until the end, as everything else
    System.out.printf("volume %s: %.2f GB in 11,000 files%n%n", src, bytes / 1e9);
    Path bk = Files.createDirectories(work.resolve("backup"));

    // warm-up, not counted: the first pass of each runs mostly interpreted
    time("warm-up: backup", () -> data.backup(src).overwrite().to(bk.resolve("warm.tar")).path().toString());
    time("warm-up: snapshot", () -> data.snapshot(src).into(SnapshotRepository.create(work.resolve("warm"))).path()
        .toString());
    time("warm-up: snapshot again (nothing changed)", () -> data.snapshot(src)
        .into(SnapshotRepository.open(work.resolve("warm"))).filesUnchanged() + " files unchanged");
    time("warm-up: restore of it", () -> {
      SnapshotRepository w = SnapshotRepository.open(work.resolve("warm"));
      return data.restore(w, w.list().get(0).id()).label(LABEL, run).toNewVolume(run + "-warm").path().toString();
    });

    double backup = Double.MAX_VALUE;
    double first = Double.MAX_VALUE;
    SnapshotRepository repo = null;
    SnapshotInfo s1 = null;
    for (int round = 1; round <= 3; round++) {
      backup = Math.min(backup, time("full backup (library, default path), round " + round,
          () -> {
            BackupResult r = data.backup(src).overwrite().to(bk.resolve("full.tar"));
            return r.path() + ", " + r.archiveBytes() + " bytes";
          }));
      Path dir = work.resolve("repo" + round);
      SnapshotRepository r = SnapshotRepository.create(dir);
      SnapshotInfo[] got = new SnapshotInfo[1];
      first = Math.min(first, time("first snapshot into an empty repository, round " + round, () -> {
        got[0] = data.snapshot(src).into(r);
        return got[0].path() + ", " + got[0].addedBytes() + " bytes added";
      }));
      repo = r;
      s1 = got[0];
    }

    // three times: 1% of the files changed, then a snapshot whose parent is the one before (the best counts,
    // as for the backups: on a shared machine the slowest rounds measure the neighbours)
    SnapshotRepository fixed = repo;
    SnapshotInfo changed = null; // the first 1%-changed snapshot, restored below
    double second = Double.MAX_VALUE;
    long growth = 0;
    for (int round = 1; round <= 3; round++) {
      change(src, round);
      long before = repo.storedBytes();
      SnapshotInfo[] got = new SnapshotInfo[1];
      second = Math.min(second, time("snapshot after changing 1% of the files, round " + round, () -> {
        got[0] = data.snapshot(src).into(fixed);
        return got[0].filesRead() + " files read, " + got[0].filesUnchanged() + " unchanged, " + got[0].addedBytes()
            + " bytes added";
      }));
      growth = Math.max(growth, repo.storedBytes() - before);
      if (round == 1) {
        changed = got[0];
      }
    }

    double fullRestore = Double.MAX_VALUE;
    double snapRestore = Double.MAX_VALUE;
    for (int round = 1; round <= 2; round++) {
      String a = run + "-full" + round;
      fullRestore = Math.min(fullRestore, time("full restore of the backup file into a new volume, round " + round,
          () -> data.restore(bk.resolve("full.tar")).label(LABEL, run).toNewVolume(a).path().toString()));
      String b = run + "-snap" + round;
      SnapshotInfo which = round == 1 ? s1 : changed;
      snapRestore = Math.min(snapRestore, time("restore of snapshot " + round + " into a new volume, round " + round,
          () -> data.restore(fixed, which.id()).label(LABEL, run).toNewVolume(b).path().toString()));
    }
    double check = time("check of the repository (every chunk read and hashed)", () -> fixed.check().problems()
        .toString());

    System.out.printf(Locale.ROOT, "%nload %s%n", load());
    System.out.printf(Locale.ROOT, "first snapshot speed / full backup speed:   %.2fx (target >= 0.8)%n", backup / first);
    System.out.printf(Locale.ROOT, "1%%-changed snapshot time / full backup time: %.3fx (target <= 0.1)%n", second / backup);
    System.out.printf(Locale.ROOT, "repository growth of a 1%%-changed snapshot: %.2f%% of the volume (target <= 3%%)%n",
        100.0 * growth / bytes);
    System.out.printf(Locale.ROOT, "snapshot restore speed / full restore speed: %.2fx (target >= 0.8)%n",
        fullRestore / snapRestore);
    System.out.printf(Locale.ROOT, "repository: %.2f GB for %d snapshots of a %.2f GB volume; check %.1f s%n",
        repo.storedBytes() / 1e9, repo.list().size(), bytes / 1e9, check);
    heapCheck(src);
  }

  /** Rewrites 1% of the files: 10 of the 1,000 large ones and 100 of the 10,000 small ones (others each round). */
  private void change(String src, int round) throws Exception {
    Random rnd = new Random(7 + round);
    Path dir = Files.createDirectories(work.resolve("changes" + round));
    byte[] big = new byte[1 << 20];
    byte[] small = new byte[4096];
    for (int i = 0; i < 10; i++) {
      rnd.nextBytes(big);
      Files.write(dir.resolve("f" + (i * 97 + round)), big);
    }
    data.copyInto(src).tree(dir, "/big");
    for (int d = 0; d < 100; d++) {
      rnd.nextBytes(small);
      data.copyInto(src).bytes(small.clone(), "/small/" + d + "/s" + ((d + round) % 100));
    }
  }

  private void heapCheck(String src) throws Exception {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    String cp = System.getProperty("java.class.path");
    if (cl instanceof java.net.URLClassLoader u) {
      StringBuilder b = new StringBuilder();
      for (java.net.URL url : u.getURLs()) {
        b.append(b.length() == 0 ? "" : File.pathSeparator).append(Path.of(url.toURI()));
      }
      cp = b.toString();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = cp;
    time("snapshot and restore in a child JVM with -Xmx64m", () -> {
      Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", classPath, SnapshotBenchmark.class.getName(), "--child",
          src, work.resolve("child-repo").toString(), run).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("the snapshot in a JVM capped at 64 MiB of heap failed: " + out);
      }
      return "completed: " + out.substring(out.lastIndexOf('\n') + 1);
    });
  }

  private static String load() {
    return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static double time(String what, Callable<String> body) throws Exception {
    BenchMachine.settle();
    long t0 = System.nanoTime();
    String note = body.call();
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "  %-64s %7.2f s  %s%n", what, s, note);
    return s;
  }
}
