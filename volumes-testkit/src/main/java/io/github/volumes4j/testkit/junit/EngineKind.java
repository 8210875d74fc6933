package io.github.volumes4j.testkit.junit;

/**
 * Which engine a {@link VolumesTest} runs on.
 *
 * <pre>{@code
 * @VolumesTest(engine = EngineKind.AUTO)   // Docker when a daemon answers, else in memory
 * }</pre>
 */
public enum EngineKind {
  /** The configured default: parameter {@value VolumesExtension#ENGINE_PROPERTY}, else {@link #MEMORY}. */
  DEFAULT,
  /** {@code InMemoryEngine.dockerLike()} (or the version of {@value VolumesExtension#MEMORY_API_PROPERTY}). */
  MEMORY,
  /** The engine of the {@code VolumeEngineProvider} named {@code docker}; fails when none answers. */
  DOCKER,
  /** Docker when a daemon answers, else the in-memory engine. */
  AUTO
}
