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
import io.github.volumes4j.internal.MountRouting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps mount values onto {@code HostConfig} at a given Engine API version: {@code Mounts} entries ({@link WireMount}) by
 * default, {@code Binds} ({@code -v} text, {@link MountSyntax#format(MountSpec)}) or {@code Tmpfs} where only
 * those carry the setting at that version, and {@link UnsupportedFeatureException} before anything is
 * sent when neither does (an older daemon ignores fields it does not know rather than refusing them).
 *
 * <p>The version gates are core's ({@code Mounts#requireSupportedBy}, in the Engine API's words: subpath
 * 1.45, bind recursion {@code WRITABLE}/{@code READONLY} 1.44, {@code CreateMountpoint} 1.42 unless the
 * bind can travel as {@code -v}). Routing is core's ({@code MountRouting}), the same for the in-memory
 * engine: a value read from {@code -v} or {@code --tmpfs} travels where the docker CLI sends it
 * ({@code Binds}, {@code Config.Volumes} for {@code -v /x}, {@code Tmpfs}); a mount with an SELinux label
 * goes to {@code Binds} (only {@code -v} carries it); a bind with {@code createMountpoint} goes to
 * {@code Binds} below 1.42; a tmpfs with further options goes to {@code Tmpfs} below 1.46. Everything else
 * goes to {@code Mounts}, so that a bind without {@code createMountpoint} still fails on a missing source
 * as {@code --mount} does.
 *
 * <p>The set is not checked for duplicate targets here: the daemon does, with its own message and its
 * own order of side effects (it creates the volumes of the mounts before the duplicate).
 */
public final class MountMapper {

  /** What goes into HostConfig. */
  public record HostMounts(List<String> binds, List<WireMount> mounts, Map<String, String> tmpfs, List<String> volumes) {}

  private MountMapper() {}

  /** Checks every mount against the version; throws before anything is sent. */
  public static void requireSupported(List<MountSpec> specs, ApiVersion api) {
    for (MountSpec spec : specs) {
      MountGates.requireSupportedBy(spec, api);
      MountRouting.requireRoutable(spec, api);
    }
  }

  public static HostMounts map(List<MountSpec> specs, ApiVersion api) {
    requireSupported(specs, api);
    List<String> binds = new ArrayList<>();
    List<WireMount> mounts = new ArrayList<>();
    Map<String, String> tmpfs = new LinkedHashMap<>();
    List<String> volumes = new ArrayList<>();
    for (MountSpec spec : specs) {
      switch (MountRouting.field(spec, api)) {
        case BINDS -> binds.add(MountSyntax.VOLUME.format(spec));
        case CONFIG_VOLUMES -> volumes.add(spec.target());
        case TMPFS -> tmpfs.put(spec.target(), tmpfsText((TmpfsMount) spec));
        case MOUNTS -> {
          mounts.add(entry(spec));
        }
      }
    }
    return new HostMounts(binds, mounts, tmpfs, volumes);
  }

  /** The {@code HostConfig.Tmpfs} value of a tmpfs, as the CLI sends {@code --tmpfs target:value}. */
  public static String tmpfsText(TmpfsMount t) {
    List<String> opts = new ArrayList<>();
    if (t.readOnly()) {
      opts.add("ro");  // as the CLI sends --tmpfs /t:ro; nothing for the default
    }
    t.sizeBytes().ifPresent(s -> opts.add("size=" + s));
    t.mode().ifPresent(m -> opts.add("mode=" + Integer.toOctalString(m)));
    opts.addAll(t.options());
    return String.join(",", opts);
  }

  /** The {@code HostConfig.Mounts} entry of any mount (no version gate: callers check with {@link #requireSupported}). */
  public static WireMount entry(MountSpec spec) {
    if (spec instanceof VolumeMount v) {
      return volume(v);
    }
    if (spec instanceof BindMount b) {
      return bind(b);
    }
    return tmpfs((TmpfsMount) spec);
  }

  static WireMount volume(VolumeMount v) {
    WireMount.VolumeOptions o = new WireMount.VolumeOptions(v.noCopy(), v.labels(), v.driver(), v.driverOptions(), v.subpath());
    return new WireMount(v.type().apiName(), v.source(), v.target(), v.readOnly(), v.consistency().map(c -> c.apiName()),
        Optional.empty(), Optional.of(o), Optional.empty());
  }

  static WireMount bind(BindMount b) {
    BindRecursion r = b.recursion().orElse(BindRecursion.ENABLED);
    WireMount.BindOptions o = new WireMount.BindOptions(b.propagation().map(p -> p.apiName()), r == BindRecursion.DISABLED,
        r == BindRecursion.WRITABLE, r == BindRecursion.READONLY, b.createMountpoint());
    return new WireMount(b.type().apiName(), Optional.of(b.source()), b.target(), b.readOnly(),
        b.consistency().map(c -> c.apiName()), Optional.of(o), Optional.empty(), Optional.empty());
  }

  static WireMount tmpfs(TmpfsMount t) {
    List<List<String>> opts = new ArrayList<>();
    for (String opt : t.options()) {
      int eq = opt.indexOf('=');
      opts.add(eq < 0 ? List.of(opt) : List.of(opt.substring(0, eq), opt.substring(eq + 1)));
    }
    WireMount.TmpfsOptions o = new WireMount.TmpfsOptions(t.sizeBytes(), t.mode(), opts);
    return new WireMount(t.type().apiName(), Optional.empty(), t.target(), t.readOnly(), t.consistency().map(c -> c.apiName()),
        Optional.empty(), Optional.empty(), Optional.of(o));
  }
}
