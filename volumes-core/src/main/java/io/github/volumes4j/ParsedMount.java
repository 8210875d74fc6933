package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import org.immutables.value.Value;

/**
 * A mount spec as Docker reads it, with the warnings about what it probably did not mean
 * ({@link MountSyntax#check(String)}).
 *
 * <pre>{@code
 * ParsedMount p = MountSyntax.MOUNT.check("type=volume,src=data,dst=/data,consistency=fast");
 * MountSpec m = p.mount();                 // what Docker mounts
 * p.warnings().forEach(System.out::println); // consistency-ignored 'consistency=fast': ...
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class ParsedMount {

  ParsedMount() {}

  /** The value, exactly as {@link MountSyntax#parse(String)} gives it. */
  public abstract MountSpec mount();

  /** What Docker accepts here but likely was not meant; empty for a plain spec. */
  public abstract List<MountWarning> warnings();

  /** A result: {@code ParsedMount.of(mount, List.of())}. */
  public static ParsedMount of(MountSpec mount, List<MountWarning> warnings) {
    return ImmutableParsedMount.builder().mount(mount).warnings(warnings).build();
  }
}
