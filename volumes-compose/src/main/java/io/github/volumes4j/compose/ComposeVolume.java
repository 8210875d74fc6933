package io.github.volumes4j.compose;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.lint.SourceLocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A top-level volume of a compose project, named as compose names it: {@code name:} if given, else the key for an
 * external volume, else {@code <project>_<key>}.
 *
 * <pre>{@code
 * ComposeVolume v = project.volumes().get("pgdata");
 * v.name();                          // shop_pgdata
 * VolumeSpec spec = v.toVolumeSpec("shop");   // with com.docker.compose.project=shop, com.docker.compose.volume=pgdata
 * }</pre>
 *
 * @param key the key under {@code volumes:}
 * @param name the volume's name on the daemon
 * @param driver the driver, if given
 * @param driverOptions {@code driver_opts}, numbers written as text
 * @param external whether compose expects it to exist and never creates it
 * @param labels {@code labels}
 * @param location where the key was written
 */
public record ComposeVolume(String key, String name, Optional<String> driver, Map<String, String> driverOptions,
    boolean external, Map<String, String> labels, SourceLocation location) {

  /** compose's label naming the project of a volume. */
  public static final String PROJECT_LABEL = "com.docker.compose.project";
  /** compose's label naming the key of a volume in its project. */
  public static final String VOLUME_LABEL = "com.docker.compose.volume";

  /**
   * Checks the parts and copies the maps (in file order).
   *
   * <pre>{@code
   * new ComposeVolume("data", "app_data", Optional.empty(), Map.of(), false, Map.of(), at);
   * }</pre>
   */
  public ComposeVolume {
    requireNonNull(key, "key == null");
    requireNonNull(name, "name == null");
    requireNonNull(driver, "driver == null");
    driverOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(driverOptions));
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    requireNonNull(location, "location == null");
  }

  /**
   * The volume as compose creates it: its name, driver, options, and its labels with compose's project and volume
   * labels added (compose also adds {@code com.docker.compose.version} and {@code com.docker.compose.config-hash};
   * see {@link ComposeVolumes} for why they are left out).
   *
   * <pre>{@code
   * volumes.create(project.volumes().get("pgdata").toVolumeSpec(project.name()));
   * }</pre>
   */
  public VolumeSpec toVolumeSpec(String projectName) {
    Map<String, String> l = new LinkedHashMap<>(labels);
    l.put(VOLUME_LABEL, key);
    l.put(PROJECT_LABEL, projectName);
    VolumeSpec.Builder b = VolumeSpec.builder().name(name).putAllDriverOptions(driverOptions).putAllLabels(l);
    driver.ifPresent(b::driver);
    return b.build();
  }
}
