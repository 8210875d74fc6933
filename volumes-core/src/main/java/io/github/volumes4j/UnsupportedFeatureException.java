package io.github.volumes4j;

import java.util.Optional;

/**
 * The engine, or its API version, cannot do what was asked; thrown before anything is created.
 *
 * <pre>{@code
 * try { volumes.containers().create(specWithSubpath); }
 * catch (UnsupportedFeatureException e) {
 *   System.out.println(e.feature() + " needs API " + e.requiredVersion().orElseThrow());
 * }
 * }</pre>
 *
 * <p>This matters for data: a Docker daemon older than a field ignores it rather than refusing it
 * (a 1.41 daemon mounts the whole volume when asked for a subpath), so the library refuses first.
 */
public class UnsupportedFeatureException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** What was asked for. */
  private final String feature;
  /** The version that would support it, or null. */
  private final ApiVersion requiredVersion;
  /** The engine's version, or null. */
  private final ApiVersion actualVersion;

  /** For a feature of a newer API version: {@code new UnsupportedFeatureException("volume-subpath", ApiVersion.V1_45, ApiVersion.V1_41)}. */
  public UnsupportedFeatureException(String feature, ApiVersion requiredVersion, ApiVersion actualVersion) {
    super(feature + " needs Engine API " + requiredVersion + " or newer, but the engine speaks " + actualVersion
        + "; upgrade the daemon or leave " + feature + " out");
    this.feature = feature;
    this.requiredVersion = requiredVersion;
    this.actualVersion = actualVersion;
  }

  /** For a feature of a newer API version, with a message that says what to do instead. */
  public UnsupportedFeatureException(String feature, ApiVersion requiredVersion, ApiVersion actualVersion,
      String message) {
    super(message);
    this.feature = feature;
    this.requiredVersion = requiredVersion;
    this.actualVersion = actualVersion;
  }

  /** For a feature this engine lacks whatever its version. */
  public UnsupportedFeatureException(String feature, String message) {
    super(message);
    this.feature = feature;
    this.requiredVersion = null;
    this.actualVersion = null;
  }

  /** What was asked for, in the words of the API ({@code volume subpath}, {@code tmpfs options}...). */
  public String feature() {
    return feature;
  }

  /** The API version that would support it, if a version would. */
  public Optional<ApiVersion> requiredVersion() {
    return Optional.ofNullable(requiredVersion);
  }

  /** The engine's API version, when a version is the reason. */
  public Optional<ApiVersion> actualVersion() {
    return Optional.ofNullable(actualVersion);
  }
}
