package io.github.volumes4j.docker.internal.wire;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code filters} query parameter: a JSON object of filter name to list of values
 * ({@code {"label":["a=b"],"dangling":["true"]}}), URL-encoded.
 */
public final class Filters {

  private final Map<String, List<String>> filters = new LinkedHashMap<>();

  public Filters add(String key, List<String> values) {
    if (!values.isEmpty()) {
      filters.computeIfAbsent(key, k -> new java.util.ArrayList<>()).addAll(values);
    }
    return this;
  }

  public Filters add(String key, String value) {
    return add(key, List.of(value));
  }

  public boolean isEmpty() {
    return filters.isEmpty();
  }

  /** The JSON text. */
  public String json() {
    return Json.text(filters);
  }

  /** {@code ?filters=...} or the empty string when there is no filter. */
  public String query() {
    return isEmpty() ? "" : "filters=" + encode(json());
  }

  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A path segment: names are percent-encoded so that no character can change the path. */
  public static String segment(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
        return encode(s);
      }
    }
    return s;       // what encode gives for these characters (every valid volume name), without its copies
  }
}
