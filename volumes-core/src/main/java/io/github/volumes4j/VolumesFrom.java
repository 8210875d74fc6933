package io.github.volumes4j;

import io.github.volumes4j.internal.MountParser;
import io.github.volumes4j.internal.VolumesStyle;
import org.immutables.value.Value;

/**
 * Mount every volume and bind mount of another container ({@code --volumes-from name[:ro|:rw]}).
 *
 * <pre>{@code
 * VolumesFrom fromWriter = VolumesFrom.of("writer").withReadOnly(true);   // --volumes-from writer:ro
 * }</pre>
 *
 * <p>Without a mode each mount keeps the mode it has in the other container; {@code ro} makes all
 * of them read-only. {@code rw} is kept as written, but the Docker daemon treats it as "no mode": a
 * mount that is read-only in the other container stays read-only (Docker's reference says
 * {@code :rw} changes the mode; the daemon computes {@code RW = source RW && mode is rw}). A mount of
 * the new container with the same target wins.
 */
@Value.Immutable
@VolumesStyle
public abstract class VolumesFrom implements WithVolumesFrom {

  VolumesFrom() {}

  /** The container's name or id. */
  public abstract String container();

  /** {@code true} for {@code :ro}, {@code false} for {@code :rw}; empty keeps each mount's own mode. */
  public abstract java.util.Optional<Boolean> readOnly();

  /**
   * The SELinux relabelling asked with {@code :z} or {@code :Z}, applied by the daemon to the volumes
   * taken over (a daemon without SELinux ignores it).
   *
   * <pre>{@code
   * VolumesFrom.parse("seed:ro,z").selinuxLabel();  // Optional[SHARED]
   * }</pre>
   *
   * @return the label, or empty
   */
  public abstract java.util.Optional<SelinuxLabel> selinuxLabel();

  @Value.Check
  final void check() {
    if (container().isEmpty()) {
      throw new IllegalArgumentException("volumes-from needs a container name or id");
    }
  }

  /**
   * Reads {@code --volumes-from} text: {@code container[:ro|:rw]}.
   *
   * <pre>{@code
   * VolumesFrom v = VolumesFrom.parse("seed:ro");
   * }</pre>
   *
   * @throws InvalidMountSpecException for text Docker refuses (empty, propagation or nocopy modes)
   *     and for the modes Docker accepts but this model does not hold ({@code z}, {@code Z}, consistency)
   */
  public static VolumesFrom parse(String value) {
    MountParser.VolumesFromText t = MountParser.parseVolumesFrom(value);
    return ImmutableVolumesFrom.builder().container(t.container()).readOnly(t.readOnly()).selinuxLabel(t.label()).build();
  }

  /** Writes the value back as {@code --volumes-from} text; {@code parse(format())} gives it back. */
  public String format() {
    String mode = readOnly().map(ro -> ro ? "ro" : "rw").orElse("");
    if (selinuxLabel().isPresent()) {
      mode = (mode.isEmpty() ? "" : mode + ",") + (selinuxLabel().get() == SelinuxLabel.SHARED ? "z" : "Z");
    }
    return container() + (mode.isEmpty() ? "" : ":" + mode);
  }

  /** The mounts of a container, each in its own mode. */
  public static VolumesFrom of(String container) {
    return ImmutableVolumesFrom.builder().container(container).build();
  }
}
