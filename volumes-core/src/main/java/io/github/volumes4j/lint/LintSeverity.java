package io.github.volumes4j.lint;

import java.util.Locale;

/**
 * How bad a finding is, most severe first; the names are SARIF's {@code level}s.
 *
 * <pre>{@code
 * boolean fails = finding.severity().isAtLeast(LintSeverity.WARNING);
 * LintSeverity s = LintSeverity.parse("warning");   // WARNING
 * }</pre>
 */
public enum LintSeverity {
  /** Docker refuses the value, or it hands the container the host: fix it before it runs. */
  ERROR,
  /** Works, and is likely wrong or unsafe. */
  WARNING,
  /** Works; a better way exists. */
  NOTE;

  /**
   * Whether this severity is {@code other} or worse.
   *
   * <pre>{@code
   * LintSeverity.ERROR.isAtLeast(LintSeverity.WARNING);   // true
   * }</pre>
   */
  public boolean isAtLeast(LintSeverity other) {
    return ordinal() <= other.ordinal();
  }

  /**
   * The SARIF level: {@code error}, {@code warning} or {@code note}.
   *
   * <pre>{@code
   * LintSeverity.NOTE.sarifLevel();   // "note"
   * }</pre>
   */
  public String sarifLevel() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads {@code error}, {@code warning} or {@code note}, in any case.
   *
   * <pre>{@code
   * LintSeverity.parse("ERROR");   // ERROR
   * }</pre>
   *
   * @throws IllegalArgumentException naming the value and the three that exist
   */
  public static LintSeverity parse(String text) {
    for (LintSeverity s : values()) {
      if (s.name().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown severity '" + text + "'; use error, warning or note");
  }
}
