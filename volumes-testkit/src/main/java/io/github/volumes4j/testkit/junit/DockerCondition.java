package io.github.volumes4j.testkit.junit;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.spi.VolumeEngineProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link EnabledIfDocker}; the daemon is probed once per JVM. */
final class DockerCondition implements ExecutionCondition {

  static final String REQUIRED_PROPERTY = "volumes4j.docker.required";
  static final String REQUIRED_ENV = "VOLUMES4J_DOCKER_REQUIRED";

  private static volatile Optional<String> unavailableReason;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<String> reason = probe();
    if (reason.isEmpty()) {
      return ConditionEvaluationResult.enabled("a Docker daemon answers");
    }
    if (dockerRequired()) {
      throw new IllegalStateException("Docker is required (" + REQUIRED_PROPERTY + "=true or " + REQUIRED_ENV
          + "=true) but " + reason.get() + ". " + HOW_TO);
    }
    String message = "no Docker daemon: " + reason.get() + ". To run the Docker tests: " + HOW_TO
        + " Set -D" + REQUIRED_PROPERTY + "=true to make a missing daemon fail the build.";
    if (!TOLD.getAndSet(true)) {
      // once per JVM, where the build shows it: a disabled test's reason is not printed by Surefire
      System.err.println("volumes4j: Docker tests are skipped: " + message);
    }
    return ConditionEvaluationResult.disabled(message);
  }

  /** What to do without a daemon, in a user's project. */
  static final String HOW_TO = "Start Docker (Docker Engine, Docker Desktop, Colima, Podman with its Docker API),"
      + " or point DOCKER_HOST at a daemon (unix:///var/run/docker.sock, tcp://host:2376 with DOCKER_TLS_VERIFY and"
      + " DOCKER_CERT_PATH).";

  private static final java.util.concurrent.atomic.AtomicBoolean TOLD = new java.util.concurrent.atomic.AtomicBoolean();

  /** Whether the build says that Docker tests must run. */
  static boolean dockerRequired() {
    String p = System.getProperty(REQUIRED_PROPERTY, "");
    String e = Optional.ofNullable(System.getenv(REQUIRED_ENV)).orElse("");
    return p.toLowerCase(Locale.ROOT).equals("true") || e.toLowerCase(Locale.ROOT).equals("true");
  }

  /** Empty when a Docker daemon answers; else why not. */
  static Optional<String> probe() {
    Optional<String> r = unavailableReason;
    if (r == null) {
      synchronized (DockerCondition.class) {
        r = unavailableReason;
        if (r == null) {
          r = doProbe();
          unavailableReason = r;
        }
      }
    }
    return r;
  }

  private static Optional<String> doProbe() {
    Optional<VolumeEngineProvider> docker = VolumeEngineProvider.named("docker");
    if (docker.isEmpty()) {
      return Optional.of("io.github.volumes4j:volumes-docker is not on the test class path");
    }
    List<String> attempts = new ArrayList<>();
    Optional<VolumeEngine> engine = docker.get().connect(attempts);
    if (engine.isPresent()) {
      engine.get().close();
      return Optional.empty();
    }
    return Optional.of("no Docker daemon answered; tried: " + String.join(", ", attempts));
  }
}
