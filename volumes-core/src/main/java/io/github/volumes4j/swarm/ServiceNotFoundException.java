package io.github.volumes4j.swarm;

import io.github.volumes4j.VolumesException;

/**
 * No service has the name or id asked for.
 *
 * <pre>{@code
 * try { volumes.services().inspect("web"); } catch (ServiceNotFoundException e) { System.out.println(e.service()); }
 * }</pre>
 */
public class ServiceNotFoundException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** The service as the caller named it. */
  private final String service;

  /** With the daemon's message: {@code new ServiceNotFoundException("web", "service web not found", null)}. */
  public ServiceNotFoundException(String service, String message, Throwable cause) {
    super(message, cause);
    this.service = service;
  }

  /** With Docker's message: {@code service NAME not found}. */
  public ServiceNotFoundException(String service) {
    this(service, "service " + service + " not found", null);
  }

  /** The name or id that was not found: {@code e.service()}. */
  public String service() {
    return service;
  }
}
