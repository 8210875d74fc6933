package io.github.volumes4j;

/**
 * SELinux relabelling of a bind source, the {@code z} and {@code Z} modes of {@code -v}.
 *
 * <pre>{@code
 * BindMount.of(Path.of("/srv/data"), "/data").withSelinuxLabel(SelinuxLabel.PRIVATE); // :Z
 * }</pre>
 *
 * <p>Only the {@code -v} syntax (the Engine API's {@code HostConfig.Binds}) can express it.
 */
public enum SelinuxLabel {
  /** {@code z}: the content is shared among containers. */
  SHARED("z"),
  /** {@code Z}: the content is private to this container. */
  PRIVATE("Z");

  private final String mode;

  SelinuxLabel(String mode) {
    this.mode = mode;
  }

  /** The {@code -v} mode letter. */
  public String mode() {
    return mode;
  }
}
