package io.github.volumes4j.docker.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Masks secrets (CIFS {@code password=} inside {@code o=}, and the like) in text and option maps. */
public final class Secrets {

  private static final Pattern IN_TEXT = Pattern.compile(
      "(?i)((?:^|[,\\s\"'{])(?:password|pass|passwd|secret|token|credentials)\\s*[=:]\\s*\"?)([^,\\s\"'}]*)");
  static final String MASK = "***";

  private Secrets() {}

  /** The text with the value of every {@code password=...} (and similar) replaced by {@code ***}. */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    return IN_TEXT.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK));
  }

  /** Options with secret values masked: whole values of secret keys, and secrets inside {@code o=}. */
  public static Map<String, String> mask(Map<String, String> options) {
    Map<String, String> out = new LinkedHashMap<>();
    options.forEach((k, v) -> out.put(k, isSecretKey(k) ? MASK : mask(v)));
    return out;
  }

  static boolean isSecretKey(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.contains("password") || k.contains("passwd") || k.contains("secret") || k.contains("token");
  }
}
