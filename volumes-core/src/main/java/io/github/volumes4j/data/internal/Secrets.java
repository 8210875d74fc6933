package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.BackupManifest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks secrets in driver options: keys that name one, and {@code password=} inside mount options. */
public final class Secrets {

  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i).*(pass(word|wd|phrase)?|secret|token|credential|private[-_]?key|api[-_]?key|access[-_]?key).*");
  private static final Pattern SECRET_IN_OPTIONS = Pattern.compile(
      "(?i)((?:^|,)\\s*(?:password|pass|passwd|secret|token|cred|credentials)\\s*=)([^,]*)");

  private Secrets() {}

  /** The options with secrets masked; {@code masked} receives the keys whose value changed. */
  public static Map<String, String> mask(Map<String, String> options, Set<String> masked) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String value = e.getValue();
      String m;
      if (SECRET_KEY.matcher(e.getKey().toLowerCase(Locale.ROOT)).matches()) {
        m = BackupManifest.MASKED;
      } else {
        Matcher matcher = SECRET_IN_OPTIONS.matcher(value);
        m = matcher.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + BackupManifest.MASKED));
      }
      if (!m.equals(value)) {
        masked.add(e.getKey());
      }
      out.put(e.getKey(), m);
    }
    return out;
  }

  /** Keys masked in {@code options}. */
  public static Set<String> maskedKeys(Map<String, String> options) {
    Set<String> out = new TreeSet<>();
    options.forEach((k, v) -> {
      if (v.contains(BackupManifest.MASKED)) {
        out.add(k);
      }
    });
    return out;
  }
}
