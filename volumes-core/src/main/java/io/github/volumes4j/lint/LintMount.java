package io.github.volumes4j.lint;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import java.util.Optional;
import java.util.Set;

/**
 * One mount to lint: the value, the text and flag it was written as if it was written, where it was written, and
 * the rules suppressed for it in place.
 *
 * <pre>{@code
 * LintMount m = LintMount.parse("-v /var/run/docker.sock:/var/run/docker.sock");
 * LintMount n = LintMount.of(VolumeMount.anonymous("/var/lib/postgresql/data"))
 *     .at(new SourceLocation("compose.yaml", 7, 9));
 * }</pre>
 *
 * @param spec the mount
 * @param flag the docker CLI flag the text was read from ({@code -v}, {@code --mount}, {@code --tmpfs}), if any
 * @param text the value as written, if it was written
 * @param location where it was written, if known
 * @param suppressed ids or names of rules suppressed for this mount in place
 */
public record LintMount(MountSpec spec, Optional<String> flag, Optional<String> text, Optional<SourceLocation> location,
    Set<String> suppressed) {

  /**
   * Checks the parts and copies the set.
   *
   * <pre>{@code
   * new LintMount(spec, Optional.of("-v"), Optional.of("data:/data"), Optional.empty(), Set.of());
   * }</pre>
   */
  public LintMount {
    requireNonNull(spec, "spec == null");
    requireNonNull(flag, "flag == null");
    requireNonNull(text, "text == null");
    requireNonNull(location, "location == null");
    suppressed = Set.copyOf(suppressed);
  }

  /**
   * A mount built in code, with no text and no location.
   *
   * <pre>{@code
   * LintMount m = LintMount.of(TmpfsMount.at("/run").withOptions("exec"));
   * }</pre>
   */
  public static LintMount of(MountSpec spec) {
    return new LintMount(spec, Optional.empty(), Optional.empty(), Optional.empty(), Set.of());
  }

  /**
   * A mount written as a docker CLI argument: the flag ({@code -v}, {@code --volume}, {@code --mount},
   * {@code --tmpfs}), a space or {@code =}, and the value, read as {@code docker run} reads it.
   *
   * <pre>{@code
   * LintMount.parse("-v x:/data");                              // the named volume "x", not drive X:
   * LintMount.parse("--mount=type=tmpfs,dst=/run,tmpfs-size=1m");
   * }</pre>
   *
   * @throws InvalidMountSpecException when Docker refuses the value, naming it and what is wrong
   * @throws IllegalArgumentException when the text does not start with one of the four flags
   */
  public static LintMount parse(String argument) {
    String a = argument.strip();
    int cut = -1;
    for (int i = 0; i < a.length(); i++) {
      if (a.charAt(i) == ' ' || a.charAt(i) == '=') {
        cut = i;
        break;
      }
    }
    if (cut < 0 || !a.startsWith("-")) {
      throw new IllegalArgumentException("'" + argument + "' is not a docker CLI mount argument; write the flag and"
          + " the value, as in: -v data:/data, --mount type=volume,src=data,dst=/data, --tmpfs /run");
    }
    String flag = a.substring(0, cut);
    String value = a.substring(cut + 1).strip();
    MountSyntax syntax = MountSyntax.ofFlag(flag);
    return new LintMount(syntax.parse(value), Optional.of(syntax.flag()), Optional.of(value), Optional.empty(),
        Set.of());
  }

  /** The same mount written at a place: {@code m.at(new SourceLocation("compose.yaml", 3, 7))}. */
  public LintMount at(SourceLocation where) {
    return new LintMount(spec, flag, text, Optional.of(where), suppressed);
  }

  /** The same mount with rules suppressed in place: {@code m.suppressing(Set.of("VOL007"))}. */
  public LintMount suppressing(Set<String> rules) {
    return new LintMount(spec, flag, text, location, rules);
  }
}
