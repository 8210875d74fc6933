package io.github.volumes4j;

import java.util.OptionalInt;

/**
 * A mount spec that Docker would refuse: the whole input, the offending token, its position.
 *
 * <pre>{@code
 * try { MountSyntax.VOLUME.parse("/data:ro"); }
 * catch (InvalidMountSpecException e) {
 *   System.out.println(e.input() + " at " + e.position() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class InvalidMountSpecException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** The whole text that was read. */
  private final String input;
  /** The part of it that is wrong. */
  private final String token;
  /** Where that part starts in the text, or -1. */
  private final int position;

  /** For text that cannot be read: {@code new InvalidMountSpecException("/data:rx", "rx", 6, "invalid mode: rx", null)}. */
  public InvalidMountSpecException(String input, String token, int position, String message, Throwable cause) {
    super(message, cause);
    this.input = input;
    this.token = token;
    this.position = position;
  }

  /** Like the five-argument constructor, without a cause. */
  public InvalidMountSpecException(String input, String token, int position, String message) {
    this(input, token, position, message, null);
  }

  /** The whole text that was read (or the mount value that was built). */
  public String input() {
    return input;
  }

  /** The offending part of the input; empty when the input as a whole is at fault. */
  public String token() {
    return token;
  }

  /** The 0-based position of {@link #token()} in {@link #input()}, when known. */
  public OptionalInt position() {
    return position < 0 ? OptionalInt.empty() : OptionalInt.of(position);
  }
}
