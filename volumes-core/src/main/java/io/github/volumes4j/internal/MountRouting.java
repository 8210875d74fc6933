package io.github.volumes4j.internal;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSpec.Origin;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;

/**
 * The request field a mount travels in, decided once for every engine: the docker CLI's choice for a
 * value read from {@code -v} or {@code --tmpfs}, {@code HostConfig.Mounts} for {@code --mount} and values
 * built in code, except where only the older fields can say what the value says. Docker treats the fields
 * differently (recorded on 20.10): a {@code Config.Volumes} anonymous volume is shared with
 * {@code --volumes-from} users and kept by {@code rm -v} while they exist, a {@code Mounts} one is not; a
 * {@code HostConfig.Tmpfs} tmpfs is not a mount point (no inspect entry, not inherited), a {@code Mounts}
 * tmpfs is, and breaks {@code --volumes-from} of its container.
 */
public final class MountRouting {

  private MountRouting() {}

  /** The request fields. */
  public enum Field {
    /** {@code HostConfig.Binds}, as {@code -v} text. */
    BINDS,
    /** {@code Config.Volumes}: an anonymous volume given as {@code -v /target}. */
    CONFIG_VOLUMES,
    /** {@code HostConfig.Tmpfs}, as {@code --tmpfs} options. */
    TMPFS,
    /** {@code HostConfig.Mounts}. */
    MOUNTS
  }

  /** The field the mount travels in to a daemon speaking {@code api}. */
  public static Field field(MountSpec spec, ApiVersion api) {
    Origin origin = spec.origin().orElse(Origin.MOUNT_FLAG);
    if (spec instanceof TmpfsMount t) {
      if (origin == Origin.TMPFS_FLAG || (!t.options().isEmpty() && !api.isAtLeast(ApiVersion.V1_46))) {
        return Field.TMPFS;  // Mounts has no tmpfs options before 1.46
      }
      return Field.MOUNTS;
    }
    if (spec instanceof VolumeMount v) {
      if (origin == Origin.VOLUME_FLAG && v.anonymous() && plainAnonymous(v)) {
        return Field.CONFIG_VOLUMES;
      }
      if (v.selinuxLabel().isPresent()) {
        return Field.BINDS;  // a label travels only in Binds
      }
      return origin == Origin.VOLUME_FLAG && !v.anonymous() && MountSyntax.VOLUME.canWrite(v) ? Field.BINDS : Field.MOUNTS;
    }
    BindMount b = (BindMount) spec;
    if (b.selinuxLabel().isPresent()) {
      return Field.BINDS;
    }
    if (origin == Origin.VOLUME_FLAG && MountSyntax.VOLUME.canWrite(b)) {
      return Field.BINDS;
    }
    return b.createMountpoint() && !api.isAtLeast(ApiVersion.V1_42) ? Field.BINDS : Field.MOUNTS;
  }

  /**
   * Refuses a mount that must travel in {@code Binds} (an SELinux label) but that {@code -v} text cannot
   * say, for every engine, before anything is created.
   */
  public static void requireRoutable(MountSpec spec, ApiVersion api) {
    if (field(spec, api) == Field.BINDS && !MountSyntax.VOLUME.canWrite(spec)) {
      String why;
      try {
        MountSyntax.VOLUME.format(spec);
        why = "";
      } catch (IllegalArgumentException e) {
        why = e.getMessage();
      }
      throw new io.github.volumes4j.UnsupportedFeatureException("SELinux label",
          "an SELinux label travels only in the -v form (HostConfig.Binds), but " + why
              + "; leave the SELinux label or the other setting out");
    }
  }

  private static boolean plainAnonymous(VolumeMount v) {
    return !v.readOnly() && !v.noCopy() && v.consistency().isEmpty() && v.subpath().isEmpty() && v.labels().isEmpty()
        && v.driver().isEmpty() && v.driverOptions().isEmpty();
  }
}
