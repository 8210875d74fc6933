package io.github.volumes4j;

/**
 * When creating a container pulls its image, as {@code docker run --pull} says.
 *
 * <pre>{@code
 * volumes.containers().create(ContainerSpec.of("busybox:1.36").withPullPolicy(PullPolicy.NEVER));
 * }</pre>
 */
public enum PullPolicy {
  /** Pull the image when the engine does not have it (the default, as {@code docker run}). */
  MISSING,
  /** Pull the image every time, so a moved tag is followed. */
  ALWAYS,
  /** Never pull: a missing image is an {@link ImageNotFoundException}. */
  NEVER
}
