package io.github.volumes4j.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.docker.DockerEngine;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Compose files, lint and the Maven plugin" section as it stands: its Java block compiled and run on a
 * compose file against the daemon (its volumes created, then removed by their project label); its plugin block the
 * one the plugin's sample build {@code src/it/readme} runs.
 */
@EnabledIfDocker
class ReadmeComposeIT {

  static final Path README = Path.of("..", "README.md");

  @TempDir
  Path dir;

  static String section() throws Exception {
    String text = Files.readString(README);
    int start = text.indexOf("## Compose files, lint and the Maven plugin");
    assertThat(start).as("the README has the compose section").isPositive();
    return text.substring(start, text.indexOf("\n## ", start + 5));
  }

  @Test
  void theJavaBlockRunsAsPasted() throws Exception {
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section());
    assertThat(m.find()).isTrue();
    String source = m.group(1);
    assertThat(source).contains("public class ComposeQuickstart");
    Path src = Files.createDirectories(dir.resolve("src"));
    Path out = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(src.resolve("ComposeQuickstart.java"), source);
    StringWriter err = new StringWriter();
    PrintWriter w = new PrintWriter(err, true);
    int rc = java.util.spi.ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("this JDK has no javac"))
        .run(w, w, "-d", out.toString(), "-classpath", System.getProperty("java.class.path"), "--release", "17",
            "-proc:none", src.resolve("ComposeQuickstart.java").toString());
    assertThat(rc).as("the README's compose block compiles as pasted:%n%s", err).isZero();

    String project = "v4jreadme" + UUID.randomUUID().toString().substring(0, 8);
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, "name: " + project + "\nservices:\n  ci:\n    image: docker:cli\n    volumes:\n"
        + "      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - cache:/cache\nvolumes:\n  cache:\n");
    PrintStream before = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      loader.loadClass("ComposeQuickstart").getMethod("main", String[].class)
          .invoke(null, (Object) new String[] {compose.toString()});
    } finally {
      System.setOut(before);
      try (Volumes volumes = Volumes.using(DockerEngine.detect())) {
        volumes.list(VolumeFilter.label(ComposeVolume.PROJECT_LABEL, project)).forEach(v -> volumes.remove(v.name()));
      }
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    before.print(printed);
    assertThat(printed).contains("ci " + compose + ":6:9 BindMount{source=/var/run/docker.sock")
        .contains(compose + ":6:9: error VOL001 runtime-socket [ci]")
        .contains("created: [" + project + "_cache]");
  }

  @Test
  void thePluginBlockIsTheOneTheSampleBuildRuns() throws Exception {
    Matcher m = Pattern.compile("```xml\\n(<plugin>.*?)```", Pattern.DOTALL).matcher(section());
    assertThat(m.find()).isTrue();
    String readme = m.group(1).strip();
    String version = Files.readString(Path.of("..", "volumes-bom", "pom.xml"))
        .replaceAll("(?s).*?<artifactId>volumes-bom</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
    String sample = Files.readString(Path.of("..", "volumes-maven-plugin", "src", "it", "readme", "pom.xml"));
    String plugin = sample.substring(sample.indexOf("<plugin>"), sample.indexOf("</plugin>") + "</plugin>".length());
    assertThat(readme).isEqualTo(plugin.replace("@project.version@", version));
    List<String> goals = Pattern.compile("<goal>(\\w+)</goal>").matcher(readme).results().map(r -> r.group(1)).toList();
    assertThat(goals).containsExactly("lint", "validate");
  }
}
