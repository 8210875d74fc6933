/**
 * Swarm services that carry the same mount values as containers: create, inspect, scale, update and
 * remove a service, list its tasks with the node and the mounts each got, and wait until it converges.
 *
 * <pre>{@code
 * Services services = volumes.services();
 * services.create(ServiceSpec.builder().name("web").image("nginx:1.27").replicas(2)
 *     .addMounts(VolumeMount.of("site", "/usr/share/nginx/html"), TmpfsMount.at("/cache").withSizeBytes(64 << 20))
 *     .build());
 * for (TaskInfo t : services.awaitConverged("web", Duration.ofMinutes(1))) {
 *   System.out.println(t.slot() + " on " + t.nodeId() + ": " + t.containerId().orElse("-"));
 * }
 * }</pre>
 *
 * <p>Engines offer services through {@link io.github.volumes4j.spi.ServiceEngine}: the Docker engine on a
 * swarm manager, the in-memory engine as a single-node swarm. A daemon that is not a swarm manager
 * answers with {@link io.github.volumes4j.swarm.NotSwarmManagerException}.
 */
package io.github.volumes4j.swarm;
