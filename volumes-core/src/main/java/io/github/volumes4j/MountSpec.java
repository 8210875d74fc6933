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
}
