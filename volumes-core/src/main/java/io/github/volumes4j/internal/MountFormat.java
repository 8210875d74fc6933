package io.github.volumes4j.internal;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.Consistency;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes mount values in the docker CLI's syntaxes, and tells which values a syntax can express.
 * Not API: use {@code MountSyntax#format} and {@code MountSyntax#canWrite}.
 */
public final class MountFormat {

  private MountFormat() {}

  /** The syntax a flag names. */
  public enum Flag {
    VOLUME, MOUNT, TMPFS;

    /** {@code -v}, {@code --volume}, {@code --mount}, {@code --tmpfs}; anything else is a caller mistake. */
    public static Flag of(String flag) {
      java.util.Objects.requireNonNull(flag, "flag == null");
      switch (flag) {
        case "-v":
        case "--volume":
          return VOLUME;
        case "--mount":
          return MOUNT;
        case "--tmpfs":
          return TMPFS;
        default:
          throw new IllegalArgumentException("unknown mount flag \"" + flag + "\"; use -v, --volume, --mount or --tmpfs");
      }
    }
  }

  /** Whether {@link #format} succeeds for this flag. */
  public static boolean expressibleAs(MountSpec m, String flag) {
    return whyNot(m, Flag.of(flag)) == null;
  }

  /**
   * The spec in the syntax of {@code flag}.
   *
   * @throws IllegalArgumentException if the syntax cannot express the value; the message names the
   *     attribute and a flag that can
   */
  public static String format(MountSpec m, String flag) {
    Flag f = Flag.of(flag);
    String why = whyNot(m, f);
    if (why != null) {
      throw new IllegalArgumentException(flag + " cannot express " + why + ": " + m);
    }
    switch (f) {
      case VOLUME:
        return formatVolumeFlag(m);
      case MOUNT:
        return formatMountFlag(m);
      default:
        return formatTmpfsFlag((TmpfsMount) m);
    }
  }

  /** Why {@code m} cannot be written with {@code f}, or {@code null} when it can. */
  public static String whyNot(MountSpec m, Flag f) {
    switch (f) {
      case VOLUME:
        return whyNotVolumeFlag(m);
      case MOUNT:
        return whyNotMountFlag(m);
      default:
        return whyNotTmpfsFlag(m);
    }
  }

  // ---- -v ------------------------------------------------------------------------------------

  private static String whyNotVolumeFlag(MountSpec m) {
    if (m instanceof TmpfsMount) {
      return "a tmpfs (use --tmpfs or --mount type=tmpfs)";
    }
    if (cliAnonymousTarget(m)) {
      VolumeMount v = (VolumeMount) m;
      String t = m.target();
      boolean readBack = t.length() <= 2 || t.indexOf(':', MountParser.isAsciiLetter(t.charAt(0)) && t.charAt(1) == ':' ? 2 : 0) < 0;
      if (!readBack) {
        return "a target containing ':' (use --mount)";
      }
      return v.noCopy() || v.consistency().isPresent() || v.selinuxLabel().isPresent() ? "modes on the anonymous volume '" + t
          + "' (use an absolute target)" : null;
    }
    if (m.target().indexOf(':') >= 0) {
      return "a target containing ':' (use --mount)";
    }
    if (m.consistency().isPresent() && m.consistency().get() == Consistency.DEFAULT) {
      return "consistency=default, which is not a -v mode (use --mount, or leave consistency out)";
    }
    if (m instanceof VolumeMount v) {
      if (v.subpath().isPresent()) {
        return "a volume subpath (use --mount with volume-subpath)";
      }
      if (v.driver().isPresent()) {
        return "a volume driver (use --mount with volume-driver)";
      }
      if (!v.labels().isEmpty()) {
        return "volume labels (use --mount with volume-label)";
      }
      if (!v.driverOptions().isEmpty()) {
        return "volume driver options (use --mount with volume-opt)";
      }
      if (v.anonymous() && (v.noCopy() || v.consistency().isPresent() || v.selinuxLabel().isPresent())) {
        return "modes on an anonymous volume, because -v takes a bare target for it (use --mount, or name the volume)";
      }
      return null;
    }
    BindMount b = (BindMount) m;
    if (b.recursion().isPresent()) {
      return "bind-recursive=" + b.recursion().get().cliName() + " (use --mount)";
    }
    if (b.source().indexOf(':') >= 0) {
      return "a source containing ':' (use --mount)";
    }
    return null;
  }

  private static String formatVolumeFlag(MountSpec m) {
    StringBuilder modes = new StringBuilder();
    if (m.readOnly()) {
      append(modes, "ro");
    }
    if (m instanceof VolumeMount v) {
      if (v.anonymous()) {
        return v.target();
      }
      v.selinuxLabel().ifPresent(l -> append(modes, l.mode()));
      if (v.noCopy()) {
        append(modes, "nocopy");
      }
      v.consistency().ifPresent(c -> append(modes, c.apiName()));
      return v.source().get() + ":" + v.target() + (modes.length() == 0 ? "" : ":" + modes);
    }
    BindMount b = (BindMount) m;
    b.selinuxLabel().ifPresent(l -> append(modes, l.mode()));
    b.propagation().ifPresent(p -> append(modes, p.apiName()));
    b.consistency().ifPresent(c -> append(modes, c.apiName()));
    return b.source() + ":" + b.target() + (modes.length() == 0 ? "" : ":" + modes);
  }

  private static void append(StringBuilder b, String s) {
    if (b.length() > 0) {
      b.append(',');
    }
    b.append(s);
  }

  // ---- --mount -------------------------------------------------------------------------------

  /** A target only {@code -v} takes: relative, or a drive letter with '/' on a Linux daemon ({@code -v a:/x}). */
  private static boolean cliAnonymousTarget(MountSpec m) {
    String t = m.target();
    boolean windowsAbsolute = t.startsWith("\\\\") || (t.length() >= 3 && MountParser.isAsciiLetter(t.charAt(0))
        && t.charAt(1) == ':' && t.charAt(2) == '\\');
    return m instanceof VolumeMount v && v.origin().orElse(null) == MountSpec.Origin.VOLUME_FLAG && v.anonymous()
        && !t.startsWith("/") && !windowsAbsolute;
  }

  private static String whyNotMountFlag(MountSpec m) {
    if (cliAnonymousTarget(m)) {
      return "the target '" + m.target() + "', which only -v passes on (as an anonymous volume)";
    }
    if (m.target().indexOf('\r') >= 0) {
      return "a target containing a carriage return";
    }
    if (m instanceof VolumeMount v) {
      if (v.selinuxLabel().isPresent()) {
        return "SELinux relabelling '" + v.selinuxLabel().get().mode() + "' (use -v)";
      }
      if (v.source().isPresent() && (v.source().get().startsWith(".") || v.source().get().indexOf('\r') >= 0)) {
        return "a volume name starting with '.', which the docker CLI reads as a relative path";
      }
      for (Map.Entry<String, String> e : v.labels().entrySet()) {
        if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0 || (e.getKey() + e.getValue()).indexOf('\r') >= 0) {
          return "a volume label whose key is empty or contains '=' or a carriage return";
        }
      }
      for (Map.Entry<String, String> e : v.driverOptions().entrySet()) {
        if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0 || (e.getKey() + e.getValue()).indexOf('\r') >= 0) {
          return "a volume driver option whose key is empty or contains '=' or a carriage return";
        }
      }
      if (v.subpath().isPresent() && v.subpath().get().indexOf('\r') >= 0) {
        return "a subpath containing a carriage return";
      }
      if (v.driver().isPresent() && v.driver().get().indexOf('\r') >= 0) {
        return "a driver name containing a carriage return";
      }
      return null;
    }
    if (m instanceof BindMount b) {
      if (b.selinuxLabel().isPresent()) {
        return "SELinux relabelling '" + b.selinuxLabel().get().mode() + "' (use -v)";
      }
      if (b.source().indexOf('\r') >= 0) {
        return "a source containing a carriage return";
      }
      return null;
    }
    TmpfsMount t = (TmpfsMount) m;
    if (!t.options().isEmpty()) {
      return "tmpfs options " + t.options() + " (use --tmpfs)";
    }
    if (t.mode().isPresent() && t.mode().getAsInt() == 0) {
      return "tmpfs mode 0, which --mount reads as 'no mode' (use --tmpfs)";
    }
    if (t.sizeBytes().isPresent() && sizeText(t.sizeBytes().getAsLong()) == null) {
      return "tmpfs size " + t.sizeBytes().getAsLong() + " exactly (the docker CLI reads sizes as floating point; use --tmpfs)";
    }
    return null;
  }

  private static String formatMountFlag(MountSpec m) {
    List<String> fields = new ArrayList<>();
    fields.add("type=" + m.type().apiName());
    if (m instanceof VolumeMount v) {
      v.source().ifPresent(s -> fields.add("source=" + s));
      fields.add("target=" + v.target());
      if (v.readOnly()) {
        fields.add("readonly");
      }
      if (v.noCopy()) {
        fields.add("volume-nocopy");
      }
      v.subpath().ifPresent(s -> fields.add("volume-subpath=" + s));
      v.driver().ifPresent(d -> fields.add("volume-driver=" + d));
      v.labels().forEach((k, val) -> fields.add("volume-label=" + k + "=" + val));
      v.driverOptions().forEach((k, val) -> fields.add("volume-opt=" + k + "=" + val));
    } else if (m instanceof BindMount b) {
      fields.add("source=" + b.source());
      fields.add("target=" + b.target());
      if (b.readOnly()) {
        fields.add("readonly");
      }
      b.propagation().ifPresent(p -> fields.add("bind-propagation=" + p.apiName()));
      b.recursion().ifPresent(r -> fields.add("bind-recursive=" + r.cliName()));
      if (b.createMountpoint()) {
        fields.add("bind-create-src=true");
      }
    } else {
      TmpfsMount t = (TmpfsMount) m;
      fields.add("target=" + t.target());
      if (t.readOnly()) {
        fields.add("readonly");
      }
      if (t.sizeBytes().isPresent()) {
        fields.add("tmpfs-size=" + sizeText(t.sizeBytes().getAsLong()));
      }
      if (t.mode().isPresent()) {
        fields.add("tmpfs-mode=" + Integer.toOctalString(t.mode().getAsInt()));
      }
    }
    m.consistency().ifPresent(c -> fields.add("consistency=" + c.apiName()));
    StringBuilder out = new StringBuilder();
    for (String field : fields) {
      if (out.length() > 0) {
        out.append(',');
      }
      GoCsv.appendField(out, field);
    }
    return out.toString();
  }

  /** A {@code tmpfs-size} text that the docker CLI reads back as exactly {@code bytes}, or null. */
  static String sizeText(long bytes) {
    String[] suffixes = {"g", "m", "k"};
    long[] divisors = {1L << 30, 1L << 20, 1L << 10};
    for (int i = 0; i < suffixes.length; i++) {
      if (bytes % divisors[i] == 0) {
        String s = (bytes / divisors[i]) + suffixes[i];
        if (Sizes.ramInBytes(s) == bytes) {
          return s;
        }
      }
    }
    String plain = Long.toString(bytes);
    return Sizes.ramInBytes(plain) == bytes ? plain : null;
  }

  // ---- --tmpfs -------------------------------------------------------------------------------

  private static String whyNotTmpfsFlag(MountSpec m) {
    if (!(m instanceof TmpfsMount t)) {
      return "a " + m.type().apiName() + " mount (use -v or --mount)";
    }
    if (t.target().indexOf(':') >= 0) {
      return "a target containing ':' (use --mount)";
    }
    if (t.consistency().isPresent()) {
      return "a consistency (use --mount)";
    }
    return null;
  }

  private static String formatTmpfsFlag(TmpfsMount t) {
    StringBuilder opts = new StringBuilder();
    if (t.readOnly()) {
      append(opts, "ro");
    }
    for (String o : t.options()) {
      append(opts, o);
    }
    if (t.sizeBytes().isPresent()) {
      append(opts, "size=" + Sizes.kernelSizeText(t.sizeBytes().getAsLong()));
    }
    if (t.mode().isPresent()) {
      append(opts, "mode=" + Integer.toOctalString(t.mode().getAsInt()));
    }
    return opts.length() == 0 ? t.target() : t.target() + ":" + opts;
  }

  // ---- --volumes-from ------------------------------------------------------------------------
}
