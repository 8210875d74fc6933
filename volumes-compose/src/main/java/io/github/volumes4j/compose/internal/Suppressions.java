package io.github.volumes4j.compose.internal;

import io.github.volumes4j.compose.InvalidComposeFileException;
import io.github.volumes4j.lint.LintRule;
import io.github.volumes4j.lint.SourceLocation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline lint suppressions: {@code # volumes4j-lint: ignore VOL007, runtime-socket} at the end of the line a value is
 * written on, or on comment lines just above it ({@code ignore *} suppresses every rule).
 */
final class Suppressions {

  private static final Pattern COMMENT = Pattern.compile("#\\s*volumes4j-lint:\\s*ignore\\s+([A-Za-z0-9*_,\\s-]+)$");

  private final SourceFiles files;

  Suppressions(SourceFiles files) {
    this.files = files;
  }

  Set<String> at(SourceLocation at) {
    List<String> text = files.lines(at.file());
    Set<String> out = new LinkedHashSet<>();
    int i = at.line() - 1;
    if (i < text.size()) {
      read(text.get(i), at, out);
    }
    for (int j = i - 1; j >= 0 && text.get(j).strip().startsWith("#"); j--) {
      read(text.get(j), new SourceLocation(at.file(), j + 1, 1), out);
    }
    return out;
  }

  private static void read(String line, SourceLocation at, Set<String> out) {
    Matcher m = COMMENT.matcher(line.strip());
    if (!m.find()) {
      return;
    }
    for (String id : m.group(1).split("[,\\s]+")) {
      if (id.isBlank()) {
        continue;
      }
      if (!id.equals("*")) {
        try {
          LintRule.of(id);
        } catch (IllegalArgumentException e) {
          SourceLocation where = new SourceLocation(at.file(), at.line(), 1);
          throw new InvalidComposeFileException(where + ": volumes4j-lint comment: " + e.getMessage(),
              Optional.of(where), id, e);
        }
      }
      out.add(id);
    }
  }
}
