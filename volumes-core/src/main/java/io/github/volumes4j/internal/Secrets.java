package io.github.volumes4j.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for secrets, used by every value's {@code toString}, every error message, every log
 * line and every backup manifest.
 *
 * <ul>
 *   <li>An option whose key names a secret ({@link #isSecretKey}: {@code password}, {@code password2},
 *       {@code passwd}, {@code pass}, {@code secret}, {@code token}, {@code credentials}, an API,
 *       access or private key) is masked whole.
 *   <li>Inside mount options ({@code o=addr=h,username=u,password=p}), the value of each such key is
 *       masked up to the next single comma: a doubled comma ({@code ,,}, the kernel's escape) is part
 *       of the value.
 *   <li>In free text (a daemon's error, a log line), the same keys after {@code =} or {@code ":"} are
 *       masked up to a single comma, a quote, a brace, the end of the line or {@code ": "}; and every
 *       value a {@link Registry} has seen is masked wherever it appears (so a password with spaces
 *       or commas is masked whole in a message that quotes it).
 *   <li>The password of a URI's user information ({@code tcp://ann:pw@host}) is masked.
 * </ul>
 */
public final class Secrets {

  /** What a masked secret reads. */
  public static final String MASK = "<masked by volumes4j>";

  private static final Pattern KEY = Pattern.compile(
      "(?i).*(pass|secret|token|cred|private[-_]?key|api[-_]?key|access[-_]?key|auth[-_]?key).*");
  private static final Pattern IN_TEXT = Pattern.compile(
      "(?i)(?<![A-Za-z0-9_])(password\\d*|passwd|pass|secret\\w*|token|credentials|cred|api[-_]?key|access[-_]?key"
          + "|private[-_]?key)(\\s*=\\s*|\"\\s*:\\s*\")");
  private static final Pattern URI_USER = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/@\\s:]*):([^/@\\s]*)@");

  private Secrets() {}

  /** Whether an option of that key holds a secret. */
  public static boolean isSecretKey(String key) {
    return KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
  }

  /** The options with secrets masked, for printing. */
  public static Map<String, String> mask(Map<String, String> options) {
    return mask(options, null);
  }

  /** The options with secrets masked; {@code masked} (when given) receives the keys whose value changed. */
  public static Map<String, String> mask(Map<String, String> options, Set<String> masked) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String v = e.getValue();
      String m = isSecretKey(e.getKey()) ? MASK : maskOptions(v);
      if (masked != null && !m.equals(v)) {
        masked.add(e.getKey());
      }
      out.put(e.getKey(), m);
    }
    return out;
  }

  /** Mount options ({@code k=v,k=v}, {@code ,,} inside a value) with each secret value masked. */
  public static String maskOptions(String options) {
    if (options.indexOf('=') < 0) {
      return options;
    }
    List<String> out = new ArrayList<>();
    for (String token : tokens(options)) {
      int eq = token.indexOf('=');
      out.add(eq > 0 && isSecretKey(token.substring(0, eq).trim()) ? token.substring(0, eq + 1) + MASK : token);
    }
    return String.join(",", out);
  }

  /** Mount options split at single commas ({@code ,,} stays inside its token). */
  static List<String> tokens(String options) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = options.length();
    while (i < n) {
      if (options.charAt(i) == ',') {
        if (i + 1 < n && options.charAt(i + 1) == ',') {
          i += 2;
          continue;
        }
        out.add(options.substring(start, i));
        start = i + 1;
      }
      i++;
    }
    out.add(options.substring(start));
    return out;
  }

  /** Free text with secrets after their keys and in URIs masked. */
  public static String maskText(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String t = URI_USER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
    Matcher m = IN_TEXT.matcher(t);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (out == null) {
        out = new StringBuilder(t.length());
      }
      int valueStart = m.end();
      boolean json = m.group(2).contains(":");
      int end = valueEnd(t, valueStart, json);
      if (valueStart < last) {
        continue;
      }
      out.append(t, last, valueStart).append(MASK);
      last = end;
    }
    if (out == null) {
      return t;
    }
    return out.append(t, last, t.length()).toString();
  }

  private static int valueEnd(String t, int i, boolean json) {
    int n = t.length();
    while (i < n) {
      char c = t.charAt(i);
      if (json) {
        if (c == '\\' && i + 1 < n) {
          i += 2;
          continue;
        }
        if (c == '"') {
          return i;
        }
      } else {
        if (c == ',') {
          if (i + 1 < n && t.charAt(i + 1) == ',') {
            i += 2;
            continue;
          }
          return i;
        }
        if (c == '"' || c == '\'' || c == '}' || c == ']' || c == '\n' || c == '\r') {
          return i;
        }
        if (c == ':' && i + 1 < n && t.charAt(i + 1) == ' ') {
          return i;
        }
      }
      i++;
    }
    return n;
  }

  /** Free text with every known secret value, then every keyed secret, masked. */
  public static String maskText(String text, Collection<String> knownValues) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String t = text;
    if (!knownValues.isEmpty()) {
      List<String> values = new ArrayList<>(knownValues);
      values.sort(Comparator.comparingInt(String::length).reversed());
      for (String v : values) {
        if (v.length() >= 3 && t.contains(v)) {
          t = t.replace(v, MASK);
        }
      }
    }
    return maskText(t);
  }

  /** The secret values in options: whole values of secret keys, and secret values inside mount options. */
  public static List<String> secretValues(Map<String, String> options) {
    List<String> out = new ArrayList<>();
    options.forEach((k, v) -> {
      if (isSecretKey(k)) {
        out.add(v);
        return;
      }
      for (String token : tokens(v)) {
        int eq = token.indexOf('=');
        if (eq > 0 && isSecretKey(token.substring(0, eq).trim())) {
          out.add(token.substring(eq + 1));
          out.add(token.substring(eq + 1).replace(",,", ","));
        }
      }
    });
    out.removeIf(String::isEmpty);
    return out;
  }

  /** A URI or host text with the password of its user information masked. */
  public static String maskUri(String uri) {
    return uri == null ? null : URI_USER.matcher(uri).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
  }

  /**
   * The secret values an engine has seen (in volume and mount options it sent or read), so that a
   * daemon's message quoting one is masked whole wherever it appears. Thread-safe.
   */
  public static final class Registry {
    private final Set<String> values = ConcurrentHashMap.newKeySet();

    /** Remembers the secret values of these options. */
    public void remember(Map<String, String> options) {
      if (!options.isEmpty()) {
        values.addAll(secretValues(options));
      }
    }

    /** The text with every remembered value and every keyed secret masked. */
    public String mask(String text) {
      return maskText(text, values);
    }
  }
}
