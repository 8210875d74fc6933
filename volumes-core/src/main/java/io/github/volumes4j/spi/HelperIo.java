package io.github.volumes4j.spi;

import java.util.Objects;

/**
 * How the caller talks to a started helper ({@link VolumeEngine#startHelper}): through the
 * container's attached standard streams, or through a TCP port the helper listens on, published by
 * the engine and reached by the caller.
 *
 * <pre>{@code
 * HelperIo io = HelperIo.attached();
 * HelperIo fast = HelperIo.port(7000, "token\n", "ready\n");
 * }</pre>
 *
 * <p>With a port, the engine connects (again, while the helper is not listening yet), sends
 * {@link #greeting()} and waits for {@link #ready()}; only then does {@link HelperProcess#stdout()}
 * begin. The helper must answer a wrong greeting by closing the connection, so that a stranger who
 * connects first gets nothing.
 */
public final class HelperIo {

  private final int port;
  private final String greeting;
  private final String ready;

  private HelperIo(int port, String greeting, String ready) {
    this.port = port;
    this.greeting = greeting;
    this.ready = ready;
  }

  /**
   * The container's standard streams, attached before it starts.
   *
   * <pre>{@code
   * HelperIo io = HelperIo.attached();
   * }</pre>
   *
   * @return the attached streams
   */
  public static HelperIo attached() {
    return new HelperIo(0, "", "");
  }

  /**
   * A TCP port the helper listens on (1 to 65535), published on the daemon's host.
   *
   * <pre>{@code
   * HelperIo io = HelperIo.port(7000, "s3cret\n", "ready\n");
   * }</pre>
   *
   * @param port the container port the helper listens on
   * @param greeting what the caller sends first (a secret the helper checks)
   * @param ready what the helper answers before its data
   * @return a port-based exchange
   */
  public static HelperIo port(int port, String greeting, String ready) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not a TCP port; give 1 to 65535");
    }
    if (Objects.requireNonNull(greeting, "greeting").isEmpty() || Objects.requireNonNull(ready, "ready").isEmpty()) {
      throw new IllegalArgumentException("a port exchange needs a greeting and a ready line");
    }
    return new HelperIo(port, greeting, ready);
  }

  /**
   * Whether the streams are attached.
   *
   * <pre>{@code
   * assert HelperIo.attached().isAttached();
   * }</pre>
   *
   * @return true for {@link #attached()}
   */
  public boolean isAttached() {
    return port == 0;
  }

  /**
   * The container port; 0 when attached.
   *
   * <pre>{@code
   * int p = HelperIo.port(7000, "t\n", "r\n").port();
   * }</pre>
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * What the caller sends first; empty when attached.
   *
   * <pre>{@code
   * String g = io.greeting();
   * }</pre>
   *
   * @return the greeting
   */
  public String greeting() {
    return greeting;
  }

  /**
   * What the helper answers before its data; empty when attached.
   *
   * <pre>{@code
   * String r = io.ready();
   * }</pre>
   *
   * @return the ready line
   */
  public String ready() {
    return ready;
  }

  /** Says which exchange, never the greeting (it is a secret). */
  @Override
  public String toString() {
    return isAttached() ? "attached" : "port " + port;
  }
}
