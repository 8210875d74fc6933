package io.github.volumes4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public type and member of the three library modules' API packages has a comment, and the
 * comments are well formed: the JDK's javadoc, with all of doclint on, over the API packages' sources
 * (internal packages left out, as in the published Javadoc) must report nothing but missing
 * {@code @param}/{@code @return} tags (a sentence that names them is the house style).
 */
class JavadocCoverageTest {

  static final List<String> MODULES = List.of("volumes-core", "volumes-docker", "volumes-testkit", "volumes-testcontainers",
      "volumes-compose");

  @TempDir
  Path out;

  static List<Path> apiSources() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String module : MODULES) {
      Path root = Path.of("..", module, "src", "main", "java");
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(p -> p.toString().endsWith(".java"))
            .filter(p -> !p.getFileName().toString().equals("module-info.java"))
            .filter(p -> !root.relativize(p).toString().replace('\\', '/').contains("/internal/"))
            .forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void everyPublicTypeAndMemberOfTheApiIsDocumented() throws IOException {
    List<Path> sources = apiSources();
    assertThat(sources).hasSizeGreaterThan(100);
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-quiet", "-Xdoclint:all", "-Xmaxwarns", "100000",
        "-Xmaxerrs", "100000", "--release", "17", "-classpath", System.getProperty("java.class.path"), "-notimestamp"));
    sources.forEach(p -> args.add(p.toString()));
    StringWriter log = new StringWriter();
    PrintWriter w = new PrintWriter(log, true);
    int rc = ToolProvider.findFirst("javadoc").orElseThrow(() -> new AssertionError("this JDK has no javadoc tool"))
        .run(w, w, args.toArray(String[]::new));
    // a comment is required; @param/@return tags are not (a sentence that says it is the house style)
    List<String> problems = log.toString().lines().filter(l -> l.contains(": error: ")
        || l.contains(": warning: ") && !l.matches(".*: warning: no @(param|return|throws) .*|.*: warning: no @return$"))
        .collect(Collectors.toList());
    assertThat(problems).as("javadoc's findings on the API packages (exit code %d)", rc).isEmpty();
    assertThat(rc).isZero();
  }
}
