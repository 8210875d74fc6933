package io.github.volumes4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks do to the machine so that every step they time meets it in the same state: its free
 * memory touched once before anything is measured ({@link #touchOnce()}), and nothing left dirty by the step
 * before ({@link #settle()}).
 *
 * <p>These machines are virtual machines whose memory the hypervisor backs on first touch: writing a
 * page the guest never used since boot costs ~2-3 s of system time per GB here (recorded with {@code dd}
 * into tmpfs: 2 GB into used pages 0.6 s, into never-used ones 4.2-6.0 s), far more than the data
 * movement measured. Without this, whichever step of a run happens to get never-used pages for its page
 * cache (a restore's files, a backup file) pays it, and the order of the steps decides the ratios. A
 * child JVM with {@code -XX:+AlwaysPreTouch} and a heap of all but 1 GiB of the free memory (page cache
 * is left alone: its pages are backed already) writes every free page once and exits; its pages go back
 * to the kernel, backed, for every step alike.
 *
 * <p>Dirty page cache: a restore leaves a volume's worth of written, not yet flushed pages; the next step
 * then pays their writeback (the pattern's own {@code sync} flushes them; the kernel throttles a writer once
 * enough are dirty), and in one recorded run the same restore took 1.9 s or 3.8 s by its place in the order.
 *
 * <p>Deletions: this machine's ext4 has no journal, and a new file skips inodes deleted within the last minute
 * or more (more while their table is dirty), at up to 10x the cost ({@code tar x} of 15,000 small files: 0.28 s,
 * and 2.85 s right after two volumes were removed). The benchmarks therefore delete nothing until everything is
 * measured.
 *
 * <pre>
 * BenchMachine.touchOnce();   // prints what it did and what it cost
 * BenchMachine.settle();      // before each timed step, not timed
 * </pre>
 */
final class BenchMachine {

  private static final long RESERVE = 1L << 30;

  private BenchMachine() {}

  /** Flushes what earlier steps left dirty ({@code sync}); call it before starting a step's clock. */
  static void settle() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sync").redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("sync failed or did not finish within 5 minutes");
    }
  }

  /** Touches all but 1 GiB of the free memory once; prints the cost per GB (high: it was needed). */
  static void touchOnce() throws IOException, InterruptedException {
    Path meminfo = Path.of("/proc/meminfo");
    if (!Files.isReadable(meminfo)) {
      System.out.println("guest memory: no /proc/meminfo, not touched");
      return;
    }
    long free = Files.readAllLines(meminfo).stream().filter(l -> l.startsWith("MemFree:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0);
    long heap = (free - RESERVE) >> 20;
    if (heap < 1024) {
      System.out.printf("guest memory: %d MB free, not touched%n", free >> 20);
      return;
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(List.of(java, "-Xms" + heap + "m", "-Xmx" + heap + "m", "-XX:+AlwaysPreTouch",
        "-XX:+UseParallelGC", "-version")).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      System.out.println("guest memory: the touching JVM failed, not touched: " + out.strip());
      return;
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "guest memory: %.1f GB touched once in %.1f s (%.2f s/GB; above ~0.5 it had never "
        + "been used since boot), so no step below pays the first touch%n", heap / 1024.0, s, s / (heap / 1024.0));
  }
}
