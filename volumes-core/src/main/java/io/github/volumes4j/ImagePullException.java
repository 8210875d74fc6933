package io.github.volumes4j;

import static java.util.Objects.requireNonNull;

/**
 * An image could not be pulled (or, with {@link PullPolicy#NEVER}, is not there). The subtypes say
 * why: {@link ImageNotFoundException}, {@link RegistryAuthenticationException},
 * {@link RegistryUnreachableException}; this class itself is any other failure of a pull.
 *
 * <pre>{@code
 * try {
 *   volumes.images().pull("registry.example.com/team/app:2");
 * } catch (RegistryAuthenticationException e) {
 *   System.out.println("log in to " + e.registry() + " first");
 * }
 * }</pre>
 */
public class ImagePullException extends VolumesException {
  private static final long serialVersionUID = 1L;

  /** The image as asked for. */
  private final String reference;
  /** The registry it would come from. */
  private final String registry;

  /**
   * An image pull failure.
   *
   * <pre>{@code
   * throw new ImagePullException("busybox:1.36", "docker.io", "pull of busybox:1.36 failed: ...", cause);
   * }</pre>
   */
  public ImagePullException(String reference, String registry, String message, Throwable cause) {
    super(message, cause);
    this.reference = requireNonNull(reference, "reference == null");
    this.registry = requireNonNull(registry, "registry == null");
  }

  /** The image as it was asked for. */
  public String reference() {
    return reference;
  }

  /** The registry the image would come from ({@code docker.io} for Docker Hub, else the host of the reference). */
  public String registry() {
    return registry;
  }
}
