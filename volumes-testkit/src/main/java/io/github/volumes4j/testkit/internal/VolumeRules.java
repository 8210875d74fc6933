package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.EngineException;
import io.github.volumes4j.InvalidVolumeSpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Docker's rules for volumes as the in-memory engine applies them, each in the daemon's words (recorded
 * from Docker 20.10 and checked by the contract): which names and local-driver options a create accepts,
 * how {@code name=} and {@code label=} filters match. Not API.
 */
public final class VolumeRules {

  private VolumeRules() {}

  /** Refuses a new volume's name or local-driver options as the daemon does (the driver exists). */
  public static void checkNew(String n, String driver, Map<String, String> options) {
    if (n.length() == 1) {
      throw new InvalidVolumeSpecException(n, "create " + n
          + ": volume name is too short, names should be at least two alphanumeric characters");
    }
    if (!Names.validName(n)) {
      throw new InvalidVolumeSpecException(n, "create " + n + ": \"" + n
          + "\" includes invalid characters for a local volume name, only \"" + Names.RESTRICTED_NAME_CHARS
          + "\" are allowed. If you intended to pass a host directory, use absolute path");
    }
    if (driver.equals("local")) {
      io.github.volumes4j.internal.DaemonRules.localVolumeCreate(n, options, "/var/lib/docker").ifPresent(r -> {
        throw new InvalidVolumeSpecException(r.value(), r.message());
      });
    }
  }

  /** The daemon's answer to a create with a driver it does not have. */
  public static EngineException pluginNotFound(String name, String driver) {
    return new EngineException(404, io.github.volumes4j.internal.DaemonRules.pluginNotFound(name, driver), null);
  }

  /** One matcher per {@code name=} value, as the daemon's {@code filters.Match}. */
  public static List<Predicate<String>> nameMatchers(List<String> names) {
    // as the daemon's filters.Match: a name equal to the value matches; else the value is a regular
    // expression searched in the name, and one that does not compile matches nothing (recorded from 20.10:
    // name=[ lists no volume, with 200). Java's syntax stands in for Go's RE2.
    List<Predicate<String>> out = new ArrayList<>();
    for (String n : names) {
      Pattern p;
      try {
        p = Pattern.compile(n);
      } catch (PatternSyntaxException e) {
        p = null;
      }
      Pattern compiled = p;
      out.add(name -> name.equals(n) || compiled != null && compiled.matcher(name).find());
    }
    return out;
  }

  /** Whether labels match a {@code label=} value: {@code key} or {@code key=value}. */
  public static boolean labelMatches(Map<String, String> labels, String filter) {
    if (labels == null) {
      return false;
    }
    int eq = filter.indexOf('=');
    if (eq < 0) {
      return labels.containsKey(filter);
    }
    String v = labels.get(filter.substring(0, eq));
    return v != null && v.equals(filter.substring(eq + 1));
  }

}
