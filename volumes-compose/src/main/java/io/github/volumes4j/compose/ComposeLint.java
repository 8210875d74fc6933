package io.github.volumes4j.compose;

import io.github.volumes4j.lint.LintConfig;
import io.github.volumes4j.lint.LintMount;
import io.github.volumes4j.lint.LintReport;
import io.github.volumes4j.lint.LintSubject;
import io.github.volumes4j.lint.Linter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A compose project as lint subjects: one per service, each mount with the file, line and column it was written at and
 * the rules suppressed for it by a comment, the reader's notes (options compose drops, values Docker refuses), and
 * whether the service is a production one.
 *
 * <pre>{@code
 * ComposeProject p = Compose.load(Path.of("compose.yaml"), Path.of("compose.prod.yaml"));
 * LintReport r = ComposeLint.lint(p, LintConfig.defaults());
 * System.out.print(r.toText());
 * }</pre>
 */
public final class ComposeLint {

  /** Profiles that mark a service as production. */
  public static final Set<String> PRODUCTION_PROFILES = Set.of("prod", "production");

  private ComposeLint() {}

  /**
   * Lints the project with a configuration.
   *
   * <pre>{@code
   * LintReport r = ComposeLint.lint(project, LintConfig.defaults().withTargetApi(ApiVersion.MINIMUM));
   * }</pre>
   */
  public static LintReport lint(ComposeProject project, LintConfig config) {
    return Linter.of(config).lint(subjects(project));
  }

  /**
   * The project's services as lint subjects. A service is production when one of its profiles is {@code prod} or
   * {@code production}, or a file of the project has {@code prod} in its name (as {@code compose.prod.yaml}).
   *
   * <pre>{@code
   * List<LintSubject> s = ComposeLint.subjects(project);
   * }</pre>
   */
  public static List<LintSubject> subjects(ComposeProject project) {
    boolean prodFile = project.files().stream().map(Path::getFileName).filter(f -> f != null)
        .anyMatch(f -> f.toString().toLowerCase(Locale.ROOT).contains("prod"));
    List<LintSubject> out = new ArrayList<>();
    for (ComposeService s : project.services().values()) {
      List<LintMount> mounts = new ArrayList<>();
      for (ServiceMount m : s.mounts()) {
        Optional<String> flag = m.syntax().equals("tmpfs") ? Optional.of("--tmpfs") : Optional.empty();
        m.spec().ifPresent(spec -> mounts.add(new LintMount(spec, flag, m.text().filter(t -> !m.syntax().equals("long")),
            Optional.of(m.location()), m.suppressed())));
      }
      boolean production = prodFile || s.profiles().stream().anyMatch(PRODUCTION_PROFILES::contains);
      LintSubject subject = new LintSubject(s.name(), mounts, production, s.readOnly(), Optional.of(s.location()),
          s.notes(), s.suppressed());
      out.add(subject);
    }
    return out;
  }

}
