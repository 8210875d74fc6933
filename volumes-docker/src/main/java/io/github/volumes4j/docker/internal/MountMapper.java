package io.github.volumes4j.docker.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps mount values onto {@code HostConfig} at a given Engine API version: {@code Mounts} objects by
 * default, {@code Binds} ({@code -v} text) or {@code Tmpfs} where only those carry the setting at that
 * version, and {@link UnsupportedFeatureException} before anything is sent when neither does (an older
 * daemon ignores fields it does not know rather than refusing them).
 *
 * <p>Rules: volume subpath needs 1.45; bind recursion {@code WRITABLE}/{@code READONLY} needs 1.44; a bind
 * with {@code createMountpoint} goes to {@code Binds} below 1.42; a bind with an SELinux label always goes
 * to {@code Binds}; a tmpfs with further options goes to {@code Tmpfs} below 1.46.
 */
public final class MountMapper {

  /** What goes into HostConfig. */
  public record HostMounts(List<String> binds, List<ObjectNode> mounts, Map<String, String> tmpfs) {}

  private MountMapper() {}

  /** Checks every mount against the version; throws before anything is sent. */
  public static void requireSupported(List<MountSpec> specs, ApiVersion api) {
    for (MountSpec spec : specs) {
      if (spec instanceof VolumeMount v) {
        if (v.subpath().isPresent() && !api.isAtLeast(ApiVersion.V1_45)) {
          throw new UnsupportedFeatureException("volume subpath", ApiVersion.V1_45, api);
        }
      } else if (spec instanceof BindMount b) {
        BindRecursion r = b.recursion().orElse(BindRecursion.ENABLED);
        if ((r == BindRecursion.WRITABLE || r == BindRecursion.READONLY) && !api.isAtLeast(ApiVersion.V1_44)) {
          throw new UnsupportedFeatureException("bind recursion " + r.cliName(), ApiVersion.V1_44, api);
        }
        if (toBinds(b, api) && r != BindRecursion.ENABLED) {
          String why = b.selinuxLabel().isPresent() ? "an SELinux label" : "createMountpoint below API 1.42";
          throw new UnsupportedFeatureException("bind recursion " + r.cliName(),
              "bind recursion " + r.cliName() + " cannot be combined with " + why + " on " + b.source() + ":"
                  + b.target() + " (only the -v form carries it, and -v has no recursion option);"
                  + " leave one of them out");
        }
      }
    }
  }

  public static HostMounts map(List<MountSpec> specs, ApiVersion api) {
    requireSupported(specs, api);
    List<String> binds = new ArrayList<>();
    List<ObjectNode> mounts = new ArrayList<>();
    Map<String, String> tmpfs = new LinkedHashMap<>();
    for (MountSpec spec : specs) {
      if (spec instanceof VolumeMount v) {
        mounts.add(volume(v));
      } else if (spec instanceof BindMount b) {
        if (toBinds(b, api)) {
          binds.add(bindText(b));
        } else {
          mounts.add(bind(b));
        }
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

  static boolean toBinds(BindMount b, ApiVersion api) {
    return b.selinuxLabel().isPresent() || b.createMountpoint() && !api.isAtLeast(ApiVersion.V1_42);
  }

  /** {@code source:target[:opts]}, the {@code -v} text of a bind. */
  static String bindText(BindMount b) {
    List<String> opts = new ArrayList<>();
    if (b.readOnly()) {
      opts.add("ro");
    }
    b.selinuxLabel().ifPresent(l -> opts.add(l.mode()));
    b.propagation().ifPresent(p -> opts.add(p.apiName()));
    b.consistency().ifPresent(c -> opts.add(c.apiName()));
    return b.source() + ":" + b.target() + (opts.isEmpty() ? "" : ":" + String.join(",", opts));
  }

  static String tmpfsText(TmpfsMount t) {
    List<String> opts = new ArrayList<>();
    opts.add(t.readOnly() ? "ro" : "rw");
    t.sizeBytes().ifPresent(s -> opts.add("size=" + s));
    t.mode().ifPresent(m -> opts.add("mode=" + Integer.toOctalString(m)));
    opts.addAll(t.options());
    return String.join(",", opts);
  }

  private static ObjectNode base(MountSpec m) {
    ObjectNode n = Json.object();
    n.put("Type", m.type().apiName());
    n.put("Target", m.target());
    if (m.readOnly()) {
      n.put("ReadOnly", true);
    }
    m.consistency().ifPresent(c -> n.put("Consistency", c.apiName()));
    return n;
  }

  static ObjectNode volume(VolumeMount v) {
    ObjectNode n = base(v);
    v.source().ifPresent(s -> n.put("Source", s));
    ObjectNode o = Json.object();
    if (v.noCopy()) {
      o.put("NoCopy", true);
    }
    if (!v.labels().isEmpty()) {
      ObjectNode labels = o.putObject("Labels");
      v.labels().forEach(labels::put);
    }
    if (v.driver().isPresent() || !v.driverOptions().isEmpty()) {
      ObjectNode d = o.putObject("DriverConfig");
      d.put("Name", v.driver().orElse("local"));
      if (!v.driverOptions().isEmpty()) {
        ObjectNode opts = d.putObject("Options");
        v.driverOptions().forEach(opts::put);
      }
    }
    v.subpath().ifPresent(s -> o.put("Subpath", s));
    if (!o.isEmpty()) {
      n.set("VolumeOptions", o);
    }
    return n;
  }

  static ObjectNode bind(BindMount b) {
    ObjectNode n = base(b);
    n.put("Source", b.source());
    ObjectNode o = Json.object();
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
      n.set("BindOptions", o);
    }
    return n;
  }

  static ObjectNode tmpfs(TmpfsMount t) {
    ObjectNode n = base(t);
    ObjectNode o = Json.object();
    t.sizeBytes().ifPresent(s -> o.put("SizeBytes", s));
    t.mode().ifPresent(m -> o.put("Mode", m));
    if (!t.options().isEmpty()) {
      ArrayNode opts = o.putArray("Options");
      for (String opt : t.options()) {
        int eq = opt.indexOf('=');
        ArrayNode pair = opts.addArray();
        if (eq < 0) {
          pair.add(opt);
        } else {
          pair.add(opt.substring(0, eq)).add(opt.substring(eq + 1));
        }
      }
    }
    if (!o.isEmpty()) {
      n.set("TmpfsOptions", o);
    }
    return n;
  }
}
