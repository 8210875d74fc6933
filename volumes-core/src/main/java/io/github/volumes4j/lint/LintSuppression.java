package io.github.volumes4j.lint;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A rule switched off for some subjects and values, from configuration, with the reason kept in the report (SARIF
 * writes it as an external suppression, which GitHub shows as dismissed).
 *
 * <pre>{@code
 * LintSuppression s = LintSuppression.parse("runtime-socket traefik /var/run/docker.sock");
 * LintSuppression all = new LintSuppression("VOL007", "*", "*", "configs are generated at start");
 * }</pre>
 *
 * @param rule a rule's id or name, or {@code *} for every rule
 * @param subject a glob ({@code *}, {@code ?}) over subject names
 * @param value a glob over the offending value (a path, an option)
 * @param reason why, for the report
 */
public record LintSuppression(String rule, String subject, String value, String reason) {

  /**
   * Checks the parts; a rule that is not {@code *} must exist.
   *
   * <pre>{@code
   * new LintSuppression("VOL006", "web", "*", "dev-only bind");
   * }</pre>
   *
   * @throws IllegalArgumentException naming the rule, when no rule is called so
   */
  public LintSuppression {
    requireNonNull(rule, "rule == null");
    requireNonNull(subject, "subject == null");
    requireNonNull(value, "value == null");
    requireNonNull(reason, "reason == null");
    if (!rule.equals("*")) {
      LintRule.of(rule);
    }
  }

  /**
   * Reads {@code RULE [SUBJECT [VALUE]]}, separated by white space; left-out parts match everything.
   *
   * <pre>{@code
   * LintSuppression.parse("VOL002 node-exporter /proc");
   * }</pre>
   *
   * @throws IllegalArgumentException for an empty text, more than three parts, or an unknown rule
   */
  public static LintSuppression parse(String text) {
    String[] parts = text.strip().split("\\s+");
    if (parts.length == 0 || parts[0].isEmpty() || parts.length > 3) {
      throw new IllegalArgumentException("suppression '" + text + "' is not RULE [SUBJECT [VALUE]], as in:"
          + " VOL002 node-exporter /proc");
    }
    return new LintSuppression(parts[0], parts.length > 1 ? parts[1] : "*", parts.length > 2 ? parts[2] : "*",
        "configured: " + text.strip());
  }

  /** Whether it covers a finding: {@code s.covers(finding)}. */
  public boolean covers(LintFinding f) {
    return (rule.equals("*") || LintRule.of(rule) == f.rule()) && glob(subject).matcher(f.subject()).matches()
        && glob(value).matcher(f.value()).matches();
  }

  private static Pattern glob(String g) {
    StringBuilder re = new StringBuilder();
    for (char c : g.toCharArray()) {
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
