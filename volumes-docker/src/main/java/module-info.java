/**
 * The volumes4j engine for a Docker (or Docker-compatible) daemon: {@code DockerEngine}, found by
 * {@code Volumes.connect()} through the {@code VolumeEngineProvider} it provides.
 *
 * <pre>{@code
 * module my.app {
 *   requires io.github.volumes4j.docker;   // reads io.github.volumes4j too
 * }
 * }</pre>
 */
module io.github.volumes4j.docker {
  requires transitive io.github.volumes4j;
  requires org.slf4j;
  requires com.fasterxml.jackson.core;
  requires com.github.dockerjava.transport;
  requires com.github.dockerjava.transport.httpclient5;
  requires org.apache.httpcomponents.core5.httpcore5;
  requires org.apache.httpcomponents.client5.httpclient5;
  requires static org.immutables.value;

  exports io.github.volumes4j.docker;
  // the request mapping, shared with the docker-java interop of volumes-testcontainers only
  exports io.github.volumes4j.docker.internal.wire to io.github.volumes4j.testcontainers;

  provides io.github.volumes4j.spi.VolumeEngineProvider with io.github.volumes4j.docker.DockerEngineProvider;
}
