package io.github.volumes4j;

/**
 * The image does not exist at its registry (no such repository or tag), or is not on the engine and may not be pulled (PullPolicy.NEVER).
 *
 * <pre>{@code
 * try {
 *   volumes.containers().create(ContainerSpec.of("registry.example.com/team/app:2"));
 * } catch (ImageNotFoundException e) {
 *   System.out.println(e.getMessage());   // the image, the registry, the engine's words, what to do
 * }
 * }</pre>
 */
public class ImageNotFoundException extends ImagePullException {
  private static final long serialVersionUID = 1L;

  /**
   * The failure for an image and its registry.
   *
   * <pre>{@code
   * throw new ImageNotFoundException("busybox:1.36", "docker.io", message, cause);
   * }</pre>
   */
  public ImageNotFoundException(String reference, String registry, String message, Throwable cause) {
    super(reference, registry, message, cause);
  }
}
