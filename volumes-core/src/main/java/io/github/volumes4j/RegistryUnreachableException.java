package io.github.volumes4j;

/**
 * The registry could not be reached (name not resolved, connection refused, timed out). Check the network or proxy of the daemon, or make the image available without a registry ({@code docker load}, an import) and use {@link PullPolicy#NEVER}.
 *
 * <pre>{@code
 * try {
 *   volumes.containers().create(ContainerSpec.of("registry.example.com/team/app:2"));
 * } catch (RegistryUnreachableException e) {
 *   System.out.println(e.getMessage());   // the image, the registry, the engine's words, what to do
 * }
 * }</pre>
 */
public class RegistryUnreachableException extends ImagePullException {
  private static final long serialVersionUID = 1L;

  /**
   * The failure for an image and its registry.
   *
   * <pre>{@code
   * throw new RegistryUnreachableException("busybox:1.36", "docker.io", message, cause);
   * }</pre>
   */
  public RegistryUnreachableException(String reference, String registry, String message, Throwable cause) {
    super(reference, registry, message, cause);
  }
}
