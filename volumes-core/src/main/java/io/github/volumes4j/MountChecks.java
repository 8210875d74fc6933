package io.github.volumes4j;

import io.github.volumes4j.internal.GoPaths;
import io.github.volumes4j.internal.GoQuote;
import io.github.volumes4j.internal.TmpfsOptionRules;

/** Rules every mount value checks when it is built; the syntaxes add their own on top. */
final class MountChecks {

  private MountChecks() {}

  static void target(String target, MountSpec mount) {
    if (target.isEmpty()) {
      throw invalid(mount, "", "invalid mount config: field Target must not be empty; give an absolute path in the container");
    }
    if (isWindowsAbsolute(target)) {
      if (target.length() <= 3) {
        throw invalid(mount, target, "invalid specification: destination can't be '" + target + "'; mount at a directory below it");
      }
      return;
    }
    if (!target.startsWith("/")) {
      throw invalid(mount, target, "invalid mount path: '" + target + "' mount path must be absolute");
    }
    if (GoPaths.clean(target.replace('\\', '/')).equals("/")) {
      throw invalid(mount, target, "invalid specification: destination can't be '/'; mount at a directory below it");
    }
    if (target.indexOf('\0') >= 0) {
      throw invalid(mount, target, "invalid mount path: target contains a NUL character");
    }
  }

  static void bindSource(String source, MountSpec mount) {
    if (source.isEmpty()) {
      throw invalid(mount, "", "invalid mount config for type \"bind\": field Source must not be empty; give an absolute host path");
    }
    if (!source.startsWith("/") && !isWindowsAbsolute(source)) {
      throw invalid(mount, source, "invalid mount path: '" + source + "' mount path must be absolute; give an absolute host path");
    }
    if (source.indexOf('\0') >= 0) {
      throw invalid(mount, source, "invalid mount path: source contains a NUL character");
    }
  }

  /** {@code C:\\dir}, {@code C:/dir} or {@code \\\\?\\C:\\dir}: a path a Windows daemon reads as absolute. */
  static boolean isWindowsAbsolute(String p) {
    if (p.startsWith("\\\\?\\")) {
      return true;
    }
    return p.length() >= 3 && ((p.charAt(0) >= 'a' && p.charAt(0) <= 'z') || (p.charAt(0) >= 'A' && p.charAt(0) <= 'Z'))
        && p.charAt(1) == ':' && (p.charAt(2) == '\\' || p.charAt(2) == '/');
  }

  static void nonEmpty(String what, String value, MountSpec mount) {
    if (value.isEmpty()) {
      throw invalid(mount, value, what + " is empty; give a value or leave it out");
    }
  }

  /** The local driver's rule: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}. */
  static void localVolumeName(String name, MountSpec mount) {
    if (name.length() == 1) {
      throw invalid(mount, name, "create " + name
          + ": volume name is too short, names should be at least two alphanumeric characters");
    }
    if (!isLocalVolumeName(name)) {
      throw invalid(mount, name, "create " + name + ": " + GoQuote.quote(name)
          + " includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed."
          + " If you intended to pass a host directory, use absolute path");
    }
  }

  static boolean isLocalVolumeName(String name) {
    if (name.length() < 2 || !alnum(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!alnum(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  static void subpath(String subpath, MountSpec mount) {
    if (!GoPaths.isLocal(subpath) || subpath.indexOf('\0') >= 0) {
      throw invalid(mount, subpath, "invalid mount config for type \"volume\": subpath must be a relative path within the volume"
          + " (got \"" + subpath + "\"); give a path such as app/config");
    }
  }

  static void tmpfsOption(String option, MountSpec mount) {
    String problem = TmpfsOptionRules.problem(option);
    if (problem != null) {
      throw invalid(mount, option, problem);
    }
  }

  static InvalidMountSpecException invalid(MountSpec mount, String message) {
    return invalid(mount, "", message);
  }

  static InvalidMountSpecException invalid(MountSpec mount, String token, String message) {
    String input = String.valueOf(mount);
    return new InvalidMountSpecException(input, token, token.isEmpty() ? -1 : input.indexOf(token), message);
  }
}
