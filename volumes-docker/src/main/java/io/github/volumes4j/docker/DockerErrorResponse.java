package io.github.volumes4j.docker;

/**
 * The daemon's own answer to a failed request, kept as the cause of the {@code VolumesException} that
 * {@link DockerEngine} throws: the HTTP status, the request line and the daemon's message.
 *
 * <pre>{@code
 * try { engine.inspectVolume("nope"); }
 * catch (VolumeNotFoundException e) {
 *   DockerErrorResponse r = (DockerErrorResponse) e.getCause();
 *   System.out.println(r.status() + " " + r.daemonMessage());   // 404 get nope: no such volume
 * }
 * }</pre>
 */
public final class DockerErrorResponse extends Exception {
  private static final long serialVersionUID = 1L;

  /** The HTTP status. */
  private final int status;
  /** The HTTP method. */
  private final String method;
  /** The request path. */
  private final String path;
  /** The daemon's message, secrets masked. */
  private final String daemonMessage;

  /** Built by the engine; secrets in the daemon's message are already masked. */
  public DockerErrorResponse(int status, String method, String path, String daemonMessage) {
    super("HTTP " + status + " from " + method + " " + path + ": " + daemonMessage);
    this.status = status;
    this.method = method;
    this.path = path;
    this.daemonMessage = daemonMessage;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The HTTP method of the request. */
  public String method() {
    return method;
  }

  /** The request path, with the API version prefix and query. */
  public String path() {
    return path;
  }

  /** The {@code message} of the daemon's JSON answer (or its body as text). */
  public String daemonMessage() {
    return daemonMessage;
  }
}
