package io.github.volumes4j.compose.internal;

import io.github.volumes4j.compose.InvalidComposeFileException;
import io.github.volumes4j.compose.internal.YNode.YMap;
import io.github.volumes4j.compose.internal.YNode.YScalar;
import io.github.volumes4j.compose.internal.YNode.YSeq;
import io.github.volumes4j.lint.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reading typed values out of nodes, with compose's casts and errors that name the path and the place. */
final class Nodes {

  private Nodes() {}

  static InvalidComposeFileException error(YNode at, String path, String message) {
    return error(at.at(), path, message, at instanceof YScalar s ? s.text() : path);
  }

  static InvalidComposeFileException error(SourceLocation at, String path, String message, String value) {
    return new InvalidComposeFileException(at + ": " + path + ": " + message, Optional.of(at), value, null);
  }

  static YMap map(YNode n, String path) {
    if (n instanceof YMap m) {
      return m;
    }
    throw error(n, path, "must be a mapping, not " + YNode.describe(n));
  }

  static Optional<YMap> optionalMap(YNode n, String path) {
    return n == null || n instanceof YScalar s && s.isNull() ? Optional.empty() : Optional.of(map(n, path));
  }

  static String string(YNode n, String path) {
    if (n instanceof YScalar s && !s.isNull() && s.kind() != YNode.Kind.BOOL) {
      return s.text();
    }
    throw error(n, path, "must be a string, not " + YNode.describe(n));
  }

  /** compose-go's toBoolean for the paths it casts: true/false, and y/yes/on, n/no/off (with a warning), any case. */
  static boolean bool(YNode n, String path) {
    if (n instanceof YScalar s && (s.kind() == YNode.Kind.BOOL || s.kind() == YNode.Kind.STRING)) {
      switch (s.text().toLowerCase(Locale.ROOT)) {
        case "true", "y", "yes", "on":
          return true;
        case "false", "n", "no", "off":
          return false;
        default:
          break;
      }
    }
    throw error(n, path, "must be a boolean (true or false), not '" + (n instanceof YScalar s ? s.text()
        : YNode.describe(n)) + "'");
  }

  /** A list of strings, or one string where compose takes either ({@code string_or_list}). */
  static List<YScalar> stringOrList(YNode n, String path) {
    if (n instanceof YScalar s && !s.isNull()) {
      return List.of(s);
    }
    if (n instanceof YSeq q) {
      for (YNode i : q.items()) {
        string(i, path + "[]");
      }
      return q.items().stream().map(i -> (YScalar) i).toList();
    }
    throw error(n, path, "must be a string or a list of strings, not " + YNode.describe(n));
  }

  /** {@code list_or_dict}: {@code KEY=VALUE} texts or a mapping of strings, numbers, booleans or nulls. */
  static Map<String, String> listOrDict(YNode n, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n instanceof YScalar s && s.isNull()) {
      return out;
    }
    if (n instanceof YSeq q) {
      for (YNode i : q.items()) {
        String t = string(i, path + "[]");
        int eq = t.indexOf('=');
        out.put(eq < 0 ? t : t.substring(0, eq), eq < 0 ? "" : t.substring(eq + 1));
      }
      return out;
    }
    YMap m = map(n, path);
    m.entries().forEach((k, e) -> {
      if (e.value() instanceof YScalar s) {
        out.put(k, s.isNull() ? "" : s.text());
      } else {
        throw error(e.value(), path + "." + k, "must be a string, number or boolean, not " + YNode.describe(e.value()));
      }
    });
    return out;
  }

  /** Refuses keys the compose schema does not allow here ({@code x-} extensions are always allowed). */
  static void allowed(YMap m, String path, Set<String> keys) {
    for (YNode.YEntry e : m.entries().values()) {
      if (!keys.contains(e.key()) && !e.key().startsWith("x-")) {
        throw error(e.keyAt(), path, "additional property '" + e.key() + "' is not allowed (compose refuses it); the"
            + " keys here are " + String.join(", ", keys.stream().sorted().toList()), e.key());
      }
    }
  }
}
