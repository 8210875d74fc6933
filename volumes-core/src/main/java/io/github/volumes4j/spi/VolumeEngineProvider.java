package io.github.volumes4j.spi;

import java.util.Optional;

/**
 * Lets {@code Volumes.connect()} find engines on the class path through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * // META-INF/services/io.github.volumes4j.spi.VolumeEngineProvider
 * com.example.MyEngineProvider
 * }</pre>
 */
public interface VolumeEngineProvider {

  /** A short name: {@code docker}, {@code memory}. */
  String name();

  /** Lower runs first. The Docker engine is 100; an embedded fallback is 1000. */
  int priority();

  /**
   * Connects, or says why not.
   *
   * @return the engine, or empty with the reasons added to {@code attempts}
   */
  Optional<VolumeEngine> connect(java.util.List<String> attempts);

  /**
   * The provider of that name on the class path (through the thread's context class loader), if any:
   * {@code VolumeEngineProvider.named("docker").flatMap(p -> p.connect(attempts))}.
   */
  static Optional<VolumeEngineProvider> named(String name) {
    for (VolumeEngineProvider p : java.util.ServiceLoader.load(VolumeEngineProvider.class)) {
      if (p.name().equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
