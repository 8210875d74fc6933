package io.github.volumes4j;

import io.github.volumes4j.internal.MountFormat;
import io.github.volumes4j.internal.MountParser;
import java.util.Optional;

/**
 * One mount of a container: a named or anonymous volume, a bind mount of a host path, or a tmpfs.
 *
 * <pre>{@code
 * MountSpec data = VolumeMount.of("pgdata", "/var/lib/postgresql/data");
 * MountSpec src = BindMount.of(Path.of("/srv/app"), "/app").withReadOnly(true);
 * MountSpec scratch = TmpfsMount.at("/scratch").withSizeBytes(64 << 20);
 * }</pre>
 *
 * <p>Values are immutable and validated when built: the target must be an absolute container path
 * other than {@code /}. Rules that need the whole set of mounts of a container (duplicate targets)
 * or a daemon version (fields added in later Engine API versions) are checked when the set is
 * validated or the container is created.
 *
 * <h2>Syntaxes</h2>
 * {@link #parse(String, String)} reads the values of the docker CLI's {@code -v}/{@code --volume},
 * {@code --mount} and {@code --tmpfs} flags as the CLI and a Linux daemon read them, and
 * {@link #format(String)} writes a value back: {@code parse(flag, m.format(flag)).equals(m)} for
 * every value the syntax can express ({@link #expressibleAs(String)}). One exception: {@code -v}
 * always creates a missing bind source, so a bind read from {@code -v} has
 * {@link BindMount#createMountpoint()} {@code true}, and {@code format("-v")} writes a bind the
 * same whatever that flag says (the round trip gives {@code createMountpoint = true}).
 *
 * <p>What each syntax cannot express: {@code -v} has no tmpfs, subpath, volume driver, labels,
 * driver options, {@code bind-recursive}, modes on an anonymous volume, or {@code consistency=default};
 * {@code --mount} has no SELinux relabelling and no tmpfs options other than size and mode;
 * {@code --tmpfs} has only tmpfs mounts and no consistency. {@code format} refuses those with
 * {@link IllegalArgumentException} (a caller's choice of syntax, not bad input), while
 * {@code parse} reports any text it cannot accept with {@link InvalidMountSpecException}.
 */
public sealed interface MountSpec permits VolumeMount, BindMount, TmpfsMount {

  /** The absolute path inside the container where the mount appears. */
  String target();

  /** Whether the container sees the mount read-only. */
  boolean readOnly();

  /** The consistency requirement ({@code consistent}, {@code cached}, {@code delegated}); Linux ignores it. */
  Optional<Consistency> consistency();

  /** The kind of mount, as the Engine API names it. */
  MountType type();

  /**
   * Reads a mount as {@code docker run} reads the value of {@code flag} ({@code -v},
   * {@code --volume}, {@code --mount} or {@code --tmpfs}), for a Linux daemon, with relative bind
   * sources ({@code .}, {@code ./x}, {@code ../x}) resolved against this JVM's working directory.
   *
   * <pre>{@code
   * MountSpec data = MountSpec.parse("-v", "pgdata:/var/lib/postgresql/data:ro");
   * MountSpec cfg = MountSpec.parse("--mount", "type=bind,src=/etc/app,dst=/config,readonly");
   * MountSpec run = MountSpec.parse("--tmpfs", "/run:size=64m,mode=1777,noexec");
   * }</pre>
   *
   * @throws InvalidMountSpecException for any text Docker would refuse (and a few it would accept
   *     but this model cannot hold); never another exception for a non-null value
   * @throws IllegalArgumentException if {@code flag} is not one of the four flags
   */
  static MountSpec parse(String flag, String value) {
    return MountParser.parse(flag, value, ParseOptions.defaults());
  }

  /** Like {@link #parse(String, String)}, with a base directory for relative sources and the daemon's OS. */
  static MountSpec parse(String flag, String value, ParseOptions options) {
    return MountParser.parse(flag, value, options);
  }

  /**
   * Writes this mount as the value of {@code flag}, such that {@code parse(flag, result)} gives it
   * back (see the class comment for {@code -v} and {@code createMountpoint}).
   *
   * <pre>{@code
   * VolumeMount.of("pgdata", "/data").withReadOnly(true).format("--mount");  // type=volume,source=pgdata,target=/data,readonly
   * }</pre>
   *
   * @throws IllegalArgumentException if the syntax cannot express this mount (see
   *     {@link #expressibleAs(String)}), naming the attribute and a flag that can, or if the flag is unknown
   */
  default String format(String flag) {
    return MountFormat.format(this, flag);
  }

  /**
   * Whether {@link #format(String)} can write this mount with {@code flag}. Engines use
   * {@code expressibleAs("-v")} to decide whether a mount can travel in {@code HostConfig.Binds}
   * (which every API version understands, and which creates a missing bind source) rather than
   * {@code HostConfig.Mounts}; for a bind it does not depend on {@link BindMount#createMountpoint()}.
   *
   * <pre>{@code
   * boolean binds = mount.expressibleAs("-v");
   * }</pre>
   */
  default boolean expressibleAs(String flag) {
    return MountFormat.expressibleAs(this, flag);
  }
}
