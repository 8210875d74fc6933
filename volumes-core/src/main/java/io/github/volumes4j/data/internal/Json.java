package io.github.volumes4j.data.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The little JSON the backup manifest needs: objects of strings, numbers, booleans and nested
 * objects. Not a general parser; volumes-core carries no JSON library.
 */
public final class Json {

  private Json() {}

  /** Writes a map (values: String, Number, Boolean, Map) as indented JSON. */
  public static String write(Map<String, ?> object) {
    StringBuilder out = new StringBuilder();
    writeObject(out, object, 0);
    return out.append('\n').toString();
  }

  private static void writeObject(StringBuilder out, Map<String, ?> object, int indent) {
    if (object.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{\n");
    int i = 0;
    for (Map.Entry<String, ?> e : object.entrySet()) {
      out.append("  ".repeat(indent + 1));
      writeString(out, e.getKey());
      out.append(": ");
      writeValue(out, e.getValue(), indent + 1);
      out.append(++i < object.size() ? ",\n" : "\n");
    }
    out.append("  ".repeat(indent)).append('}');
  }

  @SuppressWarnings("unchecked")
  private static void writeValue(StringBuilder out, Object value, int indent) {
    if (value instanceof Map) {
      writeObject(out, (Map<String, ?>) value, indent);
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value == null) {
      out.append("null");
    } else {
      writeString(out, value.toString());
    }
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /** Parses a JSON object; numbers become Long (or Double), nested objects LinkedHashMaps. */
  public static Map<String, Object> parse(String text) {
    Parser p = new Parser(text);
    p.skipWs();
    Object v = p.value();
    p.skipWs();
    if (p.pos != text.length()) {
      throw p.error("trailing characters");
    }
    if (!(v instanceof Map)) {
      throw p.error("not an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) v;
    return map;
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + what);
    }

    void skipWs() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    char peek() {
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(pos);
    }

    void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    Object value() {
      char c = peek();
      if (c == '{') {
        return object();
      } else if (c == '"') {
        return string();
      } else if (s.startsWith("true", pos)) {
        pos += 4;
        return Boolean.TRUE;
      } else if (s.startsWith("false", pos)) {
        pos += 5;
        return Boolean.FALSE;
      } else if (s.startsWith("null", pos)) {
        pos += 4;
        return null;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
          pos++;
        }
        String num = s.substring(start, pos);
        try {
          return num.matches("-?\\d+") ? (Object) Long.valueOf(num) : (Object) Double.valueOf(num);
        } catch (NumberFormatException e) {
          throw error("bad number " + num);
        }
      }
      throw error("unexpected '" + c + "'");
    }

    Map<String, Object> object() {
      expect('{');
      Map<String, Object> map = new LinkedHashMap<>();
      skipWs();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipWs();
        String key = string();
        skipWs();
        expect(':');
        skipWs();
        map.put(key, value());
        skipWs();
        if (peek() == ',') {
          pos++;
          continue;
        }
        expect('}');
        return map;
      }
    }

    String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = peek();
        pos++;
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = peek();
        pos++;
        switch (e) {
          case '"': b.append('"'); break;
          case '\\': b.append('\\'); break;
          case '/': b.append('/'); break;
          case 'n': b.append('\n'); break;
          case 'r': b.append('\r'); break;
          case 't': b.append('\t'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'u':
            if (pos + 4 > s.length()) {
              throw error("bad escape");
            }
            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
            break;
          default:
            throw error("bad escape \\" + e);
        }
      }
    }
  }
}
