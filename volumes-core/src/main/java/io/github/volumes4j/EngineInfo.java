package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What an engine says of itself: its kind, version, API version and operating system.
 *
 * <pre>{@code
 * EngineInfo info = volumes.engine().info();
 * System.out.println(info.name() + " " + info.version() + " (API " + info.apiVersion() + ")");
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class EngineInfo {

  EngineInfo() {}

  /** A short name for people: {@code docker unix:///var/run/docker.sock}, {@code in-memory}. */
  public abstract String name();

  /** The engine's product version, for example {@code 20.10.24}. */
  public abstract String version();

  /** The API version in use (for Docker, the negotiated one). */
  public abstract ApiVersion apiVersion();

  /** The daemon's operating system: {@code linux} or {@code windows}. */
  @Value.Default
  public String os() {
    return "linux";
  }

  /**
   * The daemon's machine as Go names it ({@code amd64}, {@code arm64}), when it says: the machine the
   * containers it starts run on, which need not be this JVM's.
   *
   * <pre>{@code
   * boolean sameMachine = engine.info().architecture().map("amd64"::equals).orElse(false);
   * }</pre>
   */
  public abstract Optional<String> architecture();

  /** The root directory of the daemon's data, when it says. */
  public abstract Optional<String> dataRoot();

  /**
   * The product as the engine names itself, when it does: {@code Docker Engine - Community},
   * {@code Docker Desktop 4.37.1 (178610)}, {@code Podman Engine}.
   */
  public abstract Optional<String> product();

  /**
   * Whether the engine is Podman's Docker-compatible service (whose archive endpoints data
   * movement does not use: see {@code DataMovement}).
   */
  public boolean isPodman() {
    return product().map(p -> p.toLowerCase(java.util.Locale.ROOT).contains("podman")).orElse(false);
  }

  /** A builder, for engines: {@code EngineInfo.builder().name("docker").version("20.10").apiVersion(ApiVersion.V1_41).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link EngineInfo}. */
  public static final class Builder extends ImmutableEngineInfo.Builder {}
}
