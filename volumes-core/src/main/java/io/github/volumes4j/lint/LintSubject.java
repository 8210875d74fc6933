package io.github.volumes4j.lint;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.ContainerSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the linter looks at: one container or compose service, its mounts, and what is known about it.
 *
 * <pre>{@code
 * LintSubject web = LintSubject.of("web", List.of(LintMount.parse("-v ./nginx.conf:/etc/nginx/nginx.conf")))
 *     .withProduction(true);
 * }</pre>
 *
 * @param name the container or service name, for messages and suppressions
 * @param mounts its mounts
 * @param production whether it is a production configuration (bind mounts are findings there)
 * @param readOnlyRoot whether its root file system is read-only, if known
 * @param location where it is defined, if known
 * @param notes findings the reader made while reading it
 * @param suppressed ids or names of rules suppressed for the whole subject in place
 */
public record LintSubject(String name, List<LintMount> mounts, boolean production, Optional<Boolean> readOnlyRoot,
    Optional<SourceLocation> location, List<LintNote> notes, Set<String> suppressed) {

  /**
   * Checks the parts and copies the collections.
   *
   * <pre>{@code
   * new LintSubject("db", mounts, false, Optional.empty(), Optional.empty(), List.of(), Set.of());
   * }</pre>
   */
  public LintSubject {
    requireNonNull(name, "name == null");
    mounts = List.copyOf(mounts);
    requireNonNull(readOnlyRoot, "readOnlyRoot == null");
    requireNonNull(location, "location == null");
    notes = List.copyOf(notes);
    suppressed = Set.copyOf(suppressed);
  }

  /**
   * A subject with mounts and nothing else known.
   *
   * <pre>{@code
   * LintSubject s = LintSubject.of("app", List.of(LintMount.parse("--tmpfs /run:exec")));
   * }</pre>
   */
  public static LintSubject of(String name, List<LintMount> mounts) {
    return new LintSubject(name, mounts, false, Optional.empty(), Optional.empty(), List.of(), Set.of());
  }

  /**
   * A container spec: its name (or {@code container}) and its mounts.
   *
   * <pre>{@code
   * LintSubject s = LintSubject.of(ContainerSpec.builder().image("app:1").addMounts(VolumeMount.of("d", "/d")).build());
   * }</pre>
   */
  public static LintSubject of(ContainerSpec spec) {
    return of(spec.name().orElse("container"), spec.mounts().stream().map(LintMount::of).toList());
  }

  /** The same subject marked as production or not: {@code s.withProduction(true)}. */
  public LintSubject withProduction(boolean value) {
    return new LintSubject(name, mounts, value, readOnlyRoot, location, notes, suppressed);
  }

  /** The same subject with its root file system's mode known: {@code s.withReadOnlyRoot(true)}. */
  public LintSubject withReadOnlyRoot(boolean value) {
    return new LintSubject(name, mounts, production, Optional.of(value), location, notes, suppressed);
  }

  /** The same subject defined at a place: {@code s.at(new SourceLocation("compose.yaml", 4, 3))}. */
  public LintSubject at(SourceLocation where) {
    return new LintSubject(name, mounts, production, readOnlyRoot, Optional.of(where), notes, suppressed);
  }

  /** The same subject with the reader's findings: {@code s.withNotes(List.of(note))}. */
  public LintSubject withNotes(List<LintNote> value) {
    return new LintSubject(name, mounts, production, readOnlyRoot, location, value, suppressed);
  }

  /** The same subject with rules suppressed for all of it: {@code s.suppressing(Set.of("bind-in-production"))}. */
  public LintSubject suppressing(Set<String> rules) {
    return new LintSubject(name, mounts, production, readOnlyRoot, location, notes, rules);
  }
}
