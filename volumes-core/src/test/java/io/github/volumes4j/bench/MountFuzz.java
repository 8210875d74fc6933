package io.github.volumes4j.bench;

import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.ParseOptions;
import io.github.volumes4j.VolumesFrom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Feeds random and mutated inputs to every mount parser and counts any outcome other than a mount
 * value or {@link InvalidMountSpecException} (another exception, an error, or an input that took
 * longer than 1 s). Prints the counts and exits 1 if any. Arguments: number of inputs
 * (default 1,200,000), seed.
 */
public final class MountFuzz {

  private MountFuzz() {}

  private static final String[] FLAGS = {"-v", "--volume", "--mount", "--tmpfs"};
  private static final String ALPHABET = ":,=\"/.\\ \t\n\r%-_0123456789abczABCZroswtxyRZ~\u00e9\u0000\u2028*?<>|";
  private static final String[] TOKENS = {"ro", "rw", "z", "Z", "nocopy", "rshared", "private", "cached", "default",
      "type=", "volume", "bind", "tmpfs", "image", "src=", "source=", "target=", "dst=", "readonly", "ro=", "bind-propagation=",
      "bind-recursive=", "bind-nonrecursive", "bind-create-src=", "volume-driver=", "volume-label=", "volume-nocopy",
      "volume-opt=", "volume-subpath=", "tmpfs-size=", "tmpfs-mode=", "consistency=", "size=", "mode=", "noexec", "uid=",
      "64m", "1777", "1.5g", "1e400", "99999999999999999999", "true", "false", "enabled", "writable", "..", "./", "C:\\", "\"\"",
      "/", "//", "/data", "pgdata", "c:\\", "C:\\data\\", "\\\\.\\pipe\\", "\\\\?\\", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};

  public static void main(String[] args) {
    long total = args.length > 0 ? Long.parseLong(args[0]) : 1_200_000L;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261128L;
    SplittableRandom random = new SplittableRandom(seed);
    ParseOptions linux = ParseOptions.builder().baseDirectory("/home/fuzz").build();
    ParseOptions windows = ParseOptions.builder().daemonOs(io.github.volumes4j.DaemonOs.WINDOWS).build();
    String[][] corpus = MountCorpus.SPECS.toArray(new String[0][]);
    long accepted = 0;
    long invalid = 0;
    long other = 0;
    long slow = 0;
    long maxNanos = 0;
    Map<String, String> examples = new LinkedHashMap<>();
    long started = System.nanoTime();
    for (long i = 0; i < total; i++) {
      String flag = FLAGS[random.nextInt(FLAGS.length)];
      String input = (i & 1) == 0 ? randomText(random) : mutate(corpus[random.nextInt(corpus.length)][1], random);
      ParseOptions options = random.nextInt(8) == 0 ? windows : linux;
      long t0 = System.nanoTime();
      try {
        if (random.nextInt(16) == 0) {
          VolumesFrom.parse(input);
        } else {
          MountSpec m = MountSyntax.ofFlag(flag).parse(input, options);
          String f = flag.equals("--volume") ? "-v" : flag;
          if (MountSyntax.ofFlag(f).canWrite(m) && !MountSyntax.ofFlag(f).parse(MountSyntax.ofFlag(f).format(m), options).equals(adjusted(m, f))) {
            other++;
            examples.putIfAbsent("round trip", flag + " " + input);
          }
        }
        accepted++;
      } catch (InvalidMountSpecException e) {
        invalid++;
      } catch (Throwable e) {
        other++;
        examples.putIfAbsent(e.getClass().getName(), flag + " " + escape(input) + " -> " + e);
      }
      long dt = System.nanoTime() - t0;
      maxNanos = Math.max(maxNanos, dt);
      if (dt > 1_000_000_000L) {
        slow++;
        examples.putIfAbsent("slow", flag + " " + escape(input));
      }
    }
    double secs = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "inputs: %,d (seed %d) in %.1f s: %,d gave a mount, %,d InvalidMountSpecException%n",
        total, seed, secs, accepted, invalid);
    System.out.printf(Locale.ROOT, "anything else (other exception or failed round trip): %d%n", other);
    System.out.printf(Locale.ROOT, "slower than 1 s (a hang): %d (slowest %.2f ms)%n", slow, maxNanos / 1e6);
    examples.forEach((k, v) -> System.out.println("  example " + k + ": " + v));
    if (other > 0 || slow > 0) {
      System.exit(1);
    }
  }

  private static MountSpec adjusted(MountSpec m, String flag) {
    return flag.equals("-v") && m instanceof io.github.volumes4j.BindMount b ? b.withCreateMountpoint(true) : m;
  }

  private static String randomText(SplittableRandom r) {
    int n = r.nextInt(40);
    StringBuilder b = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(3) == 0) {
        b.append(TOKENS[r.nextInt(TOKENS.length)]);
      } else {
        b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
      }
    }
    return b.toString();
  }

  private static String mutate(String s, SplittableRandom r) {
    StringBuilder b = new StringBuilder(s);
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int pos = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
      switch (r.nextInt(5)) {
        case 0 -> b.insert(pos, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        case 1 -> {
          if (pos < b.length()) {
            b.deleteCharAt(pos);
          }
        }
        case 2 -> b.insert(pos, TOKENS[r.nextInt(TOKENS.length)]);
        case 3 -> {
          if (pos < b.length()) {
            b.setCharAt(pos, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
          }
        }
        default -> {
          int end = Math.min(b.length(), pos + r.nextInt(8));
          b.delete(pos, end);
        }
      }
    }
    return b.toString();
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
