package io.github.volumes4j;

import io.github.volumes4j.internal.GoPaths;
import io.github.volumes4j.internal.MountGates;
import io.github.volumes4j.internal.VolumesStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/**
 * The mounts of one container, validated as a set: no two mounts share a target once the paths are
 * cleaned ({@code /data}, {@code /data/} and {@code /data/./} are the same mount point).
 *
 * <pre>{@code
 * Mounts mounts = Mounts.of(
 *     List.of(MountSyntax.VOLUME.parse("pgdata:/var/lib/postgresql/data"),
 *             MountSyntax.TMPFS.parse("/run:size=64m")),
 *     List.of(VolumesFrom.parse("seed:ro")));
 * mounts.requireSupportedBy(engine.info().apiVersion());  // refuses what the daemon would ignore
 * }</pre>
 *
 * <p>Mounts inherited through {@link #volumesFrom()} are not known until the other container is
 * inspected; an explicit mount with the same target as an inherited one wins, as in Docker, so the
 * set never rejects that overlap.
 */
@Value.Immutable
@VolumesStyle
public abstract class Mounts implements WithMounts {

  Mounts() {}

  /** The explicit mounts, in the order given. */
  public abstract List<MountSpec> mounts();

  /** The containers whose mounts are inherited ({@code --volumes-from}), in the order given. */
  public abstract List<VolumesFrom> volumesFrom();

  @Value.Check
  final void check() {
    Map<String, MountSpec> seen = new HashMap<>();
    for (MountSpec m : mounts()) {
      String clean = GoPaths.clean(m.target());
      MountSpec before = seen.putIfAbsent(clean, m);
      if (before != null) {
        String input = before.target() + " " + m.target();
        throw new InvalidMountSpecException(input, m.target(), before.target().length() + 1,
            "Duplicate mount point: " + clean + " (" + describe(before) + " and " + describe(m)
                + "); give each mount its own target");
      }
    }
  }

  /** The mount as the user would have written it: {@code -v} text where it can be, else {@code --mount}. */
  private static String describe(MountSpec m) {
    for (MountSyntax s : new MountSyntax[] {MountSyntax.VOLUME, MountSyntax.TMPFS, MountSyntax.MOUNT}) {
      if (s.canWrite(m)) {
        return s.flag() + " " + s.format(m);
      }
    }
    return m.toString();
  }

  /**
   * Refuses, with {@link UnsupportedFeatureException}, any mount that an engine speaking
   * {@code version} would silently mishandle. The rules follow how the Docker engine sends mounts
   * (a mount that {@link MountSyntax#canWrite(MountSpec) can be written in -v syntax} goes to
   * {@code HostConfig.Binds}, a tmpfs with options below API 1.46 to {@code HostConfig.Tmpfs},
   * everything else to {@code HostConfig.Mounts}):
   * <ul>
   *   <li>{@link VolumeMount#subpath()} needs 1.45 ({@code VolumeOptions.Subpath}; a 1.41 daemon
   *       mounts the whole volume);</li>
   *   <li>{@link BindMount#recursion()} {@link BindRecursion#WRITABLE WRITABLE} needs 1.44
   *       ({@code BindOptions.ReadOnlyNonRecursive}), {@link BindRecursion#READONLY READONLY} too
   *       ({@code BindOptions.ReadOnlyForceRecursive}); {@link BindRecursion#DISABLED DISABLED}
   *       ({@code BindOptions.NonRecursive}) works at 1.41;</li>
   *   <li>{@link BindMount#createMountpoint()} needs 1.42 ({@code BindOptions.CreateMountpoint})
   *       unless the bind is expressible in {@code -v} syntax: {@code HostConfig.Binds} creates a
   *       missing source on every version;</li>
   *   <li>tmpfs size, mode, options and read-only work at 1.41 ({@code HostConfig.Tmpfs} carries
   *       them, for example {@code "/run": "rw,noexec,size=65536k,mode=1777"});</li>
   *   <li>{@link BindMount#selinuxLabel()} goes through {@code HostConfig.Binds}: every version.</li>
   * </ul>
   *
   * @throws UnsupportedFeatureException naming the first such feature (in the Engine API's words)
   *     and the version it needs
   */
  public void requireSupportedBy(ApiVersion version) {
    java.util.Objects.requireNonNull(version, "version == null");
    for (MountSpec m : mounts()) {
      MountGates.requireSupportedBy(m, version);
    }
  }

  /** The explicit mounts and inherited containers of one container. */
  public static Mounts of(List<? extends MountSpec> mounts, List<VolumesFrom> volumesFrom) {
    return builder().addAllMounts(mounts).addAllVolumesFrom(volumesFrom).build();
  }

  /** Explicit mounts only. */
  public static Mounts of(MountSpec... mounts) {
    return builder().addMounts(mounts).build();
  }

  /** A builder: {@code Mounts.builder().addMounts(VolumeMount.of("pgdata", "/data")).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Mounts}; checks the set when built. */
  public static final class Builder extends ImmutableMounts.Builder {}
}
