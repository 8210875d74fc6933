package io.github.volumes4j.bench;

import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.ParseOptions;
import java.util.Locale;

/**
 * Parses a mixed corpus of mount specs on one thread and prints specs per second, with the ratio
 * against a reference run in the same process: splitting each spec on ':' and ',' (the least any
 * parser must do). Run: see docs/dev-commands.md.
 */
public final class MountParseBenchmark {

  private MountParseBenchmark() {}

  private static long sink;

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
    String[][] corpus = MountCorpus.SPECS.toArray(new String[0][]);
    ParseOptions options = ParseOptions.builder().baseDirectory("/home/ci/project").build();
    // warm-up
    run(corpus, options, 1.0, false);
    split(corpus, 1.0);
    double parsed = run(corpus, options, seconds, false);
    double reference = split(corpus, seconds);
    double formatted = run(corpus, options, seconds, true);
    String[][] valid = java.util.Arrays.copyOf(corpus, corpus.length - 4);
    String[][] invalid = java.util.Arrays.copyOfRange(corpus, corpus.length - 4, corpus.length);
    double validOnly = run(valid, options, seconds, false);
    double invalidOnly = run(invalid, options, seconds, false);
    System.out.printf(Locale.ROOT, "corpus: %d specs (%d invalid), one thread, %.1f s per measurement%n",
        corpus.length, 4, seconds);
    System.out.printf(Locale.ROOT, "parse:              %,12.0f specs/s  (goal >= 1,000,000)%n", parsed);
    System.out.printf(Locale.ROOT, "  valid specs only: %,12.0f specs/s%n", validOnly);
    System.out.printf(Locale.ROOT, "  invalid only:     %,12.0f specs/s%n", invalidOnly);
    System.out.printf(Locale.ROOT, "parse + format:     %,12.0f specs/s%n", formatted);
    System.out.printf(Locale.ROOT, "reference (split):  %,12.0f specs/s  parse/reference = %.3f%n", reference, parsed / reference);
    System.out.println(sink == 42 ? "" : "done");
  }

  private static double run(String[][] corpus, ParseOptions options, double seconds, boolean format) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long n = 0;
    long start = System.nanoTime();
    long now;
    do {
      for (String[] spec : corpus) {
        try {
          MountSpec m = MountSpec.parse(spec[0], spec[1], options);
          sink += m.target().length();
          if (format) {
            String f = spec[0].equals("--volume") ? "-v" : spec[0];
            sink += m.expressibleAs(f) ? m.format(f).length() : 1;
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
