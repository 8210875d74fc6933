package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.volumes4j.testkit.junit.EnabledIfDocker;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * docs/testing.md as it stands: each of its Java blocks is a whole test class; they are compiled
 * together against this module's test class path and run with the JUnit launcher, in memory and (the
 * class that lists both engines) on the shared daemon. Every test must pass and none be skipped.
 */
@EnabledIfDocker
class TestingGuideIT {

  static final Path GUIDE = Path.of("..", "docs", "testing.md");

  @TempDir
  Path dir;

  @Test
  void everyTestClassInTheGuideCompilesAndPassesOnEachEngine() throws Exception {
    String text = Files.readString(GUIDE);
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
    Map<String, String> blocks = new LinkedHashMap<>();
    while (m.find()) {
      Matcher cls = Pattern.compile("(?m)^class (\\w+)").matcher(m.group(1));
      assertThat(cls.find()).as("a Java block of the guide is a whole test class:%n%s", m.group(1)).isTrue();
      blocks.put(cls.group(1), m.group(1));
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);

    Path src = Files.createDirectories(dir.resolve("src"));
    Path out = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
        "--release", "17", "-proc:none"));
    for (Map.Entry<String, String> b : blocks.entrySet()) {
      Path f = src.resolve(b.getKey() + ".java");
      Files.writeString(f, b.getValue());
      args.add(f.toString());
    }
    java.io.StringWriter err = new java.io.StringWriter();
    int rc = java.util.spi.ToolProvider.findFirst("javac").orElseThrow()
        .run(new java.io.PrintWriter(err, true), new java.io.PrintWriter(err, true), args.toArray(String[]::new));
    assertThat(rc).as("the guide's Java blocks compile as pasted:%n%s", err).isZero();

    List<String> passed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
      for (String name : blocks.keySet()) {
        request.selectors(selectClass(loader.loadClass(name)));
      }
      Launcher launcher = LauncherFactory.create();
      launcher.execute(request.build(), new TestExecutionListener() {
        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult r) {
          if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            problems.add(id.getUniqueId() + ": " + r.getThrowable().map(Throwable::toString).orElse("" + r.getStatus()));
          } else if (id.isTest()) {
            passed.add(id.getUniqueId());
          }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
          problems.add(id.getUniqueId() + " skipped: " + reason);
        }
      });
    }
    assertThat(problems).as("what the guide's tests did").isEmpty();
    assertThat(passed).anySatisfy(t -> assertThat(t).contains("GuideBothEnginesTest").contains("#2"));
    // the contract subclass runs its hundreds of scenarios; every other class its own tests
    assertThat(passed.stream().filter(t -> !t.contains("GuideContractTest"))).hasSize(6);
    assertThat(passed.stream().filter(t -> t.contains("GuideContractTest")).count()).isGreaterThan(200);
  }
}
