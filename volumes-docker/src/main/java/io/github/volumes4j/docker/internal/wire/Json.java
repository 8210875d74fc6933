package io.github.volumes4j.docker.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.volumes4j.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON with jackson-core's streaming parser and generator into plain maps and lists.
 *
 * <p>Why not jackson-databind's tree model: building an {@code ObjectMapper} costs about half a second of
 * class loading at start-up (measured by the benchmark's cold start), and the tree adds allocation per
 * call; the Engine API's JSON is small and untyped enough for maps. An object reads as a
 * {@code LinkedHashMap<String, Object>} in which JSON {@code null} is a present key with a {@code null}
 * value, so that "reported as null" and "not reported" stay apart.
 */
public final class Json {

  static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /**
   * Loads and links the JSON classes (a parse and a write of a small document). Called on a daemon
   * thread while the HTTP client is being built, so that the first call does not wait for it: on two
   * cores this takes a tenth of a second off the time to the first answer.
   */
  public static void warmUp() {
    try {
      Map<String, Object> m = parseObject("{\"a\":[1,2.5,true,null,\"x\"],\"b\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "warm-up");
      bytes(m);
    } catch (RuntimeException e) {
      // only a warm-up
    }
  }

  /** A new, ordered JSON object. */
  public static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }

  /** Parses one JSON value. */
  public static Object parse(byte[] body, String what) {
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IOException("empty answer");
      }
      return value(p, t);
    } catch (IOException e) {
      throw new EngineException(0, "the Docker engine answered " + what + " with JSON that cannot be read: "
          + e.getMessage(), e);
    }
  }

  /** Parses a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(byte[] body, String what) {
    Object v = parse(body, what);
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new EngineException(0, "the Docker engine answered " + what + " with JSON that is not an object", null);
  }

  /** Parses a sequence of JSON values (a progress stream). */
  public static List<Object> parseAll(byte[] body, String what) {
    List<Object> out = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(body)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        out.add(value(p, t));
      }
      return out;
    } catch (IOException e) {
      throw new EngineException(0, "the Docker engine answered " + what + " with JSON that cannot be read: "
          + e.getMessage(), e);
    }
  }

  static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
          String name = p.currentName();
          m.put(name, value(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          l.add(value(p, e));
        }
        return l;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected " + t);
    }
  }

  /** The UTF-8 JSON of maps, lists, strings, numbers, booleans and nulls. */
  public static byte[] bytes(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  public static String text(Object value) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      write(g, value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  /** Writes a value (map, list, string, number, boolean, null) with the generator. */
  static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else {
      g.writeString(v.toString());
    }
  }

  // ---- reading fields ---------------------------------------------------------------------------

  /** The value as a JSON object, or an empty one. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asObject(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The object under a key, or an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> obj(Map<String, Object> node, String field) {
    Object v = node.get(field);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Collections.emptyMap();
  }

  /** The list under a key, or an empty list. */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Map<String, Object> node, String field) {
    Object v = node.get(field);
    return v instanceof List<?> l ? (List<Object>) l : Collections.emptyList();
  }

  /** The text of a field, or empty when missing or null. */
  public static Optional<String> str(Map<String, Object> node, String field) {
    Object v = node.get(field);
    return v == null ? Optional.empty() : Optional.of(v.toString());
  }

  /** The text of a field, or the default. */
  public static String str(Map<String, Object> node, String field, String dflt) {
    Object v = node.get(field);
    return v == null ? dflt : v.toString();
  }

  public static long num(Map<String, Object> node, String field, long dflt) {
    Object v = node.get(field);
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return dflt;
      }
    }
    return dflt;
  }

  public static boolean bool(Map<String, Object> node, String field, boolean dflt) {
    Object v = node.get(field);
    return v instanceof Boolean b ? b : dflt;
  }

  /** A map of strings; null or missing reads as empty. */
  public static Map<String, String> map(Map<String, Object> node, String field) {
    Object v = node.get(field);
    if (!(v instanceof Map<?, ?> m) || m.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : val instanceof Map || val instanceof List
        ? text(val) : val.toString()));
    return out;
  }

  /** Whether the field is present and not JSON null. */
  public static boolean present(Map<String, Object> node, String field) {
    return node.get(field) != null;
  }
}
