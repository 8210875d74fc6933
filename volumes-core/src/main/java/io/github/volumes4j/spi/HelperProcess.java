package io.github.volumes4j.spi;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A started helper container and its streams ({@link VolumeEngine#startHelper}). Closing it removes
 * the container, killed first if it still runs, whatever state the streams are in.
 *
 * <pre>{@code
 * try (HelperProcess p = engine.startHelper(spec, HelperIo.attached())) {
 *   p.stdin().close();                       // no input
 *   byte[] out = p.stdout().readAllBytes();
 *   int code = p.waitFor();
 * }
 * }</pre>
 */
public interface HelperProcess extends AutoCloseable {

  /**
   * The container's id.
   *
   * <pre>{@code
   * String id = p.id();
   * }</pre>
   *
   * @return the id
   */
  String id();

  /**
   * The helper's standard output (with a port: what it writes to the connection after its ready line).
   *
   * <pre>{@code
   * p.stdout().transferTo(out);
   * }</pre>
   *
   * @return the output stream of the helper, read by the caller
   */
  InputStream stdout();

  /**
   * The helper's standard input; closing it ends the input (the helper reads end of file), the
   * output stays open.
   *
   * <pre>{@code
   * try (OutputStream in = p.stdin()) { tar.writeTo(in); }
   * }</pre>
   *
   * @return the input stream of the helper, written by the caller
   */
  OutputStream stdin();

  /**
   * Waits for the helper to exit.
   *
   * <pre>{@code
   * if (p.waitFor() != 0) { throw new IllegalStateException(p.stderr()); }
   * }</pre>
   *
   * @return its exit code
   */
  int waitFor();

  /**
   * What the helper wrote to its standard error so far (at most 64 KiB, the start kept).
   *
   * <pre>{@code
   * String err = p.stderr();
   * }</pre>
   *
   * @return the text
   */
  String stderr();

  /**
   * How the streams travel, for results and logs: {@code attach}, or {@code tcp 127.0.0.1:49153}.
   *
   * <pre>{@code
   * String how = p.transport();
   * }</pre>
   *
   * @return a short description
   */
  String transport();

  /**
   * Removes the helper (killed first if it runs) and closes its streams; never throws.
   *
   * <pre>{@code
   * p.close();
   * }</pre>
   */
  @Override
  void close();
}
