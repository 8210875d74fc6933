package io.github.volumes4j;

import java.util.Locale;

/**
 * Bind propagation, as in {@code -v /src:/dst:rshared} or {@code --mount bind-propagation=rshared}.
 *
 * <pre>{@code
 * BindMount.of(Path.of("/mnt"), "/mnt").withPropagation(Propagation.RSLAVE);
 * }</pre>
 */
public enum Propagation {
  /** Mounts do not propagate either way. */
  PRIVATE,
  /** Like {@code private}, for submounts too (the default). */
  RPRIVATE,
  /** Mounts propagate both ways. */
  SHARED,
  /** Like {@code shared}, for submounts too. */
  RSHARED,
  /** Mounts propagate from the host into the container only. */
  SLAVE,
  /** Like {@code slave}, for submounts too. */
  RSLAVE;

  /** The Engine API's spelling: {@code rprivate}, ... */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
