package io.github.volumes4j;

/**
 * The registry refused the pull: no credentials, or wrong ones. Log in as the docker CLI does ({@code docker login <registry>}); volumes4j reads the same {@code config.json} and credential helpers.
 *
 * <pre>{@code
 * try {
 *   volumes.containers().create(ContainerSpec.of("registry.example.com/team/app:2"));
 * } catch (RegistryAuthenticationException e) {
 *   System.out.println(e.getMessage());   // the image, the registry, the engine's words, what to do
 * }
 * }</pre>
 */
public class RegistryAuthenticationException extends ImagePullException {
  private static final long serialVersionUID = 1L;

  /**
   * The failure for an image and its registry.
   *
   * <pre>{@code
   * throw new RegistryAuthenticationException("busybox:1.36", "docker.io", message, cause);
   * }</pre>
   */
  public RegistryAuthenticationException(String reference, String registry, String message, Throwable cause) {
    super(reference, registry, message, cause);
  }
}
