package io.github.volumes4j.testkit.junittests;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs sample test classes in this JVM and records what happened to each test and container. */
final class Runs {

  record Outcome(String name, boolean isTest, TestExecutionResult.Status status, Optional<Throwable> error) {
    String message() {
      return error.map(Throwable::getMessage).orElse("");
    }
  }

  static final class Result {
    final List<Outcome> outcomes = new ArrayList<>();
    /** Display name to the reason it was skipped. */
    final Map<String, String> skipped = new java.util.LinkedHashMap<>();

    Outcome test(String name) {
      return outcomes.stream().filter(o -> o.isTest() && o.name().startsWith(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no test " + name + " in " + outcomes));
    }

    Outcome container(String name) {
      return outcomes.stream().filter(o -> !o.isTest() && o.name().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no container " + name + " in " + outcomes));
    }

    long failedTests() {
      return outcomes.stream().filter(o -> o.isTest() && o.status() != TestExecutionResult.Status.SUCCESSFUL).count();
    }
  }

  private Runs() {}

  static Result run(Class<?> testClass, Map<String, String> config) {
    System.setProperty("volumes4j.samples", "true");
    try {
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
          .configurationParameters(config).build();
      Result result = new Result();
      Launcher launcher = LauncherFactory.create();
      launcher.execute(request, new TestExecutionListener() {
        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult r) {
          result.outcomes.add(new Outcome(id.getDisplayName(), id.isTest(), r.getStatus(), r.getThrowable()));
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
          result.skipped.put(id.getDisplayName(), reason);
        }
      });
      return result;
    } finally {
      System.clearProperty("volumes4j.samples");
    }
  }

  static Result run(Class<?> testClass) {
    return run(testClass, Map.of());
  }
}
