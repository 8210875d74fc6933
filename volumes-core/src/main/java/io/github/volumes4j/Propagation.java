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
  PRIVATE, RPRIVATE, SHARED, RSHARED, SLAVE, RSLAVE;

  /** The Engine API's spelling: {@code rprivate}, ... */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
