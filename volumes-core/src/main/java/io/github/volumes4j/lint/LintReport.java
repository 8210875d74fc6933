package io.github.volumes4j.lint;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a lint run found: the findings in force and those suppressed (with the reason), and the report as text, JSON or
 * SARIF 2.1.0.
 *
 * <pre>{@code
 * LintReport r = Linter.defaults().lint(subjects);
 * if (r.hasAtLeast(LintSeverity.ERROR)) {
 *   System.err.print(r.toText());
 * }
 * Files.writeString(Path.of("target/volumes4j-lint.sarif"), r.toSarif(Path.of("").toAbsolutePath(), "0.1.0"));
 * }</pre>
 */
public final class LintReport {

  private final List<LintFinding> findings;
  private final List<LintFinding> suppressed;

  LintReport(List<LintFinding> findings, List<LintFinding> suppressed) {
    this.findings = List.copyOf(findings);
    this.suppressed = List.copyOf(suppressed);
  }

  /** The findings in force, by file, line and column: {@code r.findings().size()}. */
  public List<LintFinding> findings() {
    return findings;
  }

  /** The findings suppressed in place or by configuration, each with its reason: {@code r.suppressed()}. */
  public List<LintFinding> suppressed() {
    return suppressed;
  }

  /** The most severe finding's severity, if any: {@code r.highest()} is {@code Optional[ERROR]}. */
  public Optional<LintSeverity> highest() {
    return findings.stream().map(LintFinding::severity).min(Enum::compareTo);
  }

  /** Whether a finding in force is {@code severity} or worse: {@code r.hasAtLeast(LintSeverity.WARNING)}. */
  public boolean hasAtLeast(LintSeverity severity) {
    return highest().map(h -> h.isAtLeast(severity)).orElse(false);
  }

  /**
   * One line per finding as compilers print them, then the fix, then a count.
   *
   * <pre>{@code
   * System.out.print(r.toText());
   * // compose.yaml:9:9: error VOL001 runtime-socket [ci] '/var/run/docker.sock' at /var/run/docker.sock gives ...
   * //     fix: Remove the mount. ...
   * // 1 error, 0 warnings, 0 notes (0 suppressed)
   * }</pre>
   */
  public String toText() {
    StringBuilder b = new StringBuilder();
    for (LintFinding f : findings) {
      b.append(f).append('\n').append("    fix: ").append(f.fix()).append('\n');
    }
    long e = count(LintSeverity.ERROR);
    long w = count(LintSeverity.WARNING);
    long n = count(LintSeverity.NOTE);
    b.append(e).append(e == 1 ? " error, " : " errors, ").append(w).append(w == 1 ? " warning, " : " warnings, ")
        .append(n).append(n == 1 ? " note" : " notes").append(" (").append(suppressed.size()).append(" suppressed)\n");
    return b.toString();
  }

  private long count(LintSeverity s) {
    return findings.stream().filter(f -> f.severity() == s).count();
  }

  /**
   * The findings as a JSON object: {@code {"findings": [...], "suppressed": [...]}}, each with rule, name, severity,
   * subject, value, message, fix, and file, line and column where known.
   *
   * <pre>{@code
   * Files.writeString(Path.of("target/volumes4j-lint.json"), r.toJson());
   * }</pre>
   */
  public String toJson() {
    return SarifWriter.json(this);
  }

  /**
   * The report as SARIF 2.1.0, as GitHub code scanning accepts it: every rule with its help and, for security rules,
   * {@code security-severity}; every result with its file (relative to {@code baseDir}, which becomes
   * {@code %SRCROOT%}), line and column; suppressed findings with their SARIF suppression ({@code inSource} for
   * comments, {@code external} for configuration).
   *
   * <pre>{@code
   * String sarif = r.toSarif(Path.of("/work/app"), "0.1.0");
   * }</pre>
   *
   * @param baseDir the repository root that file names are made relative to
   * @param toolVersion the version of volumes4j, for the {@code tool.driver.version}
   */
  public String toSarif(Path baseDir, String toolVersion) {
    return SarifWriter.sarif(this, baseDir, toolVersion);
  }
}
