package io.github.volumes4j.lint;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A finding a reader made while reading (an option compose drops, a value Docker refuses), handed to the linter
 * so that it is configured, suppressed and reported like the rest.
 *
 * <pre>{@code
 * LintNote n = new LintNote(LintRule.IGNORED_BY_COMPOSE, "cached",
 *     "compose drops the unknown option 'cached' of ./src:/src:cached", Optional.of(at));
 * }</pre>
 *
 * @param rule the rule it belongs to
 * @param value the offending value, as written
 * @param message what is wrong, naming the value
 * @param location where it was written, if known
 */
public record LintNote(LintRule rule, String value, String message, Optional<SourceLocation> location) {

  /**
   * Checks that no part is null.
   *
   * <pre>{@code
   * new LintNote(LintRule.INVALID_MOUNT, "c:/data", "Docker refuses ...", Optional.empty());
   * }</pre>
   */
  public LintNote {
    requireNonNull(rule, "rule == null");
    requireNonNull(value, "value == null");
    requireNonNull(message, "message == null");
    requireNonNull(location, "location == null");
  }
}
