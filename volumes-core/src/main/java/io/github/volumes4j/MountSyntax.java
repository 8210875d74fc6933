package io.github.volumes4j;

import io.github.volumes4j.internal.MountFormat;
import io.github.volumes4j.internal.MountParser;
import java.util.Objects;

/**
 * The docker CLI's mount syntaxes, read and written as the CLI and a Linux daemon read them:
 * {@code -v}/{@code --volume}, {@code --mount} and {@code --tmpfs}. ({@code --volumes-from} names
 * another container instead of a mount: {@link VolumesFrom#parse(String)}.)
 *
 * <pre>{@code
 * MountSpec data = MountSyntax.VOLUME.parse("pgdata:/var/lib/postgresql/data:ro");
 * MountSpec cfg  = MountSyntax.MOUNT.parse("type=bind,src=/etc/app,dst=/config,readonly");
 * MountSpec run  = MountSyntax.TMPFS.parse("/run:size=64m,mode=1777,noexec");
 * String text    = MountSyntax.MOUNT.format(data);   // type=volume,source=pgdata,target=/var/lib/postgresql/data,readonly
 * MountSpec any  = MountSyntax.ofFlag("--volume").parse(argFromACommandLine);
 * }</pre>
 *
 * <p>{@code s.parse(s.format(m)).equals(m)} for every value the syntax can express
 * ({@link #canWrite(MountSpec)}). One exception: {@code -v} always creates a missing bind source, so a
 * bind read from {@code -v} has {@link BindMount#createMountpoint()} {@code true}, and
 * {@code VOLUME.format} writes a bind the same whatever that flag says.
 *
 * <p>What each syntax cannot express: {@code -v} has no tmpfs, subpath, volume driver, labels,
 * driver options, {@code bind-recursive}, modes on an anonymous volume, or {@code consistency=default};
 * {@code --mount} has no SELinux relabelling and no tmpfs options other than size and mode;
 * {@code --tmpfs} has only tmpfs mounts and no consistency. {@link #format(MountSpec)} refuses those
 * with {@link IllegalArgumentException} (a caller's choice of syntax, not bad input), while
 * {@link #parse(String)} reports any text it cannot accept with {@link InvalidMountSpecException}.
 */
public enum MountSyntax {

  /** {@code -v} / {@code --volume}: {@code [source:]target[:options]}. */
  VOLUME("-v"),
  /** {@code --mount}: comma-separated {@code key=value} fields, CSV-quoted. */
  MOUNT("--mount"),
  /** {@code --tmpfs}: {@code target[:options]}. */
  TMPFS("--tmpfs");

  private final String flag;

  MountSyntax(String flag) {
    this.flag = flag;
  }

  /**
   * The flag as the docker CLI spells it.
   *
   * <pre>{@code
   * MountSyntax.VOLUME.flag();   // "-v"
   * }</pre>
   */
  public String flag() {
    return flag;
  }

  /**
   * The syntax of a docker CLI flag: {@code -v}, {@code --volume}, {@code --mount} or {@code --tmpfs}.
   *
   * <pre>{@code
   * MountSyntax s = MountSyntax.ofFlag("--volume");   // VOLUME
   * }</pre>
   *
   * @throws IllegalArgumentException naming the flag and the four that exist, for anything else
   */
  public static MountSyntax ofFlag(String flag) {
    Objects.requireNonNull(flag, "flag == null");
    return switch (MountFormat.Flag.of(flag)) {
      case VOLUME -> VOLUME;
      case MOUNT -> MOUNT;
      case TMPFS -> TMPFS;
    };
  }

  /**
   * Reads a mount as {@code docker run} reads the value of this flag, for a Linux daemon, with
   * relative bind sources ({@code .}, {@code ./x}, {@code ../x}) resolved against this JVM's working
   * directory.
   *
   * <pre>{@code
   * MountSpec m = MountSyntax.VOLUME.parse("./conf:/etc/app:ro");   // a bind of <cwd>/conf
   * }</pre>
   *
   * @throws InvalidMountSpecException for any text Docker would refuse (and a few it would accept but
   *     this model cannot hold), naming the value, the offending part and its position; never another
   *     exception for a non-null value
   */
  public MountSpec parse(String value) {
    return MountParser.parse(flag, value, ParseOptions.defaults());
  }

  /**
   * Like {@link #parse(String)}, with a base directory for relative sources and the daemon's OS.
   *
   * <pre>{@code
   * MountSpec m = MountSyntax.VOLUME.parse("c:\\data:c:\\app", ParseOptions.defaults().withDaemonOs(DaemonOs.WINDOWS));
   * }</pre>
   */
  public MountSpec parse(String value, ParseOptions options) {
    return MountParser.parse(flag, value, options);
  }

  /**
   * Parses as {@link #parse(String)} does, and also says what Docker accepts here but was likely not meant
   * (a colon-less {@code -v} value that makes an anonymous volume, a consistency a Linux daemon ignores, tmpfs
   * mode bits the kernel drops, relabelling a system directory, binding the whole host).
   *
   * <pre>{@code
   * ParsedMount p = MountSyntax.VOLUME.check("data");
   * p.warnings();   // [anonymous-volume 'data': Docker mounts an anonymous volume at data ...]
   * }</pre>
   *
   * @throws InvalidMountSpecException for text Docker refuses, as {@link #parse(String)}
   */
  public ParsedMount check(String value) {
    return check(value, ParseOptions.defaults());
  }

  /** Like {@link #check(String)}, with a base directory and the daemon's OS: {@code VOLUME.check("./x:/x", options)}. */
  public ParsedMount check(String value, ParseOptions options) {
    MountSpec m = parse(value, options);
    return ParsedMount.of(m, io.github.volumes4j.internal.MountWarnings.of(flag, value, m, options.daemonOs()));
  }

  /**
   * Writes a mount in this syntax, such that {@link #parse(String)} gives it back.
   *
   * <pre>{@code
   * MountSyntax.MOUNT.format(VolumeMount.of("pgdata", "/data").withReadOnly(true));   // type=volume,source=pgdata,target=/data,readonly
   * }</pre>
   *
   * @throws IllegalArgumentException if the syntax cannot express the mount (see {@link #canWrite}),
   *     naming the attribute and a flag that can
   */
  public String format(MountSpec mount) {
    return MountFormat.format(mount, flag);
  }

  /**
   * Whether {@link #format(MountSpec)} can write the mount. Engines use {@code VOLUME.canWrite(m)} to
   * decide whether a mount can travel in {@code HostConfig.Binds} (which every API version understands,
   * and which creates a missing bind source) rather than {@code HostConfig.Mounts}; for a bind it does
   * not depend on {@link BindMount#createMountpoint()}.
   *
   * <pre>{@code
   * boolean binds = MountSyntax.VOLUME.canWrite(mount);
   * }</pre>
   */
  public boolean canWrite(MountSpec mount) {
    return MountFormat.expressibleAs(mount, flag);
  }
}
