package io.github.volumes4j.internal;

import io.github.volumes4j.MountType;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.TmpfsMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the Docker 20.10 daemon, runc 1.1 and the kernel refuse about where a mount goes and what it
 * carries, whatever the image, as recorded ({@code recordings/mount-specs.tsv}): the one place these rules
 * live. {@code Volumes.validate} reports them before anything is created; the in-memory engine raises them
 * where the daemon does.
 */
public final class DaemonRules {

  private DaemonRules() {}

  /** A refusal: the daemon's wording and what to do. */
  public record Refusal(String value, String message, String advice) {}

  /** Files the daemon writes into every container, whatever the image. */
  public static final Set<String> DOCKER_FILES = Set.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf");

  /** How the daemon names a container's root directory in its messages (an overlay2 daemon). */
  public static final String MERGED = "/var/lib/docker/overlay2/<id>/merged";

  /** Directories every container's sysfs has, which a mount may cover. */
  private static final Set<String> SYSFS_DIRS = Set.of("/sys/fs", "/sys/fs/cgroup", "/sys/kernel", "/sys/class",
      "/sys/devices", "/sys/bus", "/sys/block", "/sys/dev", "/sys/firmware", "/sys/module", "/sys/power");

  private static final String RUNC = "failed to create shim task: OCI runtime create failed: runc create failed: unable to start"
      + " container process: ";

  /** A component of the target longer than a host file name may be, or null. */
  public static String tooLongPart(String target) {
    for (String part : target.split("/")) {
      if (part.length() > 255) {
        return part;
      }
    }
    return null;
  }

  /**
   * The daemon's refusal, at create, of a volume over a target: a component over 255 characters, or a
   * file the daemon writes ({@code /etc/hosts}); the image's own files are the engine's to check.
   */
  public static Optional<Refusal> volumeTarget(String target, boolean anonymous) {
    if (tooLongPart(target) != null) {
      return Optional.of(new Refusal(target, "lstat " + MERGED + target + ": file name too long",
          "use a target whose every path component has at most 255 characters"));
    }
    if (DOCKER_FILES.contains(target)) {
      return Optional.of(new Refusal(target, volumeOverFile(target, anonymous),
          "the daemon writes " + target + " as a file; mount a volume at a directory, or bind a file there"));
    }
    return Optional.empty();
  }

  /** The daemon's wording for a volume over a file at {@code target}. */
  public static String volumeOverFile(String target, boolean anonymous) {
    return anonymous ? "cannot mount volume over existing file, file exists " + MERGED + target
        : "source " + MERGED + target + " is not directory";
  }

  /**
   * runc's refusal of where a mount goes, whatever the image.
   *
   * @param what the mount's source as runc names it (a host path, {@code tmpfs}, a volume's directory)
   * @param directory whether the mount is a directory (a volume, a tmpfs, a bind of a directory or a missing
   *     source); null when unknown (a bind whose host this JVM cannot see)
   * @param devNullInside for a bind of {@code /dev}: whether its source has a {@code null}; null when unknown
   */
  public static Optional<Refusal> runcTarget(String what, String dst, Boolean directory, Boolean devNullInside) {
    String at = "error during container init: error mounting \"" + what + "\" to rootfs at \"" + dst + "\": ";
    if (tooLongPart(dst) != null) {
      return refusal(dst, at + "mkdir " + MERGED + dst + ": file name too long",
          "use a target whose every path component has at most 255 characters");
    }
    if (dst.equals("/proc")) {
      return refusal(dst, at + "\"" + MERGED + "/proc\" cannot be mounted because it is not of type proc",
          "runc mounts procfs there itself; mount elsewhere");
    }
    if (dst.startsWith("/proc/")) {
      return refusal(dst, at + "\"" + MERGED + dst + "\" cannot be mounted because it is inside /proc",
          "runc refuses mounts inside /proc; mount elsewhere");
    }
    if (dst.startsWith("/sys/") && !SYSFS_DIRS.contains(dst) && !dst.startsWith("/sys/fs/cgroup/")) {
      return refusal(dst, at + "mkdir " + MERGED + dst + ": read-only file system",
          "sysfs is read-only: runc cannot make a mount point in it; mount over an existing directory (/sys/fs/cgroup)"
              + " or elsewhere");
    }
    if (dst.equals("/dev") && Boolean.FALSE.equals(devNullInside)) {
      return refusal(dst, "error during container init: error reopening /dev/null inside container: open /dev/null:"
          + " permission denied", "a mount over /dev must hold the device nodes (bind the host's /dev); mount elsewhere");
    }
    if (dst.equals("/dev/null") && Boolean.TRUE.equals(directory)) {
      return refusal(dst, "error during container init: error reopening /dev/null inside container: open /dev/null:"
          + " is a directory", "runc needs /dev/null to be the device; mount elsewhere");
    }
    if (Boolean.TRUE.equals(directory) && DOCKER_FILES.contains(dst)) {
      return refusal(dst, overFile(what, dst), "the daemon writes " + dst + " as a file; bind a file there, or mount"
          + " at a directory");
    }
    return Optional.empty();
  }

  /** runc's wording for a directory mounted over a file. */
  public static String overFile(String what, String dst) {
    return RUNC + "error during container init: error mounting \"" + what + "\" to rootfs at \"" + dst + "\": mount "
        + what + ":" + dst + " (via /proc/self/fd/6): not a directory: unknown: Are you trying to mount a directory"
        + " onto a file (or vice-versa)? Check if the specified host path exists and is the expected type: unknown";
  }

  private static Optional<Refusal> refusal(String value, String problem, String advice) {
    return Optional.of(new Refusal(value, problem.startsWith(RUNC) ? problem : RUNC + problem + ": unknown", advice));
  }

  private static final Pattern MPOL = Pattern.compile("(default|prefer|bind|interleave|local)(:.*)?");

  /** The kernel's refusal of a tmpfs option (as runc reports it), or empty. */
  public static Optional<Refusal> kernelTmpfs(TmpfsMount t) {
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
        return Optional.of(new Refusal(o, RUNC + "error during container init: error mounting \"tmpfs\" to rootfs at \""
            + t.target() + "\": mount tmpfs:" + t.target() + " (via /proc/self/fd/6), flags: 0xe, data: " + o
            + ": invalid argument: unknown", "the kernel refuses tmpfs data " + o + "; give uid=/gid= as numbers,"
            + " nr_inodes=/nr_blocks= as sizes (1k, 2m), mpol= as default, prefer:N, bind:N, interleave:N or local"));
      }
    }
    return Optional.empty();
  }

  /** The daemon's words for a volume driver it does not have (after searching for the plugin for 15 s). */
  public static String pluginNotFound(String volume, String driver) {
    return "create " + volume + ": error looking up volume plugin " + driver + ": plugin \"" + driver + "\" not found";
  }

  /**
   * The local driver's refusal of a new volume (recorded on 20.10), in its words: an option it does not take,
   * one missing that another needs, a size quota, a name too long for its directory under the data root.
   */
  public static Optional<Refusal> localVolumeCreate(String name, Map<String, String> options, String dataRoot) {
    String advice = "give the local driver's options as it takes them: type and device together, o= with them"
        + " (type=tmpfs,device=tmpfs,o=size=64m)";
    for (String key : new java.util.TreeMap<>(options).keySet()) {
      if (!Set.of("type", "device", "o", "size").contains(key)) {
        return Optional.of(new Refusal(key, "create " + name + ": invalid option: \"" + key + "\"", advice));
      }
    }
    // each present option requires others; checked in this order, which gives Docker's answers
    String missing = null;
    if (options.containsKey("o") && !options.containsKey("device")) {
      missing = "device";
    } else if (options.containsKey("o") && !options.containsKey("type")) {
      missing = "type";
    } else if (options.containsKey("type") && !options.containsKey("device")) {
      missing = "device";
    } else if (options.containsKey("device") && !options.containsKey("type")) {
      missing = "type";
    }
    if (missing != null) {
      return Optional.of(new Refusal(missing, "create " + name + ": missing required option: \"" + missing + "\"", advice));
    }
    if (options.containsKey("size")) {
      return Optional.of(new Refusal("size", "create " + name + ": quota size requested but no quota support",
          "the daemon's data root has no quota support; limit a tmpfs volume with o=size= instead"));
    }
    if (name.length() > 255) {
      // the volume's directory under the data root: the file system's name limit
      String dir = dataRoot + "/volumes/" + name;
      return Optional.of(new Refusal(name, "create " + name + ": error while creating volume root path '" + dir
          + "': mkdir " + dir + ": file name too long", "use a volume name of at most 255 characters"));
    }
    return Optional.empty();
  }

  /** The local driver's {@code o=} as a list, empty entries dropped ({@code o=} is no data at all: recorded as starting). */
  public static List<String> localMountOptions(Map<String, String> options) {
    List<String> o = new ArrayList<>();
    for (String opt : options.getOrDefault("o", "").split(",")) {
      if (!opt.isEmpty()) {
        o.add(opt);
      }
    }
    return o;
  }

  /** A local volume that mounts a host directory ({@code type=...,o=bind,device=/dir}). */
  public static boolean isBindDevice(Map<String, String> options) {
    List<String> o = localMountOptions(options);
    return options.containsKey("type") && (o.contains("bind") || o.contains("rbind"));
  }

  /** A tmpfs-backed local volume's {@code o=size=} in bytes, or -1 for none (the kernel's default). */
  public static long tmpfsSizeLimit(Map<String, String> options) {
    long limit = -1;
    for (String o : localMountOptions(options)) {
      if (o.startsWith("size=")) {
        long v = Sizes.kernelSize(o.substring(5));
        limit = v > 0 ? v : limit;
      }
    }
    return limit;
  }

  /** The root mode of a fresh tmpfs for a local volume: {@code o=mode=}, else the kernel's 1777 (probed on 20.10). */
  public static int tmpfsRootMode(Map<String, String> options) {
    int mode = 01777;
    for (String o : localMountOptions(options)) {
      if (o.startsWith("mode=") && o.substring(5).matches("[0-7]{1,4}")) {
        mode = Integer.parseInt(o.substring(5), 8);
      }
    }
    return mode;
  }

  /**
   * The local driver's refusal when it first mounts a volume with options (recorded: a bind device that is
   * missing, tmpfs data the kernel refuses). Other types (nfs, cifs, a block device) are the host's to judge.
   *
   * @param hostFiles whether this JVM sees the daemon's files (to check a bind device)
   */
  public static Optional<Refusal> localVolumeMount(String mountpoint, Map<String, String> options, boolean hostFiles) {
    String type = options.get("type");
    if (type == null) {
      return Optional.empty();
    }
    String device = options.getOrDefault("device", "");
    List<String> o = localMountOptions(options);
    String at = "error while mounting volume '" + mountpoint + "': failed to mount local volume: mount " + device + ":"
        + mountpoint;
    if (isBindDevice(options)) {
      if (hostFiles && !Files.exists(Path.of(device))) {
        return Optional.of(new Refusal(device, at + ", flags: 0x1000: no such file or directory",
            "create the directory " + device + " on the daemon's host, or give a device that exists"));
      }
      return Optional.empty();
    }
    if (type.equals("tmpfs")) {
      List<String> data = new ArrayList<>();
      for (String opt : o) {
        int eq = opt.indexOf('=');
        String key = eq < 0 ? opt : opt.substring(0, eq);
        if (!(eq < 0 && TmpfsOptionRules.FLAGS.contains(opt))) {
          data.add(opt);
          if (eq < 0 || !TmpfsOptionRules.DATA_KEYS.contains(key)) {
            return Optional.of(new Refusal(opt, at + ", data: " + String.join(",", data) + ": invalid argument",
                "the kernel refuses tmpfs data " + opt + "; give o= as flags (noexec, nosuid) and size=, mode=, uid=,"
                    + " gid=, nr_inodes=, mpol="));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** This host's mount table ({@code /proc/self/mountinfo}), or empty where there is none. */
  public static List<String> mountTable() {
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
  public static Optional<Refusal> propagation(String source, Propagation propagation, List<String> mountinfo) {
    boolean needShared = propagation == Propagation.SHARED || propagation == Propagation.RSHARED;
    boolean needSlave = propagation == Propagation.SLAVE || propagation == Propagation.RSLAVE;
    if (!needShared && !needSlave) {
      return Optional.empty();
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
      return Optional.empty();
    }
    boolean shared = optional.contains("shared:");
    boolean slave = optional.contains("master:");
    String advice = "make the host mount " + best + " shared (mount --make-rshared " + best + ") or use the default"
        + " propagation (rprivate)";
    if (needShared && !shared) {
      return Optional.of(new Refusal(propagation.apiName(), "path " + source + " is mounted on " + best
          + " but it is not a shared mount", advice));
    }
    if (needSlave && !shared && !slave) {
      return Optional.of(new Refusal(propagation.apiName(), "path " + source + " is mounted on " + best
          + " but it is not a shared or slave mount", advice));
    }
    return Optional.empty();
  }

  /**
   * The archive endpoints' one rule about the path itself (recorded on 20.10: GET, HEAD and PUT with an
   * empty {@code path} answer 400 "bad parameter: pathcannot be empty", sic; a relative one is read from the
   * root). Both engines refuse an empty path before anything is sent.
   *
   * @throws IllegalArgumentException for an empty path
   */
  public static String archivePath(String path, String what) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty (Docker answers 400 \"bad parameter: pathcannot be empty\");"
          + " give a path in the container, such as /data or /data/. for the directory's content");
    }
    return path;
  }

  /** The type a mount shows runc as its source: {@code tmpfs}, the host path, or a volume's directory. */
  public static String runcSource(MountType type, String bindSource) {
    return type == MountType.BIND ? bindSource : type == MountType.TMPFS ? "tmpfs" : "/var/lib/docker/volumes/<id>/_data";
  }
}
