package io.github.volumes4j.lint;

import static java.util.Objects.requireNonNull;

/**
 * Where a value was written: a file and a 1-based line and column.
 *
 * <pre>{@code
 * SourceLocation at = new SourceLocation("/work/app/compose.yaml", 12, 9);
 * at.toString();   // /work/app/compose.yaml:12:9
 * }</pre>
 *
 * @param file the file, as an absolute path or as given
 * @param line the line, from 1
 * @param column the column, from 1
 */
public record SourceLocation(String file, int line, int column) {

  /**
   * Checks the parts.
   *
   * <pre>{@code
   * new SourceLocation("compose.yaml", 1, 1);
   * }</pre>
   *
   * @throws IllegalArgumentException for a line or column below 1
   */
  public SourceLocation {
    requireNonNull(file, "file == null");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column start at 1: " + file + ":" + line + ":" + column);
    }
  }

  /** {@code file:line:column}, as compilers print it. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
