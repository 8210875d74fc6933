package io.github.volumes4j;

/**
 * No container has the name or id asked for.
 *
 * <pre>{@code
 * try { volumes.engine().inspectContainer("db"); } catch (ContainerNotFoundException e) { ... }
 * }</pre>
 */
public class ContainerNotFoundException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** The container as named or id'd by the caller. */
  private final String container;

  /** For a container that does not exist: {@code new ContainerNotFoundException("db", "No such container: db", null)}. */
  public ContainerNotFoundException(String container, String message, Throwable cause) {
    super(message, cause);
    this.container = container;
  }

  /** With Docker's message: {@code No such container: ID}. */
  public ContainerNotFoundException(String container) {
    this(container, "No such container: " + container, null);
  }

  /** The name or id that was not found. */
  public String container() {
    return container;
  }
}
