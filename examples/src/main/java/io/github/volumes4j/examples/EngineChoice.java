package io.github.volumes4j.examples;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.spi.VolumeEngineProvider;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the engine the examples run on: {@code docker}, {@code memory}, {@code memory-1.41}, or {@code auto} (Docker when a
 * daemon answers, else the in-memory engine, saying so).
 *
 * <pre>{@code
 * try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) { ... }
 * }</pre>
 */
public enum EngineChoice {
  AUTO, DOCKER, MEMORY,
  /** The in-memory engine behaving like Docker 20.10 (API 1.41): prune removes named volumes too. */
  MEMORY_1_41;

  /** Reads the first argument, or the system property {@code volumes4j.engine}; {@code auto} by default. */
  public static EngineChoice fromArgs(String... args) {
    String value = args.length > 0 ? args[0] : System.getProperty("volumes4j.engine", "auto");
    try {
      return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine \"" + value + "\" is not one of auto, docker, memory, memory-1.41", e);
    }
  }

  /** Opens the chosen engine; {@code say} receives one line naming it and, for memory, how to use Docker. */
  public Volumes open(java.util.function.Consumer<String> say) {
    if (this == MEMORY_1_41) {
      say.accept("Engine: in-memory, behaving like Docker 20.10 (API 1.41) (asked for).");
      return Volumes.using(InMemoryEngine.emulating(io.github.volumes4j.ApiVersion.of(1, 41)));
    }
    if (this == MEMORY) {
      say.accept("Engine: in-memory (asked for). Run with argument 'docker' to use a Docker daemon.");
      return Volumes.using(InMemoryEngine.dockerLike());
    }
    List<String> attempts = new ArrayList<>();
    Optional<VolumeEngine> docker = docker(attempts);
    if (docker.isPresent()) {
      say.accept("Engine: Docker, " + docker.get().info().name() + ", Docker " + docker.get().info().version()
          + ", API " + docker.get().info().apiVersion() + ".");
      return Volumes.using(docker.get());
    }
    if (this == DOCKER) {
      throw io.github.volumes4j.EngineUnavailableException.noEngine("Docker engine", attempts);
    }
    say.accept("Engine: in-memory, because no Docker daemon answered (tried: " + String.join(", ", attempts) + ").");
    say.accept("        Start Docker or set DOCKER_HOST, then run again (or pass 'docker' to require it).");
    return Volumes.using(InMemoryEngine.dockerLike());
  }

  private static Optional<VolumeEngine> docker(List<String> attempts) {
    Optional<VolumeEngineProvider> docker = VolumeEngineProvider.named("docker");
    if (docker.isEmpty()) {
      attempts.add("volumes-docker is not on the class path");
    }
    return docker.flatMap(p -> p.connect(attempts));
  }
}
