package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import org.immutables.value.Value;

/**
 * Something Docker accepts in a mount spec but that is likely not what was meant: the rule, the part of
 * the text, what Docker will do, and what to write instead. The parser never refuses these (Docker does
 * not); {@link MountSyntax#check(String)} reports them.
 *
 * <pre>{@code
 * for (MountWarning w : MountSyntax.VOLUME.check("data").warnings()) {
 *   System.out.println(w.rule() + " at '" + w.token() + "': " + w.message());
 * }
 * // anonymous-volume at 'data': Docker mounts an anonymous volume at data (below the container's root) ...
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class MountWarning {

  MountWarning() {}

  /** A stable identifier of the rule, for filters and lint reports: {@code anonymous-volume}. */
  public abstract String rule();

  /** The part of the text concerned: {@code data}, {@code consistency=fast}. */
  public abstract String token();

  /** What Docker will do with it, and what to write instead. */
  public abstract String message();

  /** A warning: {@code MountWarning.of("anonymous-volume", "data", "Docker mounts ...")}. */
  public static MountWarning of(String rule, String token, String message) {
    return ImmutableMountWarning.builder().rule(rule).token(token).message(message).build();
  }

  /** {@code rule 'token': message}. */
  @Override
  public String toString() {
    return rule() + " '" + token() + "': " + message();
  }
}
