package io.github.volumes4j;

import org.immutables.value.Value;

/**
 * Mount every volume and bind mount of another container ({@code --volumes-from name[:ro|:rw]}).
 *
 * <pre>{@code
 * VolumesFrom fromWriter = VolumesFrom.of("writer").withReadOnly(true);   // --volumes-from writer:ro
 * }</pre>
 *
 * <p>Without a mode each mount keeps the mode it has in the other container; {@code ro} or
 * {@code rw} applies to all of them. A mount of the new container with the same target wins.
 */
@Value.Immutable
@VolumesStyle
public abstract class VolumesFrom implements WithVolumesFrom {

  VolumesFrom() {}

  /** The container's name or id. */
  public abstract String container();

  /** {@code true} for {@code :ro}, {@code false} for {@code :rw}; empty keeps each mount's own mode. */
  public abstract java.util.Optional<Boolean> readOnly();

  @Value.Check
  final void check() {
    if (container().isEmpty()) {
      throw new IllegalArgumentException("volumes-from needs a container name or id");
    }
  }

  /** The mounts of a container, each in its own mode. */
  public static VolumesFrom of(String container) {
    return ImmutableVolumesFrom.builder().container(container).build();
  }
}
