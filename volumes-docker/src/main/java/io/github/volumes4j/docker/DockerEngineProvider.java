package io.github.volumes4j.docker;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.spi.VolumeEngineProvider;
import java.util.List;
import java.util.Optional;

/**
 * Lets {@code Volumes.connect()} find a Docker daemon: name {@code docker}, priority 100. Registered in
 * {@code META-INF/services/io.github.volumes4j.spi.VolumeEngineProvider}.
 *
 * <pre>{@code
 * try (Volumes volumes = Volumes.connect()) { ... }   // uses DockerEngine.detect() through this provider
 * }</pre>
 */
public final class DockerEngineProvider implements VolumeEngineProvider {

  /** Used by {@link java.util.ServiceLoader}. */
  public DockerEngineProvider() {}

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Optional<VolumeEngine> connect(List<String> attempts) {
    return DockerEngine.tryDetect(attempts).map(e -> e);
  }
}
