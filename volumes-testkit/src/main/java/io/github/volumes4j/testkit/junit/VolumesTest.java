package io.github.volumes4j.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class with volumes4j's extension: {@code Volumes} and {@code VolumeEngine} parameters
 * (or the engine's own type, {@code InMemoryEngine} in memory), {@link TempVolume}s, a session label on everything the tests create, and a leak check after each
 * test that names the line that created each leftover volume or container.
 *
 * <pre>{@code
 * @VolumesTest                              // in memory unless volumes4j.engine says otherwise
 * class MigrationTest {
 *   @Test void copies(Volumes volumes, @TempVolume Volume source) { ... }
 * }
 * }</pre>
 *
 * <p>Configuration parameters ({@code junit-platform.properties} or {@code -D}):
 * {@value VolumesExtension#ENGINE_PROPERTY} ({@code memory}, {@code docker}, {@code auto}),
 * {@value VolumesExtension#MEMORY_API_PROPERTY} (for example {@code 1.41}),
 * {@value VolumesExtension#CLEANUP_MODE_PROPERTY}, {@value VolumesExtension#LEAK_CHECK_PROPERTY}
 * ({@code fail}, {@code warn}, {@code off}) and {@value VolumesExtension#SWEEP_PROPERTY}.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ClassTemplate
@ExtendWith(VolumesExtension.class)
public @interface VolumesTest {

  /** The engine for this class; {@link EngineKind#DEFAULT} takes the configured one. */
  EngineKind engine() default EngineKind.DEFAULT;

  /**
   * Runs the whole class once per engine listed, each run reported under the engine's name
   * ({@code [memory]}, {@code [docker]}); overrides {@link #engine()}. Without a daemon the Docker run is
   * skipped with the reason (failed when {@code volumes4j.docker.required=true}), so one class tests both
   * engines where Docker is and the fake everywhere.
   *
   * <pre>{@code
   * @VolumesTest(engines = {EngineKind.MEMORY, EngineKind.DOCKER})
   * class BackupTest {
   *   @Test void roundTrip(Volumes volumes, @TempVolume String data) { ... }
   * }
   * }</pre>
   */
  EngineKind[] engines() default {};
}
