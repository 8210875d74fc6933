package io.github.volumes4j.lint;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.ContainerSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs the rules of {@link LintRule} over subjects and applies the configuration: rules switched off, severities,
 * and suppressions (configured ones and those written in place), which are kept in the report, not dropped.
 *
 * <pre>{@code
 * LintReport r = Linter.of(LintConfig.defaults().withTargetApi(ApiVersion.MINIMUM))
 *     .lint(List.of(LintSubject.of("app", List.of(LintMount.parse("--mount type=bind,src=/etc,dst=/host-etc")))));
 * r.findings();   // [error VOL002 sensitive-host-directory [app] the host's /etc is mounted writable at /host-etc ...]
 * }</pre>
 */
public final class Linter {

  private final LintConfig config;

  private Linter(LintConfig config) {
    this.config = requireNonNull(config, "config == null");
  }

  /**
   * A linter with a configuration.
   *
   * <pre>{@code
   * Linter l = Linter.of(LintConfig.defaults().withDisabled(LintRule.READ_ONLY_ROOT));
   * }</pre>
   */
  public static Linter of(LintConfig config) {
    return new Linter(config);
  }

  /**
   * A linter with every rule at its default severity ({@link LintConfig#defaults()}).
   *
   * <pre>{@code
   * LintReport r = Linter.defaults().lint(spec);
   * }</pre>
   */
  public static Linter defaults() {
    return new Linter(LintConfig.defaults());
  }

  /** Its configuration: {@code linter.config().targetApi()}. */
  public LintConfig config() {
    return config;
  }

  /**
   * Lints one container spec.
   *
   * <pre>{@code
   * LintReport r = Linter.defaults().lint(ContainerSpec.builder().image("app:1")
   *     .addMounts(TmpfsMount.at("/run").withOptions("exec")).build());   // VOL004 tmpfs-exec
   * }</pre>
   */
  public LintReport lint(ContainerSpec spec) {
    return lint(List.of(LintSubject.of(spec)));
  }

  /**
   * Lints subjects together (rules such as {@code shared-writable-source} look across them). Findings come in the
   * order of the subjects and their mounts; those suppressed are in {@link LintReport#suppressed()}.
   *
   * <pre>{@code
   * LintReport r = Linter.defaults().lint(List.of(web, worker));
   * }</pre>
   */
  public LintReport lint(List<LintSubject> subjects) {
    List<LintFinding> raw = new ArrayList<>();
    java.util.Map<String, List<String>> writers = RuleChecks.writers(subjects);
    for (LintSubject s : subjects) {
      for (LintMount m : s.mounts()) {
        List<LintFinding> found = new ArrayList<>(RuleChecks.mount(s, m, config));
        RuleChecks.shared(s, m, writers).ifPresent(found::add);
        for (LintFinding f : found) {
          raw.add(inline(f, m.suppressed()).or(() -> inline(f, s.suppressed())).orElse(f));
        }
      }
      for (LintFinding f : RuleChecks.subject(s)) {
        raw.add(inline(f, s.suppressed()).orElse(f));
      }
    }
    List<LintFinding> active = new ArrayList<>();
    List<LintFinding> suppressed = new ArrayList<>();
    for (LintFinding f : raw) {
      if (config.disabled().contains(f.rule())) {
        continue;
      }
      LintSeverity sev = config.severities().getOrDefault(f.rule(), f.severity());
      LintFinding g = new LintFinding(f.rule(), sev, f.subject(), f.value(), f.message(), f.location(),
          f.suppression());
      if (g.suppression().isEmpty()) {
        for (LintSuppression s : config.suppressions()) {
          if (s.covers(g)) {
            g = g.suppressedBecause(s.reason());
            break;
          }
        }
      }
      (g.suppression().isPresent() ? suppressed : active).add(g);
    }
    active.sort(Comparator.comparing((LintFinding f) -> f.location().map(SourceLocation::file).orElse(""))
        .thenComparingInt(f -> f.location().map(SourceLocation::line).orElse(0))
        .thenComparingInt(f -> f.location().map(SourceLocation::column).orElse(0)));
    return new LintReport(active, suppressed);
  }

  private static Optional<LintFinding> inline(LintFinding f, java.util.Set<String> rules) {
    for (String r : rules) {
      if (r.equals("*") || LintRule.of(r) == f.rule()) {
        return Optional.of(f.suppressedBecause("inline: " + r));
      }
    }
    return Optional.empty();
  }
}
