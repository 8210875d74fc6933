package io.github.volumes4j;

import java.util.Objects;

/**
 * A Docker Engine API version such as {@code 1.41}; ordered, so that features can be gated.
 *
 * <pre>{@code
 * ApiVersion v = ApiVersion.parse("1.41");
 * boolean subpaths = v.isAtLeast(ApiVersion.of(1, 45));   // false
 * }</pre>
 */
public final class ApiVersion implements Comparable<ApiVersion> {

  /** The oldest version volumes4j speaks: Docker 20.10. */
  public static final ApiVersion MINIMUM = new ApiVersion(1, 41);
  /** {@code BindOptions.CreateMountpoint}; prune removes anonymous volumes only. */
  public static final ApiVersion V1_42 = new ApiVersion(1, 42);
  /** {@code BindOptions.ReadOnlyNonRecursive} and {@code ReadOnlyForceRecursive}. */
  public static final ApiVersion V1_44 = new ApiVersion(1, 44);
  /** {@code VolumeOptions.Subpath}. */
  public static final ApiVersion V1_45 = new ApiVersion(1, 45);
  /** {@code TmpfsOptions.Options}. */
  public static final ApiVersion V1_46 = new ApiVersion(1, 46);
  /** Image mounts. */
  public static final ApiVersion V1_48 = new ApiVersion(1, 48);
  /** The newest version this release knows. */
  public static final ApiVersion LATEST = new ApiVersion(1, 51);

  private final int major;
  private final int minor;

  private ApiVersion(int major, int minor) {
    this.major = major;
    this.minor = minor;
  }

  /** The version {@code major.minor}: {@code ApiVersion.of(1, 41)}. */
  public static ApiVersion of(int major, int minor) {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("API version " + major + "." + minor + " has a negative part");
    }
    return new ApiVersion(major, minor);
  }

  /** Reads {@code 1.41} (a leading {@code v} is accepted). */
  public static ApiVersion parse(String text) {
    Objects.requireNonNull(text, "text == null");
    String t = text.startsWith("v") ? text.substring(1) : text;
    int dot = t.indexOf('.');
    try {
      if (dot > 0 && dot < t.length() - 1) {
        return of(Integer.parseInt(t.substring(0, dot)), Integer.parseInt(t.substring(dot + 1)));
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("API version \"" + text + "\" is not MAJOR.MINOR, for example 1.41");
  }

  /** The major number: {@code 1} of {@code 1.41}. */
  public int major() {
    return major;
  }

  /** The minor number: {@code 41} of {@code 1.41}. */
  public int minor() {
    return minor;
  }

  /** Whether this version is {@code other} or newer: {@code info.apiVersion().isAtLeast(ApiVersion.V1_42)}. */
  public boolean isAtLeast(ApiVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiVersion v && v.major == major && v.minor == minor;
  }

  @Override
  public int hashCode() {
    return major * 1000 + minor;
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
