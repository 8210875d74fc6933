package io.github.volumes4j.internal;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeMount;

/** The Engine API version each mount feature needs; see {@code Mounts#requireSupportedBy}. Not API. */
public final class MountGates {

  private MountGates() {}

  /** Throws {@link UnsupportedFeatureException} for the first feature of {@code m} that {@code v} lacks. */
  public static void requireSupportedBy(MountSpec m, ApiVersion v) {
    if (m instanceof VolumeMount vm) {
      if (vm.subpath().isPresent()) {
        need("volume-subpath", "VolumeOptions.Subpath", ApiVersion.V1_45, v);
      }
    } else if (m instanceof BindMount b) {
      if (b.recursion().isPresent()) {
        if (b.recursion().get() == BindRecursion.WRITABLE) {
          need("bind-recursive=writable", "BindOptions.ReadOnlyNonRecursive", ApiVersion.V1_44, v);
        } else if (b.recursion().get() == BindRecursion.READONLY) {
          need("bind-recursive=readonly", "BindOptions.ReadOnlyForceRecursive", ApiVersion.V1_44, v);
        }
      }
      if (b.createMountpoint() && !MountFormat.expressibleAs(b, "-v")) {
        need("bind-create-src", "BindOptions.CreateMountpoint", ApiVersion.V1_42, v);
      }
    } else if (m instanceof TmpfsMount) {
      // size, mode, options and read-only travel in HostConfig.Tmpfs below 1.46: every version.
    }
  }

  /** The feature in the words a user wrote it ({@code --mount} keys), the Engine API field in parentheses. */
  private static void need(String feature, String apiField, ApiVersion required, ApiVersion actual) {
    if (!actual.isAtLeast(required)) {
      throw new UnsupportedFeatureException(feature, required, actual, feature + " needs Engine API " + required
          + " or newer (" + apiField + "), but the engine speaks " + actual + "; upgrade the daemon or leave " + feature + " out");
    }
  }
}
