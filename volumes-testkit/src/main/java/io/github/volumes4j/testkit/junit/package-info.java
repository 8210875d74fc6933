/**
 * The JUnit 5 extension: {@link io.github.volumes4j.testkit.junit.VolumesTest} on a test class picks an
 * engine and checks that nothing leaks; {@link io.github.volumes4j.testkit.junit.TempVolume} gives a test
 * a volume that is removed when its scope ends, as {@code @TempDir} does for directories.
 *
 * <pre>{@code
 * @VolumesTest
 * class ConfigTest {
 *   @TempVolume String config;
 *   @Test void seeded(Volumes volumes) { volumes.copyInto(config).string("x", "/x"); }
 * }
 * }</pre>
 */
package io.github.volumes4j.testkit.junit;
