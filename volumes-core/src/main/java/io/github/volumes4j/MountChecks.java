package io.github.volumes4j;

/** Rules every mount value checks when it is built; the syntaxes add their own on top. */
final class MountChecks {

  private MountChecks() {}

  static void target(String target, MountSpec mount) {
    if (target.isEmpty()) {
      throw invalid(mount, "", "invalid mount config: mount target is empty; give an absolute path in the container");
    }
    if (!target.startsWith("/")) {
      throw invalid(mount, target, "invalid mount path: '" + target + "' mount path must be absolute");
    }
    if (target.chars().allMatch(c -> c == '/') || target.equals("/.")) {
      throw invalid(mount, target, "invalid specification: destination can't be '/'");
    }
  }

  static void nonEmpty(String what, String value, MountSpec mount) {
    if (value.isEmpty()) {
      throw invalid(mount, value, what + " is empty; give a value or leave it out");
    }
  }

  static void subpath(String subpath, MountSpec mount) {
    if (subpath.isEmpty() || subpath.startsWith("/")) {
      throw invalid(mount, subpath, "subpath \"" + subpath + "\" must be a relative path inside the volume");
    }
    for (String part : subpath.split("/", -1)) {
      if (part.equals("..")) {
        throw invalid(mount, subpath, "subpath \"" + subpath + "\" must not leave the volume with '..'");
      }
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
