package io.github.volumes4j.compose;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compose project's volumes, read as {@code docker compose} reads them: the project name, the working directory, the
 * files, the services and the top-level volumes, and the variables that were not set. What the reader noticed
 * about a service is in {@link ComposeService#notes()}.
 *
 * <pre>{@code
 * ComposeProject p = Compose.load(Path.of("compose.yaml"), Path.of("compose.prod.yaml"));
 * p.name();                      // shop
 * p.volumes().keySet();          // [pgdata, uploads]
 * p.service("db").mounts();
 * }</pre>
 *
 * @param name the project name
 * @param workingDir the directory relative paths are resolved against
 * @param files the files, in merge order
 * @param services the services, in file order
 * @param volumes the top-level volumes, by key
 * @param unsetVariables variables used without a value or a default (compose makes them empty, with a warning)
 */
public record ComposeProject(String name, Path workingDir, List<Path> files, Map<String, ComposeService> services,
    Map<String, ComposeVolume> volumes, Set<String> unsetVariables) {

  /**
   * Checks the parts and copies the collections (in file order).
   *
   * <pre>{@code
   * new ComposeProject("app", dir, List.of(file), Map.of(), Map.of(), Set.of());
   * }</pre>
   */
  public ComposeProject {
    requireNonNull(name, "name == null");
    requireNonNull(workingDir, "workingDir == null");
    files = List.copyOf(files);
    services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    volumes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
    unsetVariables = Set.copyOf(unsetVariables);
  }

  /**
   * The service with this name.
   *
   * <pre>{@code
   * ComposeService db = project.service("db");
   * }</pre>
   *
   * @throws IllegalArgumentException naming the service and the services the project has
   */
  public ComposeService service(String serviceName) {
    ComposeService s = services.get(serviceName);
    if (s == null) {
      throw new IllegalArgumentException("project '" + name + "' has no service '" + serviceName + "'; its services: "
          + String.join(", ", services.keySet()));
    }
    return s;
  }
}
