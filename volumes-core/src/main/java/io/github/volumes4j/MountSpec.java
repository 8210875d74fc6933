package io.github.volumes4j;

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
 * {@link MountSyntax} reads and writes the docker CLI's {@code -v}, {@code --mount} and
 * {@code --tmpfs} values: {@code MountSyntax.VOLUME.parse("pgdata:/data:ro")}.
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
   * The docker CLI flag this value was read from, if it was parsed. It decides the request fields the
   * mount travels in, as the CLI's: {@code -v} in {@code HostConfig.Binds} (an anonymous {@code -v /x} in
   * {@code Config.Volumes}), {@code --tmpfs} in {@code HostConfig.Tmpfs}, {@code --mount} and values built in
   * code in {@code HostConfig.Mounts}. Docker treats the fields differently (recorded on 20.10): a
   * {@code -v /x} anonymous volume is kept by {@code docker rm -v} while a {@code --volumes-from} user still
   * has it, a {@code --mount} one is not; a {@code --tmpfs} tmpfs is not passed on to {@code --volumes-from}
   * users, a {@code --mount} one breaks them. Not part of equality: {@code MountSyntax.VOLUME.parse("/x")}
   * equals {@code VolumeMount.anonymous("/x")}.
   *
   * <pre>{@code
   * MountSyntax.VOLUME.parse("/cache").origin();                     // Optional[VOLUME_FLAG]
   * VolumeMount.anonymous("/cache").origin();                        // Optional.empty: travels in Mounts
   * VolumeMount.anonymous("/cache").withOrigin(MountSpec.Origin.VOLUME_FLAG);  // sent as docker run -v /cache
   * }</pre>
   *
   * @return the flag it was read from, or empty for a value built in code
   */
  Optional<Origin> origin();

  /**
   * The docker CLI flag a mount was read from ({@link #origin()}).
   *
   * <pre>{@code
   * MountSpec.Origin o = MountSyntax.TMPFS.parse("/run").origin().orElseThrow();  // TMPFS_FLAG
   * }</pre>
   */
  enum Origin {
    /** {@code -v} / {@code --volume}. */
    VOLUME_FLAG,
    /** {@code --mount}. */
    MOUNT_FLAG,
    /** {@code --tmpfs}. */
    TMPFS_FLAG
  }
}
