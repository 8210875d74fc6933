package io.github.volumes4j.internal;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeMount;
import java.util.List;

/**
 * What a swarm service's mounts can carry at an Engine API version, for every engine. A service's task template
 * has {@code Mounts} entries only (no {@code Binds}, no {@code Tmpfs} map): an SELinux label has no field at all,
 * a bind source created when missing needs {@code BindOptions.CreateMountpoint} (1.42) whatever syntax it came
 * from, and tmpfs options need {@code TmpfsOptions.Options} (1.46). An older daemon ignores a field it does not
 * know, so each is refused here, before anything is sent. Not API.
 */
public final class ServiceMountGates {

  private ServiceMountGates() {}

  /** Throws {@link UnsupportedFeatureException} for the first mount a service at {@code api} cannot carry. */
  public static void requireSupported(List<MountSpec> mounts, ApiVersion api) {
    for (MountSpec m : mounts) {
      boolean label = m instanceof VolumeMount v && v.selinuxLabel().isPresent()
          || m instanceof BindMount b && b.selinuxLabel().isPresent();
      if (label) {
        throw new UnsupportedFeatureException("SELinux label", "the mount at " + m.target() + " has an SELinux label"
            + " (:z or :Z), which only docker run -v carries; a service's mounts have no field for it: leave it out and"
            + " label the source on each node (chcon) instead");
      }
      if (m instanceof BindMount b && b.createMountpoint() && !api.isAtLeast(ApiVersion.V1_42)) {
        throw new UnsupportedFeatureException("bind-create-src", ApiVersion.V1_42, api, "the bind mount of " + b.source()
            + " at " + b.target() + " asks for its source to be created when missing (bind-create-src, which -v implies);"
            + " a service carries that only in BindOptions.CreateMountpoint, Engine API 1.42 or newer, but the engine"
            + " speaks " + api + ": create the source on every node and use a --mount bind (createMountpoint false)");
      }
      if (m instanceof TmpfsMount t && !t.options().isEmpty() && !api.isAtLeast(ApiVersion.V1_46)) {
        throw new UnsupportedFeatureException("tmpfs options", ApiVersion.V1_46, api, "the tmpfs at " + t.target()
            + " has options " + t.options() + "; a service carries them only in TmpfsOptions.Options, Engine API 1.46"
            + " or newer, but the engine speaks " + api + ": leave the options out (size and mode work at every version)");
      }
      try {
        MountGates.requireSupportedBy(m, api);
      } catch (UnsupportedFeatureException e) {
        throw new UnsupportedFeatureException(e.feature(), e.requiredVersion().orElseThrow(), api,
            "the mount at " + m.target() + " of the service: " + e.getMessage());
      }
    }
  }

  /** Refuses a cluster (CSI) volume below Engine API 1.42, where {@code ClusterVolumeSpec} does not exist. */
  public static void requireClusterVolumes(io.github.volumes4j.swarm.ClusterVolumeSpec spec, ApiVersion api) {
    if (!api.isAtLeast(ApiVersion.V1_42)) {
      throw new UnsupportedFeatureException("cluster volumes", ApiVersion.V1_42, api, "cluster volume " + spec.name()
          + " (CSI driver " + spec.driver() + ") needs Engine API 1.42 or newer (ClusterVolumeSpec), but the engine speaks "
          + api + ": upgrade the daemon to Docker 23 or newer, or use a local volume with shared storage");
    }
  }
}
