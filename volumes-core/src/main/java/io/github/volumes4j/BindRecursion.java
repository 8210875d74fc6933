package io.github.volumes4j;

/**
 * How a bind mount treats sub-mounts of its source, the {@code bind-recursive} key of {@code --mount}.
 *
 * <pre>{@code
 * BindMount.of(Path.of("/mnt"), "/mnt").withReadOnly(true).withRecursion(BindRecursion.READONLY);
 * }</pre>
 */
public enum BindRecursion {
  /** Sub-mounts are mounted too, and read-only when the mount is read-only (needs API 1.44 for that). */
  ENABLED("enabled"),
  /** Sub-mounts are not mounted ({@code BindOptions.NonRecursive}). */
  DISABLED("disabled"),
  /** Sub-mounts are mounted but stay writable in a read-only mount ({@code ReadOnlyNonRecursive}, API 1.44). */
  WRITABLE("writable"),
  /** Sub-mounts are read-only, or the mount fails ({@code ReadOnlyForceRecursive}, API 1.44). */
  READONLY("readonly");

  private final String cliName;

  BindRecursion(String cliName) {
    this.cliName = cliName;
  }

  /** The spelling of {@code --mount bind-recursive=}. */
  public String cliName() {
    return cliName;
  }
}
