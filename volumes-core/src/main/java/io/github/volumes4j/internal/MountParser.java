package io.github.volumes4j.internal;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.Consistency;
import io.github.volumes4j.DaemonOs;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.ParseOptions;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.SelinuxLabel;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads {@code -v}, {@code --mount}, {@code --tmpfs} and {@code --volumes-from} values as the
 * docker CLI and a Linux daemon read them (messages in their words, with what to do added).
 * Not API: use {@code MountSpec.parse}.
 */
public final class MountParser {

  private MountParser() {}

  /** Parses one value of {@code flag}; any text gives a mount or {@link InvalidMountSpecException}. */
  public static MountSpec parse(String flag, String value, ParseOptions options) {
    MountFormat.Flag f = MountFormat.Flag.of(flag);
    Objects.requireNonNull(value, "value == null");
    Objects.requireNonNull(options, "options == null");
    if (options.daemonOs() == DaemonOs.WINDOWS) {
      return withOrigin(WindowsMountParser.parse(f, value, options), switch (f) {
        case VOLUME -> MountSpec.Origin.VOLUME_FLAG;
        case MOUNT -> MountSpec.Origin.MOUNT_FLAG;
        case TMPFS -> MountSpec.Origin.TMPFS_FLAG;
      });
    }
    return switch (f) {
      case VOLUME -> withOrigin(parseVolumeFlag(value, options), MountSpec.Origin.VOLUME_FLAG);
      case MOUNT -> withOrigin(MountFlagParser.parse(value, options), MountSpec.Origin.MOUNT_FLAG);
      case TMPFS -> withOrigin(parseTmpfsFlag(value), MountSpec.Origin.TMPFS_FLAG);
    };
  }

  private static MountSpec withOrigin(MountSpec m, MountSpec.Origin origin) {
    if (m instanceof VolumeMount v) {
      return v.withOrigin(origin);
    }
    if (m instanceof BindMount b) {
      return b.withOrigin(origin);
    }
    return ((TmpfsMount) m).withOrigin(origin);
  }

  /**
   * Whether the docker CLI sends a {@code -v} value on untouched as an anonymous volume
   * ({@code Config.Volumes}): its loader finds no source in values of one or two characters, nor in values
   * whose only ':' follows a drive letter. Those starting with '/' are read by the usual path.
   */
  private static boolean cliAnonymous(String raw) {
    if (raw.startsWith("/")) {
      return false;
    }
    if (raw.length() <= 2) {
      return true;
    }
    int from = isAsciiLetter(raw.charAt(0)) && raw.charAt(1) == ':' ? 2 : 0;
    return raw.indexOf(':', from) < 0;
  }

  static InvalidMountSpecException error(String input, String token, int position, String message) {
    return new InvalidMountSpecException(input, token, position, message);
  }

  /** Builds a value; a rule of the value type that fails is reported against the input. */
  static <T extends MountSpec> T build(String input, java.util.function.Supplier<T> builder, String token, int position) {
    try {
      return builder.get();
    } catch (InvalidMountSpecException e) {
      String t = e.token();
      int at = t.isEmpty() ? -1 : input.indexOf(t);
      if (at < 0) {
        at = position;
        t = token;
      }
      throw new InvalidMountSpecException(input, t, at, e.getMessage(), e);
    }
  }

  // ---- -v ------------------------------------------------------------------------------------

  private static final String MODE_HELP = "give at most one of each: ro|rw, z|Z, a propagation"
      + " (private, rprivate, shared, rshared, slave, rslave), nocopy, a consistency (consistent, cached, delegated)";

  private static MountSpec parseVolumeFlag(String raw, ParseOptions options) {
    if (raw.isEmpty()) {
      throw error(raw, "", 0, "invalid empty volume spec; give [SOURCE:]TARGET[:MODE], for example pgdata:/data");
    }
    if (cliAnonymous(raw)) {
      // recorded: the CLI sends -v x, -v ~, -v a:/x on as Config.Volumes and the daemon mounts an anonymous
      // volume at the path it gives (relative ones below the container's root)
      if (GoPaths.clean("/" + raw.replace('\\', '/')).equals("/")) {
        throw error(raw, raw, 0, "invalid volume specification: '" + raw + "': the daemon would mount an anonymous volume"
            + " over the container's root '/', and the container fails to start; give a path below it, for example /data");
      }
      return build(raw, () -> VolumeMount.builder().target(raw).origin(MountSpec.Origin.VOLUME_FLAG).build(), raw, 0);
    }
    if (raw.length() >= 2 && isAsciiLetter(raw.charAt(0)) && raw.charAt(1) == ':') {
      int end = raw.indexOf(':', 2);
      String token = end < 0 ? raw : raw.substring(0, end);
      throw error(raw, token, 0, "invalid volume specification: '" + raw + "': '" + token
          + "' starts with a drive letter, which the docker CLI reads as a Windows path and a Linux daemon cannot mount"
          + "; give an absolute Linux path, a volume name of at least two characters, or parse with DaemonOs.WINDOWS");
    }
    // The docker CLI's own check (compose loader) comes first.
    if (raw.length() > 2) {
      int start = 0;
      while (true) {
        int colon = raw.indexOf(':', start);
        int end = colon < 0 ? raw.length() : colon;
        if (end == start) {
          throw error(raw, ":", colon >= 0 ? colon : start - 1,
              "invalid spec: " + raw + ": empty section between colons; remove the extra ':' or fill the section in");
        }
        if (colon < 0) {
          break;
        }
        start = colon + 1;
      }
    }
    // SplitN(raw, ":", 4)
    String[] parts = new String[4];
    int[] offsets = new int[4];
    int count = 0;
    int start = 0;
    while (count < 3) {
      int colon = raw.indexOf(':', start);
      if (colon < 0) {
        break;
      }
      parts[count] = raw.substring(start, colon);
      offsets[count] = start;
      count++;
      start = colon + 1;
    }
    parts[count] = raw.substring(start);
    offsets[count] = start;
    count++;
    if (parts[0].isEmpty()) {
      throw error(raw, "", 0, "invalid volume specification: '" + raw + "'; give [SOURCE:]TARGET[:MODE]");
    }
    String source = null;
    String target;
    String mode = "";
    int targetAt;
    int modeAt = -1;
    switch (count) {
      case 1:
        target = parts[0];
        targetAt = 0;
        break;
      case 2:
        if (validLinuxMode(parts[1])) {
          throw error(raw, parts[1], offsets[1], "invalid volume specification: '" + raw
              + "'; a mode needs SOURCE:TARGET before it, for example myvolume" + ":" + parts[0] + ":" + parts[1]);
        }
        source = parts[0];
        target = parts[1];
        targetAt = offsets[1];
        break;
      case 3:
        source = parts[0];
        target = parts[1];
        targetAt = offsets[1];
        mode = parts[2];
        modeAt = offsets[2];
        break;
      default:
        throw error(raw, parts[3], offsets[3] - 1, "invalid volume specification: '" + raw
            + "': too many ':'; give [SOURCE:]TARGET[:MODE]");
    }
    if (!validLinuxMode(mode)) {
      throw error(raw, mode, modeAt, "invalid mode: " + mode + " (" + modeProblem(mode) + "); " + MODE_HELP);
    }
    // The docker CLI resolves a host part starting with '.' against its working directory.
    if (source != null && source.startsWith(".")) {
      source = resolve(source, options, raw);
    }
    boolean bind = source != null && source.startsWith("/");
    String type = bind ? "bind" : "volume";
    String spec = "invalid volume specification: '" + raw + "': invalid mount config for type \"" + type + "\": ";
    checkTarget(raw, target, targetAt, spec);
    boolean readOnly = false;
    boolean noCopy = false;
    SelinuxLabel label = null;
    Propagation propagation = null;
    Consistency consistency = null;
    if (!mode.isEmpty()) {
      int at = modeAt;
      int from = 0;
      while (from <= mode.length()) {
        int comma = mode.indexOf(',', from);
        int to = comma < 0 ? mode.length() : comma;
        String o = mode.substring(from, to);
        switch (o) {
          case "ro" -> readOnly = true;
          case "rw" -> readOnly = false;
          case "z" -> label = SelinuxLabel.SHARED;
          case "Z" -> label = SelinuxLabel.PRIVATE;
          case "nocopy" -> noCopy = true;
          case "consistent" -> consistency = Consistency.CONSISTENT;
          case "cached" -> consistency = Consistency.CACHED;
          case "delegated" -> consistency = Consistency.DELEGATED;
          case "private" -> propagation = Propagation.PRIVATE;
          case "rprivate" -> propagation = Propagation.RPRIVATE;
          case "shared" -> propagation = Propagation.SHARED;
          case "rshared" -> propagation = Propagation.RSHARED;
          case "slave" -> propagation = Propagation.SLAVE;
          default -> propagation = Propagation.RSLAVE;
        }
        if (bind && o.equals("nocopy")) {
          throw error(raw, o, at, spec + "field VolumeOptions must not be specified; nocopy applies to volumes only, drop it");
        }
        if (!bind && propagation != null) {
          throw error(raw, o, at, spec + "field BindOptions must not be specified; propagation applies to bind mounts only, drop it");
        }
        at += o.length() + 1;
        if (comma < 0) {
          break;
        }
        from = comma + 1;
      }
    }
    final boolean ro = readOnly;
    final boolean nc = noCopy;
    final SelinuxLabel lbl = label;
    final Propagation prop = propagation;
    final Consistency cons = consistency;
    final String src = source;
    if (bind) {
      return build(raw, () -> {
        BindMount.Builder b = BindMount.builder().source(src).target(target).readOnly(ro).createMountpoint(true);
        if (lbl != null) {
          b.selinuxLabel(lbl);
        }
        if (prop != null) {
          b.propagation(prop);
        }
        if (cons != null) {
          b.consistency(cons);
        }
        return b.build();
      }, target, targetAt);
    }
    return build(raw, () -> {
      VolumeMount.Builder b = VolumeMount.builder().target(target).readOnly(ro).noCopy(nc);
      if (src != null) {
        b.source(src);
      }
      if (lbl != null) {
        b.selinuxLabel(lbl);
      }
      if (cons != null) {
        b.consistency(cons);
      }
      return b.build();
    }, source == null ? target : source, source == null ? targetAt : 0);
  }

  static void checkTarget(String raw, String target, int at, String prefix) {
    if (target.isEmpty()) {
      throw error(raw, "", at, prefix + "field Target must not be empty; give an absolute path in the container");
    }
    if (GoPaths.clean(target.replace('\\', '/')).equals("/")) {
      throw error(raw, target, at, prefix + "invalid specification: destination can't be '/'; mount at a directory below it");
    }
    if (!target.startsWith("/")) {
      throw error(raw, target, at, prefix + "invalid mount path: '" + target + "' mount path must be absolute; give an absolute path in the container");
    }
  }

  static String resolve(String relative, ParseOptions options, String raw) {
    String base = options.baseDirectory().orElseGet(() -> System.getProperty("user.dir", "/"));
    if (!base.startsWith("/")) {
      throw error(raw, relative, raw.indexOf(relative), "relative source '" + relative + "' needs an absolute base directory, but it is \""
          + base + "\"; set ParseOptions.baseDirectory");
    }
    String abs = GoPaths.clean(base + "/" + relative);
    if (abs.indexOf(':') >= 0) {
      throw error(raw, relative, raw.indexOf(relative), "relative source '" + relative + "' resolves to " + abs
          + ", which contains ':' that the daemon would split on; use another base directory or --mount");
    }
    return abs;
  }

  static boolean validLinuxMode(String mode) {
    return modeProblem(mode) == null;
  }

  /** Why a {@code -v} mode list is invalid, or {@code null}. */
  static String modeProblem(String mode) {
    if (mode.isEmpty()) {
      return null;
    }
    int rw = 0;
    int label = 0;
    int prop = 0;
    int copy = 0;
    int cons = 0;
    int from = 0;
    while (true) {
      int comma = mode.indexOf(',', from);
      String o = mode.substring(from, comma < 0 ? mode.length() : comma);
      switch (o) {
        case "ro", "rw" -> rw++;
        case "z", "Z" -> label++;
        case "private", "rprivate", "shared", "rshared", "slave", "rslave" -> prop++;
        case "nocopy" -> copy++;
        case "consistent", "cached", "delegated" -> cons++;
        default -> {
          return o.isEmpty() ? "an empty mode" : "unknown mode '" + o + "'";
        }
      }
      if (comma < 0) {
        break;
      }
      from = comma + 1;
    }
    if (rw > 1) {
      return "more than one of ro/rw";
    }
    if (label > 1) {
      return "more than one of z/Z";
    }
    if (prop > 1) {
      return "more than one propagation";
    }
    if (copy > 1) {
      return "nocopy twice";
    }
    if (cons > 1) {
      return "more than one consistency";
    }
    return null;
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static MountSpec throwAt(String raw, String token, int at, String message) {
    throw error(raw, token, at, message);
  }

  static Map<String, String> putCut(Map<String, String> map, String val) {
    int eq = val.indexOf('=');
    String k = eq < 0 ? val : val.substring(0, eq);
    String v = eq < 0 ? "" : val.substring(eq + 1);
    Map<String, String> m = map == null ? new LinkedHashMap<>() : map;
    if (!k.isEmpty()) {
      m.put(k, v);
    }
    return m;
  }

  /** Go's strconv.ParseBool; a key without a value is {@code true}. */
  static boolean bool(String raw, String key, String val, boolean hasValue, String field, int at) {
    if (!hasValue) {
      return true;
    }
    switch (val) {
      case "1", "t", "T", "TRUE", "true", "True":
        return true;
      case "0", "f", "F", "FALSE", "false", "False":
        return false;
      default:
        throw error(raw, field, at, "invalid value for " + key + ": " + val + "; give true or false");
    }
  }

  /** Go's strconv.ParseUint(s, 8, 64); -1 if not octal digits. */
  static long parseOctal(String s) {
    if (s.isEmpty() || s.length() > 22) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '7') {
        return -1;
      }
      v = v * 8 + (ch - '0');
      if (v > 0xFFFFFFFFL) {
        return Long.MAX_VALUE;
      }
    }
    return v;
  }

  // ---- --tmpfs -------------------------------------------------------------------------------

  private static MountSpec parseTmpfsFlag(String raw) {
    int colon = raw.indexOf(':');
    String target = colon < 0 ? raw : raw.substring(0, colon);
    String data = colon < 0 ? "" : raw.substring(colon + 1);
    checkTarget(raw, target, 0, "");
    boolean readOnly = false;
    OptionalLong size = OptionalLong.empty();
    OptionalInt mode = OptionalInt.empty();
    List<String> options = new ArrayList<>();
    int at = colon + 1;
    if (colon >= 0) {
      for (String o : data.split(",", -1)) {
        int oAt = at;
        at += o.length() + 1;
        if (o.isEmpty() && !data.isEmpty()) {
          // recorded: the CLI sends "/t:ro," on and the daemon refuses it at start ("/t:" starts: no options)
          throw error(raw, ",", Math.max(0, oAt - 1), "invalid tmpfs option [\"\"] (the daemon refuses it when the container"
              + " starts); remove the extra ','");
        }
        if (o.isEmpty()) {
          continue;
        }
        if (o.equals("ro")) {
          readOnly = true;
          continue;
        }
        if (o.equals("rw")) {
          readOnly = false;
          continue;
        }
        int eq = o.indexOf('=');
        String key = eq < 0 ? o : o.substring(0, eq);
        String val = eq < 0 ? "" : o.substring(eq + 1);
        if (eq < 0 && TmpfsOptionRules.FLAGS.contains(o)) {
          options.add(o);
          continue;
        }
        if (eq < 0 && TmpfsOptionRules.FAILING_FLAGS.contains(o)) {
          throw error(raw, o, oAt, TmpfsOptionRules.failing(o));
        }
        if (eq < 0 || !TmpfsOptionRules.DATA_KEYS.contains(key)) {
          throw error(raw, o, oAt, "invalid tmpfs option " + TmpfsOptionRules.goQuoted(o)
              + " (the daemon refuses it when the container starts); allowed: flags such as exec, noexec, nosuid, nodev,"
              + " and size=, mode=, uid=, gid=, nr_inodes=, nr_blocks=, mpol=");
        }
        switch (key) {
          case "size" -> {
            options.removeIf(x -> x.startsWith("size="));
            if (TmpfsOptionRules.isPercentOrZeroSize(val)) {
              options.add(o);
              size = OptionalLong.empty();
            } else {
              long s = Sizes.kernelSize(val);
              if (s <= 0) {
                throw error(raw, o, oAt, "invalid tmpfs size '" + val + "' (the kernel refuses it when the container starts);"
                    + " give bytes with an optional k, m or g suffix (64m), or a percentage of memory (50%)");
              }
              size = OptionalLong.of(s);
            }
          }
          case "mode" -> {
            long m = parseOctal(val);
            if (m < 0) {
              throw error(raw, o, oAt, "invalid tmpfs mode '" + val + "' (the kernel refuses it when the container starts);"
                  + " give octal permission bits such as 1777");
            }
            if (m > Integer.MAX_VALUE) {
              throw error(raw, o, oAt, "tmpfs mode 0" + Long.toOctalString(m) + " is too large; give permission bits such as 1777");
            }
            mode = OptionalInt.of((int) m);
          }
          default -> options.add(o);
        }
      }
    }
    final boolean ro = readOnly;
    final OptionalLong sz = size;
    final OptionalInt md = mode;
    return build(raw, () -> TmpfsMount.builder().target(target).readOnly(ro).sizeBytes(sz).mode(md).addAllOptions(options).build(),
        target, 0);
  }

  // ---- --volumes-from ------------------------------------------------------------------------

  /** {@code --volumes-from} text as read: the container and the mode, if one was given. */
  public record VolumesFromText(String container, java.util.Optional<Boolean> readOnly, java.util.Optional<SelinuxLabel> label) {}

  public static VolumesFromText parseVolumesFrom(String raw) {
    Objects.requireNonNull(raw, "value == null");
    if (raw.isEmpty()) {
      throw error(raw, "", 0, "volumes-from specification cannot be an empty string; give a container name or id, optionally with :ro or :rw");
    }
    int colon = raw.indexOf(':');
    String id = colon < 0 ? raw : raw.substring(0, colon);
    String mode = colon < 0 ? "" : raw.substring(colon + 1);
    if (id.isEmpty()) {
      throw error(raw, "", 0, "volumes-from specification has no container; give a container name or id before ':'");
    }
    // any other text goes to the daemon, which answers "No such container" (recorded: /name is a name)
    if (mode.isEmpty()) {
      return new VolumesFromText(id, java.util.Optional.empty(), java.util.Optional.empty());
    }
    String problem = modeProblem(mode);
    if (problem != null) {
      throw error(raw, mode, colon + 1, "invalid mode: " + mode + " (" + problem + "); give ro or rw");
    }
    Boolean ro = null;
    SelinuxLabel label = null;
    for (String o : mode.split(",", -1)) {
      switch (o) {
        case "ro" -> ro = Boolean.TRUE;
        case "rw" -> ro = Boolean.FALSE;
        case "z" -> label = SelinuxLabel.SHARED;
        case "Z" -> label = SelinuxLabel.PRIVATE;
        case "consistent", "cached", "delegated" -> { }  // accepted and ignored by a Linux daemon (recorded)
        case "private", "rprivate", "shared", "rshared", "slave", "rslave", "nocopy" ->
            throw error(raw, mode, colon + 1, "invalid mode: " + mode + " (" + o + " is not allowed with volumes-from); give ro or rw");
        default -> { }  // modeProblem let through only the words above
      }
    }
    return new VolumesFromText(id, java.util.Optional.ofNullable(ro), java.util.Optional.ofNullable(label));
  }


}
