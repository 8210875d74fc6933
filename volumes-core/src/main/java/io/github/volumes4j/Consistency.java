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
  /** {@code consistency=default}: the platform's choice. */
  DEFAULT,
  /** {@code consistent}: host and container always agree. */
  CONSISTENT,
  /** {@code cached}: the host's view is authoritative; the container may lag. */
  CACHED,
  /** {@code delegated}: the container's view is authoritative; the host may lag. */
  DELEGATED;

  /** The spelling in {@code -v} modes and {@code --mount consistency=}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
