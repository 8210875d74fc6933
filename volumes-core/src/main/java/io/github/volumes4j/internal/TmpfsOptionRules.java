package io.github.volumes4j.internal;

import java.util.Set;

/**
 * The tmpfs options the Docker daemon accepts in {@code HostConfig.Tmpfs} ({@code --tmpfs}): mount
 * flags, and the data keys {@code size}, {@code mode}, {@code uid}, {@code gid}, {@code nr_inodes},
 * {@code nr_blocks}, {@code mpol}. Anything else fails when the container starts with
 * {@code invalid tmpfs option ["key" "value"]}. Not API.
 */
public final class TmpfsOptionRules {

  private TmpfsOptionRules() {}

  /**
   * Flags Docker's mount option parser knows (they never carry {@code =value}), without
   * {@code bind}, {@code rbind} and {@code remount}: the daemon accepts those at create, but the
   * container then fails to start (runc cannot mount a tmpfs with them).
   */
  public static final Set<String> FLAGS = Set.of(
      "defaults", "ro", "rw", "suid", "nosuid", "dev", "nodev", "exec", "noexec", "sync", "async",
      "dirsync", "mand", "nomand", "atime", "noatime", "diratime", "nodiratime",
      "unbindable", "runbindable", "private", "rprivate", "shared", "rshared", "slave",
      "rslave", "relatime", "norelatime", "strictatime", "nostrictatime");

  /** Flags the daemon lets through but with which no container starts. */
  public static final Set<String> FAILING_FLAGS = Set.of("bind", "rbind", "remount");

  /** Data keys the daemon lets through to the kernel. */
  public static final Set<String> DATA_KEYS = Set.of("size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol");

  /**
   * Why an entry of {@code TmpfsMount.options()} is not acceptable, or {@code null} if it is.
   * {@code ro}/{@code rw}, {@code mode=} and byte sizes have their own attributes.
   */
  public static String problem(String option) {
    int eq = option.indexOf('=');
    String key = eq < 0 ? option : option.substring(0, eq);
    if (eq < 0) {
      if (key.equals("ro") || key.equals("rw")) {
        return "tmpfs option \"" + option + "\" is the readOnly attribute; set readOnly instead";
      }
      if (FLAGS.contains(key)) {
        return null;
      }
      if (FAILING_FLAGS.contains(key)) {
        return failing(option);
      }
      if (DATA_KEYS.contains(key)) {
        return "tmpfs option \"" + option + "\" needs a value, for example " + key + "=1000";
      }
      return "invalid tmpfs option " + goQuoted(option) + "; allowed: " + allowed();
    }
    String value = option.substring(eq + 1);
    if (!DATA_KEYS.contains(key)) {
      return "invalid tmpfs option " + goQuoted(option) + "; allowed: " + allowed();
    }
    if (value.isEmpty()) {
      return "tmpfs option \"" + option + "\" has an empty value; give a value or leave it out";
    }
    if (key.equals("mode")) {
      return "tmpfs option \"" + option + "\" is the mode attribute; set mode instead";
    }
    if (key.equals("size") && !isPercentOrZeroSize(value)) {
      return "tmpfs option \"" + option + "\" is the sizeBytes attribute; set sizeBytes instead"
          + " (only a percentage such as size=50% or size=0 stays an option)";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || Character.isWhitespace(c) || Character.isISOControl(c)) {
        return "tmpfs option \"" + option + "\" contains '" + printable(c) + "'; give a plain value";
      }
    }
    return null;
  }

  /** The message for {@code bind}, {@code rbind}, {@code remount}. */
  public static String failing(String option) {
    return "tmpfs option \"" + option + "\" is accepted by the daemon at create, but no container starts with it"
        + " (runc cannot mount a tmpfs that way); leave it out";
  }

  /** {@code 50%} or {@code 0}: sizes that are not a byte count. */
  public static boolean isPercentOrZeroSize(String value) {
    if (value.equals("0")) {
      return true;
    }
    if (value.length() < 2 || value.charAt(value.length() - 1) != '%') {
      return false;
    }
    for (int i = 0; i < value.length() - 1; i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code %q} of the option split at the first {@code =}, as the daemon prints it. */
  public static String goQuoted(String option) {
    int eq = option.indexOf('=');
    if (eq < 0) {
      return "[" + GoQuote.quote(option) + "]";
    }
    return "[" + GoQuote.quote(option.substring(0, eq)) + " " + GoQuote.quote(option.substring(eq + 1)) + "]";
  }

  static String printable(char c) {
    return c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  private static String allowed() {
    return "exec, noexec, nosuid, nodev, ... and size=, mode=, uid=, gid=, nr_inodes=, nr_blocks=, mpol=";
  }
}
