package io.github.volumes4j;

import java.util.Locale;

/**
 * Mount consistency, a hint for Docker Desktop file sharing; Linux daemons accept and ignore it.
 *
 * <pre>{@code
 * BindMount.of(Path.of("/src"), "/app").withConsistency(Consistency.CACHED);
 * }</pre>
 */
public enum Consistency {
  DEFAULT, CONSISTENT, CACHED, DELEGATED;

  /** The spelling in {@code -v} modes and {@code --mount consistency=}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
