package io.github.volumes4j.bench;

import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.ParseOptions;
import java.util.Locale;

/**
 * Parses a mixed corpus of mount specs on one thread and prints specs per second, with the ratio
 * against a reference run in the same process: splitting each spec on ':' and ',' (the least any
 * parser must do). Run: see README.md, section Development.
 */
public final class MountParseBenchmark {

  private MountParseBenchmark() {}

  private static long sink;

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    String[][] corpus = MountCorpus.SPECS.toArray(new String[0][]);
    String[][] valid = java.util.Arrays.copyOf(corpus, corpus.length - 4);
    String[][] invalid = java.util.Arrays.copyOfRange(corpus, corpus.length - 4, corpus.length);
    ParseOptions options = ParseOptions.builder().baseDirectory("/home/ci/project").build();
    // warm-up: let the JIT compile both paths
    run(corpus, options, 2.0, true);
    split(corpus, 1.0);
    // interleaved rounds, so that a burst of load on a shared machine hits all measurements alike
    double[][] r = new double[5][rounds];
    for (int i = 0; i < rounds; i++) {
      r[0][i] = run(corpus, options, seconds, false);
      r[1][i] = split(corpus, seconds);
      r[2][i] = run(valid, options, seconds, false);
      r[3][i] = run(invalid, options, seconds, false);
      r[4][i] = run(corpus, options, seconds, true);
    }
    double parsed = median(r[0]);
    double reference = median(r[1]);
    System.out.printf(Locale.ROOT, "corpus: %d specs (%d invalid), one thread, median of %d interleaved rounds of %.1f s%n",
        corpus.length, invalid.length, rounds, seconds);
    System.out.printf(Locale.ROOT, "parse:              %,12.0f specs/s  (goal >= 1,000,000; best round %,.0f)%n", parsed, max(r[0]));
    System.out.printf(Locale.ROOT, "  valid specs only: %,12.0f specs/s%n", median(r[2]));
    System.out.printf(Locale.ROOT, "  invalid only:     %,12.0f specs/s%n", median(r[3]));
    System.out.printf(Locale.ROOT, "parse + format:     %,12.0f specs/s%n", median(r[4]));
    System.out.printf(Locale.ROOT, "reference (split):  %,12.0f specs/s  parse/reference = %.3f%n", reference, parsed / reference);
    System.out.println(sink == 42 ? "" : "done");
  }

  private static double median(double[] values) {
    double[] c = values.clone();
    java.util.Arrays.sort(c);
    return c[c.length / 2];
  }

  private static double max(double[] values) {
    return java.util.Arrays.stream(values).max().orElse(0);
  }

  private static double run(String[][] corpus, ParseOptions options, double seconds, boolean format) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long n = 0;
    long start = System.nanoTime();
    long now;
    do {
      for (String[] spec : corpus) {
        try {
          MountSpec m = MountSyntax.ofFlag(spec[0]).parse(spec[1], options);
          sink += m.target().length();
          if (format) {
            String f = spec[0].equals("--volume") ? "-v" : spec[0];
            sink += MountSyntax.ofFlag(f).canWrite(m) ? MountSyntax.ofFlag(f).format(m).length() : 1;
          }
        } catch (InvalidMountSpecException e) {
          sink += e.position().orElse(1);
        }
      }
      n += corpus.length;
      now = System.nanoTime();
    } while (now < deadline);
    return n / ((now - start) / 1e9);
  }

  private static double split(String[][] corpus, double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long n = 0;
    long start = System.nanoTime();
    long now;
    do {
      for (String[] spec : corpus) {
        for (String part : spec[1].split(":")) {
          sink += part.split(",").length;
        }
      }
      n += corpus.length;
      now = System.nanoTime();
    } while (now < deadline);
    return n / ((now - start) / 1e9);
  }
}
