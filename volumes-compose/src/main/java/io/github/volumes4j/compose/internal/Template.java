package io.github.volumes4j.compose.internal;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * compose-go's variable substitution ({@code template.Substitute}), operator for operator: {@code $VAR},
 * {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}},
 * {@code ${VAR:+replacement}}, {@code ${VAR+replacement}}, nesting in defaults, {@code $$} for a dollar. Its quirks are
 * kept: the operator is the one written first in the whole match, and a {@code $} followed by neither a name, a brace
 * nor a dollar stays as written.
 */
public final class Template {

  /** compose-go's DefaultPattern; UNIX_LINES so that {@code .} stops only at {@code \n}, as Go's does. */
  static final Pattern PATTERN = Pattern.compile("\\$(?i:(?<escaped>\\$)|(?<named>[_a-z][_a-z0-9]*)"
      + "|\\{(?:(?<braced>[_a-z][_a-z0-9]*(?::?[-+?](.*))?)\\}|(?<invalid>)))", Pattern.UNIX_LINES);

  /** A variable that {@code :?} or {@code ?} requires is missing; the message is compose-go's. */
  public static final class MissingRequired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingRequired(String variable, String reason) {
      super(reason.isEmpty() ? "required variable " + variable + " is missing a value"
          : "required variable " + variable + " is missing a value: " + reason);
    }
  }

  /** {@code ${} } or another malformed reference. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String template) {
      super("invalid interpolation format: \"" + template + "\"; you may need to escape any $ with another $");
    }
  }

  /** What a variable is, or null when it is unset. */
  public interface Lookup extends Function<String, String> {}

  private Template() {}

  /** Substitutes every reference; unset variables without an operator become empty, as compose's (with its warning). */
  public static String substitute(String template, Map<String, String> env, java.util.function.Consumer<String> unset) {
    return substitute(template, env::get, unset);
  }

  static String substitute(String template, Lookup lookup, java.util.function.Consumer<String> unset) {
    if (template.indexOf('$') < 0) {
      return template;
    }
    Matcher m = PATTERN.matcher(template);
    StringBuilder out = new StringBuilder();
    RuntimeException[] first = new RuntimeException[1];
    int last = 0;
    while (m.find()) {
      out.append(template, last, m.start());
      try {
        out.append(replace(m.group(), lookup, unset));
      } catch (Invalid e) {
        if (first[0] == null) {
          first[0] = new Invalid(template);
        }
      } catch (RuntimeException e) {
        if (first[0] == null) {
          first[0] = e;
        }
      }
      last = m.end();
    }
    out.append(template, last, template.length());
    if (first[0] != null) {
      throw first[0];
    }
    return out.toString();
  }

  private static String replace(String substring, Lookup lookup, java.util.function.Consumer<String> unset) {
    String op = operator(substring);
    int close = firstClosingBrace(substring);
    String rest = "";
    if (close > -1) {
      rest = substring.substring(close + 1);
      substring = substring.substring(0, close + 1);
    }
    Matcher m = PATTERN.matcher(substring);
    if (!m.find()) {
      throw new Invalid(substring);
    }
    if (m.group("escaped") != null) {
      return m.group("escaped");
    }
    boolean braced = false;
    String substitution = m.group("named");
    if (substitution == null) {
      substitution = m.group("braced");
      braced = true;
    }
    if (substitution == null || substitution.isEmpty()) {
      throw new Invalid(substring);
    }
    if (braced && op != null && substitution.contains(op)) {
      String value = apply(op, substitution, lookup, unset);
      return value + substitute(rest, lookup, unset);
    }
    String value = lookup.apply(substitution);
    if (value == null) {
      unset.accept(substitution);
      return "";
    }
    return value;
  }

  /** The operator written first in the match (compose-go sorts its six by first index). */
  private static String operator(String s) {
    String best = null;
    int at = Integer.MAX_VALUE;
    for (String op : new String[] {":?", "?", ":-", "-", ":+", "+"}) {
      int i = s.indexOf(op);
      if (i >= 0 && i < at) {
        at = i;
        best = op;
      }
    }
    return best;
  }

  private static String apply(String op, String substitution, Lookup lookup, java.util.function.Consumer<String> unset) {
    int cut = substitution.indexOf(op);
    String name = substitution.substring(0, cut);
    String arg = substitution.substring(cut + op.length());
    String value = lookup.apply(name);
    boolean set = value != null;
    boolean nonEmpty = set && !value.isEmpty();
    switch (op) {
      case ":-":
        return nonEmpty ? value : substitute(arg, lookup, unset);
      case "-":
        return set ? value : substitute(arg, lookup, unset);
      case ":+":
        return nonEmpty ? substitute(arg, lookup, unset) : (set ? value : "");
      case "+":
        return set ? substitute(arg, lookup, unset) : "";
      case ":?":
        if (!nonEmpty) {
          throw new MissingRequired(name, substitute(arg, lookup, unset));
        }
        return value;
      default: // "?"
        if (!set) {
          throw new MissingRequired(name, substitute(arg, lookup, unset));
        }
        return value;
    }
  }

  /** compose-go's getFirstBraceClosingIndex, including its skip of the character after each {@code {}. */
  static int firstClosingBrace(String s) {
    int open = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '}') {
        open--;
        if (open == 0) {
          return i;
        }
      }
      if (s.charAt(i) == '{') {
        open++;
        i++;
      }
    }
    return -1;
  }
}
