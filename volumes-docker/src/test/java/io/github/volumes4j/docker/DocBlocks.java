package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Java blocks of a Markdown page, each a whole class, compiled as they stand there. */
final class DocBlocks {

  private DocBlocks() {}

  /** Class name to source, in page order; {@code classPattern} finds the name (group 1) in each block. */
  static Map<String, String> javaBlocks(Path page, String classPattern) throws Exception {
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(page));
    Map<String, String> blocks = new LinkedHashMap<>();
    while (m.find()) {
      Matcher cls = Pattern.compile(classPattern).matcher(m.group(1));
      assertThat(cls.find()).as("a Java block of %s is a whole class, so that it compiles as pasted:%n%s", page, m.group(1))
          .isTrue();
      blocks.put(cls.group(1), m.group(1));
    }
    return blocks;
  }

  /** Compiles the blocks against this test's class path into {@code dir}; returns a loader for them. */
  static URLClassLoader compile(Map<String, String> blocks, Path dir, ClassLoader parent) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path out = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
        "--release", "17", "-proc:none"));
    for (Map.Entry<String, String> b : blocks.entrySet()) {
      Path f = src.resolve(b.getKey() + ".java");
      Files.writeString(f, b.getValue());
      args.add(f.toString());
    }
    StringWriter err = new StringWriter();
    PrintWriter w = new PrintWriter(err, true);
    int rc = java.util.spi.ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("this JDK has no javac"))
        .run(w, w, args.toArray(String[]::new));
    assertThat(rc).as("the Java blocks compile as pasted:%n%s", err).isZero();
    return new URLClassLoader(new URL[] {out.toUri().toURL()}, parent);
  }
}
