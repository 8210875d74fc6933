package io.github.volumes4j.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The README's "With Testcontainers" blocks, compiled as they stand there and run with Testcontainers'
 * JUnit 5 extension on the daemon. Two values are changed, and only these: the image (no registry is
 * reachable here, so {@code busybox:1.36} becomes the local test image) and the volume's name (a name of
 * this run's, as tests on the shared daemon must use).
 */
@EnabledIfDocker
class ReadmeTestcontainersIT {

  static final Path README = Path.of("..", "README.md");

  @TempDir
  Path dir;

  @Test
  void bothBlocksCompileAndPassAndOnlyVolumes4jsVolumeCarriesTheSessionLabel() throws Exception {
    Map<String, String> blocks = testcontainersBlocks();
    assertThat(blocks).containsOnlyKeys("SharedVolumeWithoutVolumes4jTest", "SharedVolumeTest");
    String volume = "v4j-tc-readme-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> changed = new LinkedHashMap<>();
    blocks.forEach((name, source) -> {
      assertThat(source).contains("\"busybox:1.36\"").contains("\"shared-data\"");
      changed.put(name, source.replace("\"busybox:1.36\"", "\"" + ContractImages.BUSYBOX + "\"")
          .replace("\"shared-data\"", "\"" + volume + "\""));
    });
    ContractImages.ensure(ContainerVolumes.volumes().engine());
    try (URLClassLoader loader = compile(changed)) {
      assertThat(run(loader.loadClass("SharedVolumeTest"))).isEmpty();
      assertThat(ContainerVolumes.volumes().inspect(volume).labels()).containsAllEntriesOf(ContainerVolumes.sessionLabels());
      assertThat(Files.readString(Path.of("target/out/app.conf"))).isEqualTo("greeting=hello from app.conf\n");
      ContainerVolumes.volumes().remove(volume);

      assertThat(run(loader.loadClass("SharedVolumeWithoutVolumes4jTest"))).isEmpty();
      // Testcontainers alone: the volume stays, with no label anything could remove it by
      assertThat(ContainerVolumes.volumes().inspect(volume).labels()).isEmpty();
    } finally {
      ContainerVolumes.volumes().removeIfExists(volume);
    }
  }

  static Map<String, String> testcontainersBlocks() throws Exception {
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
    Map<String, String> out = new LinkedHashMap<>();
    while (m.find()) {
      if (m.group(1).contains("org.testcontainers")) {
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(m.group(1));
        assertThat(cls.find()).as("a whole class:%n%s", m.group(1)).isTrue();
        out.put(cls.group(1), m.group(1));
      }
    }
    return out;
  }

  private URLClassLoader compile(Map<String, String> blocks) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path out = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
        "--release", "17", "-proc:none"));
    for (Map.Entry<String, String> b : blocks.entrySet()) {
      Path f = src.resolve(b.getKey() + ".java");
      Files.writeString(f, b.getValue(), StandardCharsets.UTF_8);
      args.add(f.toString());
    }
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
    assertThat(rc).as("javac of the README's Testcontainers blocks").isZero();
    return new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
  }

  private static List<String> run(Class<?> test) {
    List<String> problems = new ArrayList<>();
    int[] passed = {0};
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(test)).build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult r) {
            if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
              problems.add(id.getDisplayName() + ": " + r.getThrowable().map(Throwable::toString).orElse(""));
            } else if (id.isTest()) {
              passed[0]++;
            }
          }

          @Override
          public void executionSkipped(TestIdentifier id, String reason) {
            problems.add(id.getDisplayName() + " skipped: " + reason);
          }
        });
    if (passed[0] == 0) {
      problems.add(test.getName() + ": no test ran");
    }
    return problems;
  }
}
