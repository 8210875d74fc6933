package io.github.volumes4j.compose;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.lint.SourceLocation;
import java.util.Optional;

/**
 * One {@code volumes_from} entry: a service of the project or, with {@code container:}, any container, and the mode as
 * written. Compose sends only the container (its {@code resolveVolumeFrom} keeps the name and drops {@code :ro} or
 * {@code :rw}), so the mounts are copied with their own modes whatever the mode says; the reader reports a written
 * mode as {@code ignored-by-compose}.
 *
 * <pre>{@code
 * ServiceVolumesFrom f = project.service("backup").volumesFrom().get(0);
 * f.source();                                // db
 * f.toVolumesFrom("shop-db-1");              // --volumes-from shop-db-1, as compose sends it
 * }</pre>
 *
 * @param source the service name, or the container name after {@code container:}
 * @param container whether it named a container rather than a service
 * @param mode {@code ro} or {@code rw} as written, if written
 * @param location where it was written
 */
public record ServiceVolumesFrom(String source, boolean container, Optional<String> mode, SourceLocation location) {

  /**
   * Checks that no part is null.
   *
   * <pre>{@code
   * new ServiceVolumesFrom("db", false, Optional.of("ro"), at);
   * }</pre>
   */
  public ServiceVolumesFrom {
    requireNonNull(source, "source == null");
    requireNonNull(mode, "mode == null");
    requireNonNull(location, "location == null");
  }

  /**
   * What compose sends for it once the container is known: the name alone, without the mode.
   *
   * <pre>{@code
   * VolumesFrom v = f.toVolumesFrom(container ? f.source() : "shop-db-1");
   * }</pre>
   */
  public VolumesFrom toVolumesFrom(String containerName) {
    return VolumesFrom.of(containerName);
  }
}
