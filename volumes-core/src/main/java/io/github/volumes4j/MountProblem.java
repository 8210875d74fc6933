package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One thing the daemon would refuse in a container spec, found before anything is created: the mount,
 * the value, the daemon's own wording, what to do, and whether Docker refuses it at create or only at start.
 *
 * <pre>{@code
 * for (MountProblem p : volumes.validate(spec)) {
 *   System.out.println(p.stage() + " " + p.value() + ": " + p.message() + "; " + p.advice());
 * }
 * }</pre>
 *
 * @see Volumes#validate(ContainerSpec)
 */
@Value.Immutable
@VolumesStyle
public abstract class MountProblem {

  MountProblem() {}

  /** When Docker refuses the spec: creating the container, or starting it (runc, the kernel, the local driver). */
  public enum Stage {
    /** {@code docker create} fails: nothing is made. */
    CREATE,
    /** {@code docker create} succeeds and {@code docker start} fails: a container is left behind. */
    START
  }

  /** The mount concerned; empty when the problem is the spec's, not one mount's (a {@code --volumes-from}). */
  public abstract Optional<MountSpec> mount();

  /** The offending value: a path, an option such as {@code uid=x}, a driver name. */
  public abstract String value();

  /** What the daemon says (its wording, with this spec's paths): {@code bind source path does not exist: /srv/x}. */
  public abstract String message();

  /** What to do about it: {@code create the directory, or mount it with -v, which creates it}. */
  public abstract String advice();

  /** When Docker would refuse: {@code p.stage() == MountProblem.Stage.START}. */
  public abstract Stage stage();

  /**
   * A problem: {@code MountProblem.of(mount, "/proc/x", "... cannot be mounted because it is inside /proc",
   * "mount elsewhere", MountProblem.Stage.START)}.
   */
  public static MountProblem of(MountSpec mount, String value, String message, String advice, Stage stage) {
    return ImmutableMountProblem.builder().mount(mount).value(value).message(message).advice(advice).stage(stage).build();
  }

  /** A problem of the spec rather than of one mount: {@code MountProblem.ofSpec("app", "...", "...", Stage.CREATE)}. */
  public static MountProblem ofSpec(String value, String message, String advice, Stage stage) {
    return ImmutableMountProblem.builder().value(value).message(message).advice(advice).stage(stage).build();
  }

  /** {@code START /proc/x: <message>; <advice>}. */
  @Override
  public String toString() {
    return stage() + " " + value() + ": " + message() + "; " + advice();
  }
}
