package io.github.volumes4j.compose.internal;

import io.github.volumes4j.compose.InvalidComposeFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * compose-go's {@code .env} reader: {@code KEY=VALUE} or {@code KEY: VALUE}, an optional {@code export}, a bare
 * {@code KEY} taking the value from the environment, comments, single quotes (literal), double quotes (escapes, then
 * substitution) and unquoted values (an inline comment after {@code " #"}, then substitution). Variables already in the
 * environment win over the file's ({@code Mapping.Merge}).
 */
public final class DotEnv {

  private static final Pattern ESCAPE = Pattern.compile("(\\\\(?:[abcfnrtv$\"\\\\]|0\\d{0,3}))");
  private static final Pattern EXPORT = Pattern.compile("^export\\s+");

  private DotEnv() {}

  /** The variables of the files, read in order; {@code current} is the environment they may refer to. */
  public static Map<String, String> read(Map<String, String> current, Iterable<Path> files) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Path f : files) {
      String text;
      try {
        if (Files.isDirectory(f)) {
          throw new InvalidComposeFileException(f + " is a directory, not an env file", Optional.empty(), f.toString(), null);
        }
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidComposeFileException("couldn't find env file: " + f.toAbsolutePath()
            + "; give an existing file, or leave it out", Optional.empty(), f.toString(), e);
      }
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      new Parser(f).parse(text, out, k -> current.containsKey(k) ? current.get(k) : out.get(k));
    }
    return out;
  }


  private static final class Parser {
    private final Path file;
    private int line = 1;

    Parser(Path file) {
      this.file = file;
    }

    private InvalidComposeFileException error(String message) {
      return new InvalidComposeFileException("failed to read " + file + ": line " + line + ": " + message,
          Optional.of(new io.github.volumes4j.lint.SourceLocation(file.toString(), line, 1)), message, null);
    }

    void parse(String src, Map<String, String> out, Template.Lookup lookup) {
      String cut = src;
      while (true) {
        cut = statementStart(cut);
        if (cut.isEmpty()) {
          break;
        }
        // key
        if (EXPORT.matcher(cut).find()) {
          cut = stripLeadingSpace(cut.substring("export".length()));
        }
        int offset = -1;
        boolean inherited = false;
        String key = null;
        for (int i = 0; i < cut.length(); i++) {
          char c = cut.charAt(i);
          if (isSpace(c)) {
            continue;
          }
          if (c == '=' || c == ':' || c == '\n') {
            key = cut.substring(0, i);
            offset = i + 1;
            inherited = c == '\n';
            break;
          }
          if (c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || Character.isLetterOrDigit(c)) {
            continue;
          }
          throw error("unexpected character \"" + c + "\" in variable name \"" + cut.split("\n", 2)[0] + "\"");
        }
        if (key == null) {
          // the last line, without = : a bare key at the end of the file
          key = cut;
          offset = cut.length();
          inherited = true;
        }
        if (inherited && key.indexOf(' ') < 0) {
          line++;
        }
        key = key.stripTrailing();
        String rest = stripLeadingSpace(cut.substring(Math.min(offset, cut.length())));
        if (key.contains(" ")) {
          throw error("key cannot contain a space");
        }
        if (inherited) {
          String v = lookup.apply(key);
          if (v != null) {
            out.put(key, v);
          }
          cut = rest;
          continue;
        }
        String[] valueAndRest = value(rest, out, lookup);
        out.put(key, valueAndRest[0]);
        cut = valueAndRest[1];
      }
    }

    private String[] value(String src, Map<String, String> env, Template.Lookup lookup) {
      char quote = src.isEmpty() ? 0 : src.charAt(0);
      if (quote != '"' && quote != '\'') {
        int nl = src.indexOf('\n');
        String value = nl < 0 ? src : src.substring(0, nl);
        String rest = nl < 0 ? "" : src.substring(nl + 1);
        line++;
        int comment = value.indexOf(" #");
        if (comment >= 0) {
          value = value.substring(0, comment);
        }
        value = value.stripTrailing();
        return new String[] {expand(value, lookup), rest};
      }
      boolean escape = false;
      StringBuilder chars = new StringBuilder();
      for (int i = 1; i < src.length(); i++) {
        char c = src.charAt(i);
        if (c == '\n') {
          line++;
        }
        if (c != quote) {
          if (!escape && c == '\\') {
            escape = true;
            continue;
          }
          if (escape) {
            escape = false;
            chars.append('\\');
          }
          chars.append(c);
          continue;
        }
        if (escape) {
          escape = false;
          chars.append(c);
          continue;
        }
        String value = chars.toString();
        if (quote == '"') {
          value = expand(escapes(value), lookup);
        }
        return new String[] {value, src.substring(i + 1)};
      }
      int nl = src.indexOf('\n');
      throw error("unterminated quoted value " + (nl < 0 ? src : src.substring(0, nl)));
    }

    private String expand(String value, Template.Lookup lookup) {
      try {
        return Template.substitute(value, lookup, v -> { });
      } catch (RuntimeException e) {
        throw error(e.getMessage());
      }
    }

    private String statementStart(String src) {
      while (true) {
        int pos = -1;
        for (int i = 0; i < src.length(); i++) {
          char c = src.charAt(i);
          if (c == '\n') {
            line++;
          }
          if (!Character.isWhitespace(c)) {
            pos = i;
            break;
          }
        }
        if (pos < 0) {
          return "";
        }
        src = src.substring(pos);
        if (src.charAt(0) != '#') {
          return src;
        }
        int nl = src.indexOf('\n');
        if (nl < 0) {
          return "";
        }
        src = src.substring(nl);
      }
    }
  }

  static String escapes(String s) {
    Matcher m = ESCAPE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String match = m.group();
      String rep;
      if (match.equals("\\$")) {
        rep = "$$";
      } else if (match.startsWith("\\0")) {
        String digits = match.substring(2);
        rep = digits.length() == 3 ? String.valueOf((char) Integer.parseInt(digits, 8)) : match;
      } else {
        rep = switch (match.charAt(1)) {
          case 'a' -> "\u0007";
          case 'b' -> "\b";
          case 'f' -> "\f";
          case 'n' -> "\n";
          case 'r' -> "\r";
          case 't' -> "\t";
          case 'v' -> "\u000b";
          case '"' -> "\"";
          case '\\' -> "\\";
          default -> match;
        };
      }
      m.appendReplacement(out, Matcher.quoteReplacement(rep));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean isSpace(char c) {
    return c == '\t' || c == 0x0B || c == '\f' || c == '\r' || c == ' ' || c == 0x85 || c == 0xA0;
  }

  private static String stripLeadingSpace(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }
}
