package io.github.volumes4j.lint;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One finding: the rule, how severe, the subject and the offending value, a message naming them, and where the value
 * was written.
 *
 * <pre>{@code
 * for (LintFinding f : report.findings()) {
 *   System.out.println(f.location().map(Object::toString).orElse(f.subject()) + ": " + f.message() + " " + f.fix());
 * }
 * }</pre>
 *
 * @param rule the rule
 * @param severity its severity, after configuration
 * @param subject the container or service
 * @param value the offending value: a host path, an option, a volume name
 * @param message what is wrong, naming the value
 * @param location where it was written, if known
 * @param suppression why it is suppressed, if it is ({@code inline: ...} or {@code configured: ...})
 */
public record LintFinding(LintRule rule, LintSeverity severity, String subject, String value, String message,
    Optional<SourceLocation> location, Optional<String> suppression) {

  /**
   * Checks that no part is null.
   *
   * <pre>{@code
   * new LintFinding(LintRule.TMPFS_EXEC, LintSeverity.WARNING, "app", "exec", "...", Optional.empty(), Optional.empty());
   * }</pre>
   */
  public LintFinding {
    requireNonNull(rule, "rule == null");
    requireNonNull(severity, "severity == null");
    requireNonNull(subject, "subject == null");
    requireNonNull(value, "value == null");
    requireNonNull(message, "message == null");
    requireNonNull(location, "location == null");
    requireNonNull(suppression, "suppression == null");
  }

  /** What to do about it: the rule's fix. {@code f.fix()}. */
  public String fix() {
    return rule.fix();
  }

  /** The same finding suppressed for a reason: {@code f.suppressedBecause("configured: VOL007 web")}. */
  public LintFinding suppressedBecause(String reason) {
    return new LintFinding(rule, severity, subject, value, message, location, Optional.of(reason));
  }

  /** {@code compose.yaml:12:9: error VOL001 runtime-socket [web] message}. */
  @Override
  public String toString() {
    return location.map(l -> l + ": ").orElse("") + severity.sarifLevel() + " " + rule + " [" + subject + "] "
        + message + suppression.map(s -> " (suppressed, " + s + ")").orElse("");
  }
}
