package io.github.volumes4j.swarm;

/**
 * How a service places its tasks ({@code docker service create --mode}).
 *
 * <pre>{@code
 * ServiceSpec agent = ServiceSpec.builder().name("agent").image("busybox:1.36").mode(ServiceMode.GLOBAL).build();
 * }</pre>
 */
public enum ServiceMode {
  /** A number of replicas, placed by the scheduler ({@code --mode replicated}, the default). */
  REPLICATED,
  /** One task on every node that fits the constraints ({@code --mode global}). */
  GLOBAL
}
