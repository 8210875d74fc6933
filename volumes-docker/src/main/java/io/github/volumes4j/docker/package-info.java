/**
 * The engine of a real Docker (or Docker-compatible) daemon: {@link io.github.volumes4j.docker.DockerEngine}.
 * Most code never names it: with this module on the class path, {@code Volumes.connect()} finds the
 * daemon the way the docker CLI does.
 *
 * <pre>{@code
 * try (Volumes volumes = Volumes.connect()) { ... }                       // DOCKER_HOST, contexts, sockets
 * Volumes remote = Volumes.using(DockerEngine.builder().host("tcp://10.0.0.5:2376")
 *     .tlsCertPath(Path.of("/etc/docker-certs")).build());
 * }</pre>
 */
package io.github.volumes4j.docker;
