package io.github.volumes4j.compose.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * compose-go's {@code format.ParseVolume}: the short syntax {@code [SOURCE:]TARGET[:MODE]} of a service volume, read
 * without knowing the daemon's platform. A one- or two-character value is a target; a letter and a colon start a
 * Windows path; {@code ${...}} may hold colons; options are {@code ro}, {@code rw}, {@code nocopy}, the propagation
 * modes and {@code z}/{@code Z}; any other option is dropped (kept in {@link Parsed#ignored()}).
 */
public final class ShortSyntax {

  static final Set<String> PROPAGATIONS = Set.of("rprivate", "private", "rshared", "shared", "rslave", "slave");

  private ShortSyntax() {}

  /** What the text says. {@code type} is {@code bind} or {@code volume}. */
  public record Parsed(String type, String source, String target, boolean readOnly, boolean nocopy,
      String propagation, String selinux, List<String> ignored, boolean createHostPath) {}

  /** Thrown with compose-go's words: {@code invalid spec: x:y:z:w: too many colons}. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  public static Parsed parse(String spec) {
    if (spec.isEmpty()) {
      throw new Invalid("invalid empty volume spec");
    }
    if (spec.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 2) {
      return new Parsed("volume", "", spec, false, false, "", "", List.of(), false);
    }
    String source = "";
    String target = "";
    boolean ro = false;
    boolean nocopy = false;
    String propagation = "";
    String selinux = "";
    List<String> ignored = new ArrayList<>();
    StringBuilder buffer = new StringBuilder();
    int depth = 0;
    int[] cps = (spec + "\0").codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      boolean end = i == cps.length - 1;
      if (!end && c == '$' && i + 1 < cps.length - 1 && cps[i + 1] == '{') {
        depth++;
        buffer.appendCodePoint(c);
        continue;
      }
      if (!end && c == '}' && depth > 0) {
        depth--;
        buffer.appendCodePoint(c);
        continue;
      }
      if (!end && c == ':' && buffer.codePointCount(0, buffer.length()) == 1 && Character.isLetter(buffer.codePointAt(0))) {
        buffer.appendCodePoint(c);
      } else if ((c == ':' || end) && depth == 0) {
        String s = buffer.toString();
        if (s.isEmpty()) {
          throw new Invalid("invalid spec: " + spec + ": empty section between colons");
        }
        if (source.isEmpty() && end) {
          target = s;
        } else if (source.isEmpty()) {
          source = s;
        } else if (target.isEmpty()) {
          target = s;
        } else if (c == ':') {
          throw new Invalid("invalid spec: " + spec + ": too many colons");
        } else {
          for (String option : s.split(",", -1)) {
            switch (option) {
              case "ro" -> ro = true;
              case "rw" -> ro = false;
              case "nocopy" -> nocopy = true;
              case "z", "Z" -> selinux = option;
              default -> {
                if (PROPAGATIONS.contains(option)) {
                  propagation = option;
                } else {
                  ignored.add(option);
                }
              }
            }
          }
        }
        buffer.setLength(0);
      } else {
        if (end) {
          break; // an unclosed ${ swallowed the end: compose-go drops the last section
        }
        buffer.appendCodePoint(c);
      }
    }
    boolean bind = isFilePath(source);
    return new Parsed(bind ? "bind" : "volume", source, target, ro, nocopy, propagation, selinux, List.copyOf(ignored),
        bind);
  }

  /** compose-go's isFilePath: {@code .}, {@code /}, {@code ~}, {@code \\}, or a letter and a colon. */
  public static boolean isFilePath(String source) {
    if (source.isEmpty()) {
      return false;
    }
    char c = source.charAt(0);
    if (c == '.' || c == '/' || c == '~' || source.startsWith("\\\\")) {
      return true;
    }
    int first = source.codePointAt(0);
    int next = Character.charCount(first);
    return source.length() > next && Character.isLetter(first) && source.charAt(next) == ':';
  }
}
