package io.github.volumes4j.docker.internal.wire;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.internal.MountGates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps mount values onto {@code HostConfig} at a given Engine API version: {@code Mounts} objects by
 * default, {@code Binds} ({@code -v} text, {@link MountSpec#format(String)}) or {@code Tmpfs} where only
 * those carry the setting at that version, and {@link UnsupportedFeatureException} before anything is
 * sent when neither does (an older daemon ignores fields it does not know rather than refusing them).
 *
 * <p>The version gates are core's ({@code Mounts#requireSupportedBy}, in the Engine API's words: subpath
 * 1.45, bind recursion {@code WRITABLE}/{@code READONLY} 1.44, {@code CreateMountpoint} 1.42 unless the
 * bind can travel as {@code -v}). Routing: a mount with an SELinux label goes to {@code Binds} (only
 * {@code -v} carries it); a bind with {@code createMountpoint} goes to {@code Binds} below 1.42 (the
 * {@code -v} form creates a missing source); a tmpfs with further options goes to {@code Tmpfs} below
 * 1.46. Everything else goes to {@code Mounts}, so that a bind without {@code createMountpoint} still
 * fails on a missing source as {@code --mount} does.
 *
 * <p>The set is not checked for duplicate targets here: the daemon does, with its own message and its
 * own order of side effects (it creates the volumes of the mounts before the duplicate).
 */
public final class MountMapper {

  /** What goes into HostConfig. */
  public record HostMounts(List<String> binds, List<Map<String, Object>> mounts, Map<String, String> tmpfs) {}

  private MountMapper() {}

  /** Checks every mount against the version; throws before anything is sent. */
  public static void requireSupported(List<MountSpec> specs, ApiVersion api) {
    for (MountSpec spec : specs) {
      MountGates.requireSupportedBy(spec, api);
      if (toBinds(spec, api) && !MountSyntax.VOLUME.canWrite(spec)) {
        String why;
        try {
          MountSyntax.VOLUME.format(spec);
          why = "";
        } catch (IllegalArgumentException e) {
          why = e.getMessage();
        }
        throw new UnsupportedFeatureException("SELinux label",
            "an SELinux label travels only in the -v form (HostConfig.Binds), but " + why
                + "; leave the SELinux label or the other setting out");
      }
    }
  }

  public static HostMounts map(List<MountSpec> specs, ApiVersion api) {
    requireSupported(specs, api);
    List<String> binds = new ArrayList<>();
    List<Map<String, Object>> mounts = new ArrayList<>();
    Map<String, String> tmpfs = new LinkedHashMap<>();
    for (MountSpec spec : specs) {
      if (toBinds(spec, api)) {
        binds.add(MountSyntax.VOLUME.format(spec));
      } else if (spec instanceof VolumeMount v) {
        mounts.add(volume(v));
      } else if (spec instanceof BindMount b) {
        mounts.add(bind(b));
      } else if (spec instanceof TmpfsMount t) {
        if (!t.options().isEmpty() && !api.isAtLeast(ApiVersion.V1_46)) {
          tmpfs.put(t.target(), tmpfsText(t));
        } else {
          mounts.add(tmpfs(t));
        }
      }
    }
    return new HostMounts(binds, mounts, tmpfs);
  }

  static boolean toBinds(MountSpec m, ApiVersion api) {
    if (m instanceof VolumeMount v) {
      return v.selinuxLabel().isPresent();
    }
    if (m instanceof BindMount b) {
      return b.selinuxLabel().isPresent() || b.createMountpoint() && !api.isAtLeast(ApiVersion.V1_42);
    }
    return false;
  }

  static String tmpfsText(TmpfsMount t) {
    List<String> opts = new ArrayList<>();
    opts.add(t.readOnly() ? "ro" : "rw");
    t.sizeBytes().ifPresent(s -> opts.add("size=" + s));
    t.mode().ifPresent(m -> opts.add("mode=" + Integer.toOctalString(m)));
    opts.addAll(t.options());
    return String.join(",", opts);
  }

  private static Map<String, Object> base(MountSpec m) {
    Map<String, Object> n = Json.object();
    n.put("Type", m.type().apiName());
    n.put("Target", m.target());
    if (m.readOnly()) {
      n.put("ReadOnly", true);
    }
    m.consistency().ifPresent(c -> n.put("Consistency", c.apiName()));
    return n;
  }

  static Map<String, Object> volume(VolumeMount v) {
    Map<String, Object> n = base(v);
    v.source().ifPresent(s -> n.put("Source", s));
    Map<String, Object> o = Json.object();
    if (v.noCopy()) {
      o.put("NoCopy", true);
    }
    if (!v.labels().isEmpty()) {
      o.put("Labels", new LinkedHashMap<>(v.labels()));
    }
    if (v.driver().isPresent() || !v.driverOptions().isEmpty()) {
      Map<String, Object> d = Json.object();
      o.put("DriverConfig", d);
      d.put("Name", v.driver().orElse("local"));
      if (!v.driverOptions().isEmpty()) {
        d.put("Options", new LinkedHashMap<>(v.driverOptions()));
      }
    }
    v.subpath().ifPresent(s -> o.put("Subpath", s));
    if (!o.isEmpty()) {
      n.put("VolumeOptions", o);
    }
    return n;
  }

  static Map<String, Object> bind(BindMount b) {
    Map<String, Object> n = base(b);
    n.put("Source", b.source());
    Map<String, Object> o = Json.object();
    b.propagation().ifPresent(p -> o.put("Propagation", p.apiName()));
    switch (b.recursion().orElse(BindRecursion.ENABLED)) {
      case DISABLED -> o.put("NonRecursive", true);
      case WRITABLE -> o.put("ReadOnlyNonRecursive", true);
      case READONLY -> o.put("ReadOnlyForceRecursive", true);
      default -> { }
    }
    if (b.createMountpoint()) {
      o.put("CreateMountpoint", true);
    }
    if (!o.isEmpty()) {
      n.put("BindOptions", o);
    }
    return n;
  }

  static Map<String, Object> tmpfs(TmpfsMount t) {
    Map<String, Object> n = base(t);
    Map<String, Object> o = Json.object();
    t.sizeBytes().ifPresent(s -> o.put("SizeBytes", s));
    t.mode().ifPresent(m -> o.put("Mode", m));
    if (!t.options().isEmpty()) {
      List<List<String>> opts = new ArrayList<>();
      for (String opt : t.options()) {
        int eq = opt.indexOf('=');
        opts.add(eq < 0 ? List.of(opt) : List.of(opt.substring(0, eq), opt.substring(eq + 1)));
      }
      o.put("Options", opts);
    }
    if (!o.isEmpty()) {
      n.put("TmpfsOptions", o);
    }
    return n;
  }
}
