/**
 * volumes4j in Testcontainers tests and docker-java code: {@link io.github.volumes4j.testcontainers.ContainerVolumes}
 * mounts any {@link io.github.volumes4j.MountSpec} on a {@code GenericContainer} (conflicts refused before
 * start, volumes labelled for Testcontainers' reaper, the daemon Testcontainers found), copies a directory
 * out of a container, and {@link io.github.volumes4j.testcontainers.GoldenState} resets a container's
 * volume between tests; {@link io.github.volumes4j.testcontainers.DockerJavaMounts} converts mounts to and
 * from docker-java's model exactly as {@code DockerEngine} sends them.
 *
 * <pre>{@code
 * @Testcontainers
 * class AppTest {
 *   @Container static GenericContainer<?> app = ContainerVolumes.mount(new GenericContainer<>("app:1"),
 *       VolumeMount.of("app-data", "/data"), TmpfsMount.at("/tmp").withSizeBytes(64 << 20));
 * }
 * }</pre>
 *
 * <p>Testcontainers and docker-java-api are not dependencies this module brings: the user's versions are
 * used (tested with Testcontainers 2.0 and 1.21).
 */
package io.github.volumes4j.testcontainers;
