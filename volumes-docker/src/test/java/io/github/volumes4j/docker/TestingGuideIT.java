package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    Map<String, String> blocks = DocBlocks.javaBlocks(GUIDE, "(?m)^class (\\w+)");
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);

    List<String> passed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (URLClassLoader loader = DocBlocks.compile(blocks, dir, getClass().getClassLoader())) {
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
