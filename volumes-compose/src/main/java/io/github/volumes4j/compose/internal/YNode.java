package io.github.volumes4j.compose.internal;

import io.github.volumes4j.lint.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with where it was written: a mapping, a sequence or a scalar. Scalars keep the kind YAML gave a plain
 * value (as go-yaml resolves it, which compose uses) so that {@code read_only: true} and {@code read_only: "true"}
 * stay apart, as they are for compose. Values are never changed; merging and interpolation make new ones.
 */
public sealed interface YNode {

  /** Where the value starts. */
  SourceLocation at();

  /** An explicit local tag such as {@code !reset} or {@code !override}, or empty. */
  String tag();

  /** What a plain scalar is. */
  enum Kind { STRING, INT, FLOAT, BOOL, NULL }

  /** A mapping; keys are in file order. */
  record YMap(Map<String, YEntry> entries, SourceLocation at, String tag) implements YNode {
    public YMap {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public YNode get(String key) {
      YEntry e = entries.get(key);
      return e == null ? null : e.value();
    }
  }

  /** A key, where it was written, and its value. */
  record YEntry(String key, SourceLocation keyAt, YNode value) {}

  /** A sequence. */
  record YSeq(List<YNode> items, SourceLocation at, String tag) implements YNode {
    public YSeq {
      items = List.copyOf(items);
    }
  }

  /** A scalar: its text, the kind YAML resolved it to, and whether it went through interpolation. */
  record YScalar(String text, Kind kind, SourceLocation at, String tag) implements YNode {

    public boolean isNull() {
      return kind == Kind.NULL;
    }
  }

  /** A short description of the node's type, for messages: {@code a mapping}, {@code a string}. */
  static String describe(YNode n) {
    if (n instanceof YMap) {
      return "a mapping";
    }
    if (n instanceof YSeq) {
      return "a list";
    }
    YScalar s = (YScalar) n;
    return switch (s.kind()) {
      case STRING -> "a string";
      case INT -> "a number";
      case FLOAT -> "a number";
      case BOOL -> "a boolean";
      case NULL -> "null";
    };
  }
}
