package io.github.volumes4j.compose;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.lint.LintNote;
import io.github.volumes4j.lint.SourceLocation;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A service of a compose project, as far as volumes go: its mounts (the {@code volumes:} and {@code tmpfs:} keys),
 * its {@code volumes_from}, profiles and {@code read_only}, and what the reader noticed.
 *
 * <pre>{@code
 * ComposeService db = project.service("db");
 * ContainerSpec spec = db.containerSpec("postgres:16");   // the mounts compose would send
 * }</pre>
 *
 * @param name the service's key
 * @param mounts its mounts, in compose's order
 * @param volumesFrom its {@code volumes_from}
 * @param profiles its {@code profiles}
 * @param readOnly its {@code read_only}, if given
 * @param location where the service's key was written
 * @param notes what the reader noticed (options compose drops, values Docker refuses)
 * @param suppressed lint rules suppressed for the whole service by a comment
 */
public record ComposeService(String name, List<ServiceMount> mounts, List<ServiceVolumesFrom> volumesFrom,
    List<String> profiles, Optional<Boolean> readOnly, SourceLocation location, List<LintNote> notes,
    Set<String> suppressed) {

  /**
   * Checks the parts and copies the collections.
   *
   * <pre>{@code
   * new ComposeService("web", List.of(), List.of(), List.of(), Optional.empty(), at, List.of(), Set.of());
   * }</pre>
   */
  public ComposeService {
    requireNonNull(name, "name == null");
    mounts = List.copyOf(mounts);
    volumesFrom = List.copyOf(volumesFrom);
    profiles = List.copyOf(profiles);
    requireNonNull(readOnly, "readOnly == null");
    requireNonNull(location, "location == null");
    notes = List.copyOf(notes);
    suppressed = Set.copyOf(suppressed);
  }

  /** The mounts that have a spec: {@code db.mountSpecs()}. */
  public List<MountSpec> mountSpecs() {
    return mounts.stream().flatMap(m -> m.spec().stream()).toList();
  }

  /**
   * A container spec with this service's mounts, for {@code volumes.validate(...)} or to run it through volumes4j.
   *
   * <pre>{@code
   * List<MountProblem> problems = volumes.validate(project.service("db").containerSpec("postgres:16"));
   * }</pre>
   */
  public ContainerSpec containerSpec(String image) {
    return ContainerSpec.builder().image(image).addAllMounts(mountSpecs()).build();
  }
}
