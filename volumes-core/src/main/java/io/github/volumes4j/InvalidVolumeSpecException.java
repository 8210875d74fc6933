package io.github.volumes4j;

/**
 * The engine refuses a volume as specified: an invalid name, unknown driver options, a bad filter.
 *
 * <pre>{@code
 * try { volumes.create(VolumeSpec.named("x!")); }
 * catch (InvalidVolumeSpecException e) { System.out.println(e.value() + ": " + e.getMessage()); }
 * }</pre>
 */
public class InvalidVolumeSpecException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** The value refused. */
  private final String value;

  /** For a volume value Docker refuses: {@code new InvalidVolumeSpecException("a", "volume name is too short", null)}. */
  public InvalidVolumeSpecException(String value, String message, Throwable cause) {
    super(message, cause);
    this.value = value;
  }

  /** Like the three-argument constructor, without a cause. */
  public InvalidVolumeSpecException(String value, String message) {
    this(value, message, null);
  }

  /** The offending value (a name, an option, a filter). */
  public String value() {
    return value;
  }
}
