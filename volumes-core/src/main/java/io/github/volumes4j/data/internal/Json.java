package io.github.volumes4j.data.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of the backup manifest, on jackson-core's streaming reader and writer (the library
 * volumes-docker speaks the Engine API with): objects of strings, whole numbers, booleans and
 * nested objects.
 */
public final class Json {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private Json() {}

  /** Writes a map (values: String, Number, Boolean, Map) as indented JSON. */
  public static String write(Map<String, ?> object) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      writeObject(g, object);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
    return out.append('\n').toString();
  }

  private static void writeObject(JsonGenerator g, Map<String, ?> object) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, ?> e : object.entrySet()) {
      g.writeFieldName(e.getKey());
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, ?> inner = (Map<String, ?>) m;
        writeObject(g, inner);
      } else if (v instanceof Long || v instanceof Integer) {
        g.writeNumber(((Number) v).longValue());
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (v == null) {
        g.writeNull();
      } else {
        g.writeString(v.toString());
      }
    }
    g.writeEndObject();
  }

  /**
   * Parses one JSON object: nested objects as maps, whole numbers as {@link Long}, strings, booleans.
   *
   * @throws IllegalArgumentException when the text is not one such object
   */
  public static Map<String, Object> parse(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      Map<String, Object> m = readObject(p, 0);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("text after the JSON object");
      }
      return m;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON at offset " + e.getLocation().getCharOffset() + ": "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> readObject(JsonParser p, int depth) throws IOException {
    if (depth > 16) {
      throw new IllegalArgumentException("JSON nested deeper than 16 objects");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
      if (t != JsonToken.FIELD_NAME) {
        throw new IllegalArgumentException("expected a field name at " + p.currentLocation());
      }
      String key = p.currentName();
      JsonToken v = p.nextToken();
      Object value;
      switch (v) {
        case START_OBJECT:
          value = readObject(p, depth + 1);
          break;
        case VALUE_STRING:
          value = p.getText();
          break;
        case VALUE_NUMBER_INT:
          value = p.getLongValue();
          break;
        case VALUE_TRUE:
        case VALUE_FALSE:
          value = p.getBooleanValue();
          break;
        case VALUE_NULL:
          value = null;
          break;
        default:
          throw new IllegalArgumentException("unexpected " + v + " for \"" + key + "\" at " + p.currentLocation());
      }
      m.put(key, value);
    }
    return m;
  }

  /** The text under {@code key}. @throws IllegalArgumentException when missing or not text */
  public static String text(Map<String, Object> json, String key) {
    Object v = json.get(key);
    if (!(v instanceof String)) {
      throw new IllegalArgumentException("\"" + key + "\" missing or not text");
    }
    return (String) v;
  }

  /** The whole number under {@code key}. @throws IllegalArgumentException when missing or not one */
  public static long whole(Map<String, Object> json, String key) {
    Object v = json.get(key);
    if (!(v instanceof Long)) {
      throw new IllegalArgumentException("\"" + key + "\" missing or not a whole number");
    }
    return (Long) v;
  }

  /** The object under {@code key} as text to text, empty when missing. @throws IllegalArgumentException when not an object */
  public static Map<String, String> strings(Map<String, Object> json, String key) {
    Object v = json.get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof Map) {
      ((Map<?, ?>) v).forEach((k, x) -> out.put(k.toString(), String.valueOf(x)));
    } else if (v != null) {
      throw new IllegalArgumentException("\"" + key + "\" is not an object");
    }
    return out;
  }
}
