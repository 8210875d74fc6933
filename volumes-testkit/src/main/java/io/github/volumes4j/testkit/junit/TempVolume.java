package io.github.volumes4j.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fresh, empty volume for a test, removed when its scope ends, like JUnit's {@code @TempDir}:
 * on a field or a parameter of type {@link io.github.volumes4j.Volume} or {@link String} (its name).
 * A static field gets one volume per class; an instance field or a parameter one per test.
 *
 * <pre>{@code
 * @VolumesTest
 * class BackupTest {
 *   @TempVolume static Volume shared;              // one for the whole class
 *   @TempVolume Volume data;                        // one per test
 *
 *   @Test void restores(@TempVolume(cleanup = CleanupMode.ON_SUCCESS) String target, Volumes volumes) { ... }
 * }
 * }</pre>
 *
 * <p>The volume is named {@code v4j-tmp-<12 hex>}, labelled with the run's session label and the
 * {@link #labels()} given. The default cleanup mode is {@link CleanupMode#ALWAYS}; the configuration
 * parameter {@value VolumesExtension#CLEANUP_MODE_PROPERTY} (for example in
 * {@code junit-platform.properties}) changes it. A {@code final} field, or a field or parameter of
 * another type, fails the test class with an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException}
 * / {@link org.junit.jupiter.api.extension.ParameterResolutionException} that says why.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(VolumesExtension.class)
public @interface TempVolume {

  /** When to remove the volume; {@link CleanupMode#DEFAULT} takes the configured default. */
  CleanupMode cleanup() default CleanupMode.DEFAULT;

  /** Labels as {@code key=value} (or {@code key} for an empty value). */
  String[] labels() default {};
}
