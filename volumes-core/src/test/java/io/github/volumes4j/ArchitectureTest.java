package io.github.volumes4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The house rules, read from the compiled classes with the JDK's jdeps: no two files of different
 * packages depend on each other through a circle (an API class may reach its implementation through
 * a door, and internal code may use API values, but never both ways round), and the API packages
 * never depend on the engines' modules.
 */
class ArchitectureTest {

  private static final String ROOT = "io.github.volumes4j";

  @Test
  void noCircleOfFilesCrossesAPackage(@TempDir Path dir) throws IOException {
    Map<String, Set<String>> deps = classDependencies(dir);
    assertThat(deps).as("jdeps found the classes").hasSizeGreaterThan(100);
    List<Set<String>> circles = new ArrayList<>();
    for (Set<String> component : stronglyConnected(deps)) {
      if (component.stream().map(ArchitectureTest::packageOf).distinct().count() > 1) {
        circles.add(component);
      }
    }
    assertThat(circles).as("file-level circles across packages (break them: the internal side must not know the API class that calls it)").isEmpty();
  }

  @Test
  void coreKnowsNothingOfTheEngines(@TempDir Path dir) throws IOException {
    Map<String, Set<String>> deps = classDependencies(dir);
    List<String> up = new ArrayList<>();
    deps.forEach((from, tos) -> tos.stream().filter(t -> t.startsWith(ROOT + ".docker") || t.startsWith(ROOT + ".testkit"))
        .forEach(t -> up.add(from + " -> " + t)));
    assertThat(up).isEmpty();
  }

  /** Top-level class to top-level classes it uses, for the classes of this module (nested classes folded in). */
  static Map<String, Set<String>> classDependencies(Path dir) throws IOException {
    Path classes = Path.of("target/classes");
    Path copy = dir.resolve("classes");
    try (Stream<Path> s = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path to = copy.resolve(classes.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else if (!p.getFileName().toString().equals("module-info.class")) {
          Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);   // without it jdeps wants every module
        }
      }
    }
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none", copy.toString());
    assertThat(rc).as("jdeps: %s", err).isZero();
    Map<String, Set<String>> deps = new TreeMap<>();
    for (String line : out.toString().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[1].equals("->") && f[0].startsWith(ROOT) && f[2].startsWith(ROOT)) {
        String from = topLevel(f[0]);
        String to = topLevel(f[2]);
        deps.computeIfAbsent(from, k -> new TreeSet<>());
        if (!from.equals(to)) {
          deps.get(from).add(to);
        }
      }
    }
    return deps;
  }

  private static String topLevel(String className) {
    int dollar = className.indexOf('$');
    return dollar < 0 ? className : className.substring(0, dollar);
  }

  private static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }

  /** Tarjan's algorithm, iterative. */
  static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new java.util.HashSet<>();
    List<Set<String>> result = new ArrayList<>();
    int[] counter = {0};
    for (String start : graph.keySet()) {
      if (index.containsKey(start)) {
        continue;
      }
      Deque<Map.Entry<String, java.util.Iterator<String>>> work = new ArrayDeque<>();
      index.put(start, counter[0]);
      low.put(start, counter[0]++);
      stack.push(start);
      onStack.add(start);
      work.push(Map.entry(start, graph.getOrDefault(start, Set.of()).iterator()));
      while (!work.isEmpty()) {
        String v = work.peek().getKey();
        java.util.Iterator<String> it = work.peek().getValue();
        if (it.hasNext()) {
          String w = it.next();
          if (!index.containsKey(w)) {
            index.put(w, counter[0]);
            low.put(w, counter[0]++);
            stack.push(w);
            onStack.add(w);
            work.push(Map.entry(w, graph.getOrDefault(w, Set.of()).iterator()));
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
        } else {
          work.pop();
          if (!work.isEmpty()) {
            String parent = work.peek().getKey();
            low.put(parent, Math.min(low.get(parent), low.get(v)));
          }
          if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
              w = stack.pop();
              onStack.remove(w);
              component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
              result.add(component);
            }
          }
        }
      }
    }
    return result;
  }

  /** One job per class: no main class of any module grows past 600 lines (split it by job when it does). */
  @Test
  void noMainClassIsLongerThan600Lines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    try (Stream<Path> modules = Files.list(Path.of(".."))) {
      for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(main)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            long lines;
            try (Stream<String> l = Files.lines(f)) {
              lines = l.count();
            }
            if (lines > 600) {
              tooLong.add(f + " (" + lines + " lines)");
            }
          }
        }
      }
    }
    assertThat(tooLong).as("main classes over 600 lines").isEmpty();
  }
}
