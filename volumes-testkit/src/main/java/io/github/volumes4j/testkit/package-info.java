/**
 * Testing with volumes: {@link io.github.volumes4j.testkit.InMemoryEngine}, an engine that behaves like
 * Docker without a daemon, and {@link io.github.volumes4j.testkit.FaultInjectingEngine}, which fails a
 * chosen call the way a dropped connection does.
 *
 * <pre>{@code
 * try (Volumes volumes = Volumes.using(InMemoryEngine.dockerLike())) {
 *   volumes.create("data");
 * }
 * }</pre>
 *
 * <p>The JUnit 5 extension is in {@code io.github.volumes4j.testkit.junit}, the AssertJ assertions in
 * {@code io.github.volumes4j.testkit.assertj}, the suites every engine passes in
 * {@code io.github.volumes4j.testkit.contract}.
 */
package io.github.volumes4j.testkit;
