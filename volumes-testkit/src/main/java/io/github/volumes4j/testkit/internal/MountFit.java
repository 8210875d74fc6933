package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.internal.MountRouting;
import io.github.volumes4j.internal.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the daemon, runc and the kernel say about where a mount goes and how it is reported, as recorded
 * from Docker 20.10 ({@code recordings/mount-specs.tsv}): volumes refused over files, names too long for
 * the host, the mode text and propagation that inspect shows for each request field, the tmpfs data the
 * kernel refuses and the propagation a host mount allows when the container starts.
 */
final class MountFit {

  private MountFit() {}

  /** Files the daemon writes into every container, whatever the image. */
  private static final Set<String> DOCKER_FILES = Set.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf");

  private static final String MERGED = "/var/lib/docker/overlay2/<id>/merged";

  /** Directories every container's sysfs has, which a mount may cover. */
  private static final Set<String> SYSFS_DIRS = Set.of("/sys/fs", "/sys/fs/cgroup", "/sys/kernel", "/sys/class",
      "/sys/devices", "/sys/bus", "/sys/block", "/sys/dev", "/sys/firmware", "/sys/module", "/sys/power");

  private static boolean isFile(Tree.Node n) {
    return n != null && !(n instanceof Tree.Dir);
  }

  /** Refuses a volume over a file of the image (or one the daemon writes), or a path too long for the host. */
  static void requireVolumeFits(Tree.Dir rootfs, String target, boolean anonymous) {
    for (String part : target.split("/")) {
      if (part.length() > 255) {
        throw new EngineException(500, "lstat " + MERGED + target + ": file name too long", null);
      }
    }
    if (isFile(TreeFiles.walk(rootfs, target)) || DOCKER_FILES.contains(target)) {
      throw new EngineException(500, anonymous ? "cannot mount volume over existing file, file exists " + MERGED + target
          : "source " + MERGED + target + " is not directory", null);
    }
  }

  /** The mode text of a volume: its {@code -v} modes for Binds ("z" when none), "z" for Mounts, "" for {@code -v /x}. */
  static String volumeMode(MountSpec m, MountRouting.Field field) {
    return switch (field) {
      case BINDS -> modeText(m, "z");
      case MOUNTS -> "z";
      default -> "";
    };
  }

  /** The mode part of the value's {@code -v} text, as Docker reports it for a mount that came in Binds. */
  static String modeText(MountSpec m, String none) {
    String text = MountSyntax.VOLUME.format(m);
    int first = text.indexOf(':');
    int cut = first < 0 ? -1 : text.indexOf(':', first + 1);
    return cut < 0 ? none : text.substring(cut + 1);
  }

  private static final Set<String> DATA_ROOT_AND_PARENTS = Set.of("/", "/var", "/var/lib", "/var/lib/docker");

  /** The daemon's default propagation is rslave for a bind of its data root or a parent of it, rprivate for any other. */
  static String bindPropagation(BindMount b) {
    // the daemon compares the source as given with its data root and the parents of it ("//" is rprivate, recorded)
    return b.propagation().map(Propagation::apiName).orElse(DATA_ROOT_AND_PARENTS.contains(b.source()) ? "rslave" : "rprivate");
  }

  /** A relative {@code -v} target as the daemon reports it: cleaned, still relative ({@code ./x} is {@code x}). */
  static String relativeClean(String target) {
    String abs = ContainerPaths.clean("/" + target);
    return abs.substring(1);
  }

  /** What the daemon, runc and the kernel refuse when the container starts. */
  static void requireStartable(ContainerModel.Container c) {
    for (MountSpec spec : c.spec.mounts()) {
      if (spec instanceof TmpfsMount t) {
        kernelTmpfsCheck(t);
      } else if (spec instanceof BindMount b && b.propagation().isPresent()) {
        requirePropagation(b.source(), b.propagation().get(), mountTable());
      }
    }
    for (ContainerModel.Mount m : c.mounts) {
      if (m.volume != null) {
        localVolumeCheck(m.volume);
      }
      runcCheck(c.rootfs, m);
    }
  }

  /**
   * The local driver mounts a volume with options when a container first uses it (recorded: a bind device
   * that is missing, tmpfs data the kernel refuses). What the fake cannot mount (nfs, cifs, a block device)
   * fails loudly rather than pretending.
   */
  static void localVolumeCheck(VolumeRecord v) {
    String type = v.options == null ? null : v.options.get("type");
    if (!"local".equals(v.driver) || type == null) {
      return;
    }
    String device = v.options.getOrDefault("device", "");
    List<String> o = new java.util.ArrayList<>();
    for (String opt : v.options.getOrDefault("o", "").split(",")) {
      if (!opt.isEmpty()) {
        o.add(opt);  // (o= is no data at all: recorded as starting)
      }
    }
    String at = "error while mounting volume '" + v.mountpoint() + "': failed to mount local volume: mount " + device + ":"
        + v.mountpoint();
    if (o.contains("bind") || o.contains("rbind")) {
      if (!Files.exists(Path.of(device))) {
        throw new EngineException(500, at + ", flags: 0x1000: no such file or directory", null);
      }
      return;
    }
    if (type.equals("tmpfs")) {
      List<String> data = new java.util.ArrayList<>();
      for (String opt : o) {
        int eq = opt.indexOf('=');
        String key = eq < 0 ? opt : opt.substring(0, eq);
        boolean flag = eq < 0 && (io.github.volumes4j.internal.TmpfsOptionRules.FLAGS.contains(opt));
        if (!flag) {
          data.add(opt);
          if (eq < 0 || !io.github.volumes4j.internal.TmpfsOptionRules.DATA_KEYS.contains(key)) {
            throw new EngineException(500, at + ", data: " + String.join(",", data) + ": invalid argument", null);
          }
        }
      }
      return;
    }
    throw new io.github.volumes4j.UnsupportedFeatureException("local volume of type " + type, "the in-memory engine cannot"
        + " mount the local volume " + v.name + " (type=" + type + ", device=" + device + "): it models tmpfs and bind"
        + " devices only; test this volume on Docker (@VolumesTest(engines = EngineKind.DOCKER))");
  }

  /** runc's refusals of where a mount goes (recorded through runc 1.1 on 20.10). */
  private static void runcCheck(Tree.Dir rootfs, ContainerModel.Mount m) {
    String dst = m.destination;
    String what = m.type == io.github.volumes4j.MountType.BIND ? m.bindSource
        : m.type == io.github.volumes4j.MountType.TMPFS ? "tmpfs" : "/var/lib/docker/volumes/<id>/_data";
    String at = "error during container init: error mounting \"" + what + "\" to rootfs at \"" + dst + "\": ";
    boolean directory = m.type != io.github.volumes4j.MountType.BIND || Files.isDirectory(Path.of(m.bindSource))
        || !Files.exists(Path.of(m.bindSource));
    String problem = null;
    String tooLong = java.util.Arrays.stream(dst.split("/")).filter(p -> p.length() > 255).findFirst().orElse(null);
    if (tooLong != null) {
      problem = at + "mkdir " + MERGED + dst + ": file name too long";
    } else if (dst.equals("/proc")) {
      problem = at + "\"" + MERGED + "/proc\" cannot be mounted because it is not of type proc";
    } else if (dst.startsWith("/proc/")) {
      problem = at + "\"" + MERGED + dst + "\" cannot be mounted because it is inside /proc";
    } else if (dst.startsWith("/sys/") && !SYSFS_DIRS.contains(dst) && !dst.startsWith("/sys/fs/cgroup/")) {
      // a mount point runc must create in the read-only sysfs (existing ones, as /sys/fs/cgroup for systemd
      // containers, are mounted over)
      problem = at + "mkdir " + MERGED + dst + ": read-only file system";
    } else if (dst.equals("/dev") && !(m.type == io.github.volumes4j.MountType.BIND
        && Files.exists(Path.of(m.bindSource, "null")))) {
      problem = "error during container init: error reopening /dev/null inside container: open /dev/null: permission denied";
    } else if (dst.equals("/dev/null") && directory) {
      problem = "error during container init: error reopening /dev/null inside container: open /dev/null: is a directory";
    } else if (directory && (DOCKER_FILES.contains(dst) || isFile(TreeFiles.walk(rootfs, dst)))) {
      problem = at + "mount " + what + ":" + dst + " (via /proc/self/fd/6): not a directory: unknown: Are you trying to mount a"
          + " directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type";
    }
    if (problem != null) {
      throw new EngineException(500, "failed to create shim task: OCI runtime create failed: runc create failed: unable to start"
          + " container process: " + problem + ": unknown", null);
    }
  }

  private static final Pattern MPOL = Pattern.compile("(default|prefer|bind|interleave|local)(:.*)?");

  /** The kernel's refusals of tmpfs data (recorded through runc on 20.10). */
  static void kernelTmpfsCheck(TmpfsMount t) {
    for (String o : t.options()) {
      int eq = o.indexOf('=');
      String k = eq < 0 ? o : o.substring(0, eq);
      String v = eq < 0 ? "" : o.substring(eq + 1);
      boolean bad = switch (k) {
        case "uid", "gid" -> !v.matches("[0-9]{1,10}") || Long.parseLong(v) > 0xFFFFFFFFL;
        case "nr_inodes", "nr_blocks" -> Sizes.kernelSize(v) < 0;
        case "mpol" -> !MPOL.matcher(v).matches();
        case "remount", "bind", "rbind" -> eq < 0;
        default -> false;
      };
      if (bad) {
        throw new EngineException(500, "failed to create shim task: OCI runtime create failed: runc create failed: unable to start"
            + " container process: error during container init: error mounting \"tmpfs\" to rootfs at \"" + t.target()
            + "\": mount tmpfs:" + t.target() + " (via /proc/self/fd/6), flags: 0xe, data: " + o + ": invalid argument: unknown",
            null);
      }
    }
  }

  /** This host's mount table ({@code /proc/self/mountinfo}), or empty where there is none. */
  static List<String> mountTable() {
    try {
      return Files.readAllLines(Path.of("/proc/self/mountinfo"));
    } catch (IOException | RuntimeException e) {
      return List.of();  // no Linux mount table here: nothing the daemon would find either
    }
  }

  /**
   * The daemon's check of a shared or slave bind: the host mount that holds the source must be shared
   * (for shared, rshared) or shared or slave (for slave, rslave).
   */
  static void requirePropagation(String source, Propagation propagation, List<String> mountinfo) {
    boolean needShared = propagation == Propagation.SHARED || propagation == Propagation.RSHARED;
    boolean needSlave = propagation == Propagation.SLAVE || propagation == Propagation.RSLAVE;
    if (!needShared && !needSlave) {
      return;
    }
    String best = null;
    String optional = "";
    for (String line : mountinfo) {
      String[] f = line.split(" ");
      if (f.length < 7) {
        continue;
      }
      String point = f[4].replace("\\040", " ");
      boolean under = source.equals(point) || point.equals("/") || source.startsWith(point + "/");
      if (under && (best == null || point.length() >= best.length())) {
        best = point;
        StringBuilder opt = new StringBuilder();
        for (int i = 6; i < f.length && !f[i].equals("-"); i++) {
          opt.append(f[i]).append(' ');
        }
        optional = opt.toString();
      }
    }
    if (best == null) {
      return;
    }
    boolean shared = optional.contains("shared:");
    boolean slave = optional.contains("master:");
    if (needShared && !shared) {
      throw new EngineException(500, "path " + source + " is mounted on " + best + " but it is not a shared mount", null);
    }
    if (needSlave && !shared && !slave) {
      throw new EngineException(500, "path " + source + " is mounted on " + best + " but it is not a shared or slave mount", null);
    }
  }
}
