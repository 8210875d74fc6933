package io.github.volumes4j.compose;

import io.github.volumes4j.VolumesException;
import io.github.volumes4j.lint.SourceLocation;
import java.util.Objects;
import java.util.Optional;

/**
 * A compose file that {@code docker compose} would refuse, or that cannot be read: the message names the file, line and
 * column, the offending value and what to do; nothing has been created.
 *
 * <pre>{@code
 * try {
 *   Compose.load(Path.of("compose.yaml"));
 * } catch (InvalidComposeFileException e) {
 *   System.err.println(e.getMessage());   // compose.yaml:7:11: services.web.volumes[0]: invalid spec ...
 *   e.location();                         // Optional[compose.yaml:7:11]
 * }
 * }</pre>
 */
public class InvalidComposeFileException extends VolumesException {

  private static final long serialVersionUID = 1L;

  private final transient SourceLocation location;
  /** The offending value as written. */
  private final String value;

  /**
   * An exception with where and what.
   *
   * <pre>{@code
   * throw new InvalidComposeFileException("compose.yaml:3:5: ...", Optional.of(at), "ab:cd:ef:gh", null);
   * }</pre>
   *
   * @param message the whole message, starting with the place
   * @param location where the offending value was written, if known
   * @param value the offending value as written
   * @param cause the underlying error, or null
   */
  public InvalidComposeFileException(String message, Optional<SourceLocation> location, String value, Throwable cause) {
    super(message, cause);
    this.location = location.orElse(null);
    this.value = Objects.requireNonNull(value, "value == null");
  }

  /** Where the offending value was written, if known: {@code e.location().map(SourceLocation::line)}. */
  public Optional<SourceLocation> location() {
    return Optional.ofNullable(location);
  }

  /** The offending value as written: {@code e.value()}. */
  public String value() {
    return value;
  }
}
