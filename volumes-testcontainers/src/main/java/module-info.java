/**
 * volumes4j inside Testcontainers tests, and docker-java interop. Testcontainers and docker-java-api
 * are the user's (this module puts neither on the class path); Testcontainers' jar has no module name,
 * so on the module path it is the automatic module {@code testcontainers}.
 *
 * <pre>{@code
 * module my.tests {
 *   requires io.github.volumes4j.testcontainers;
 * }
 * }</pre>
 */
module io.github.volumes4j.testcontainers {
  requires transitive io.github.volumes4j;
  requires transitive io.github.volumes4j.docker;
  requires transitive testcontainers;
  requires transitive com.github.dockerjava.api;
  requires com.github.dockerjava.transport;
  requires org.slf4j;
  requires static org.immutables.value;

  exports io.github.volumes4j.testcontainers;
}
