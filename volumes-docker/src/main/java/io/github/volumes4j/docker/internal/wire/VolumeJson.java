package io.github.volumes4j.docker.internal.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeUsage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's volume objects read from the token stream straight into {@link Volume}s, without a map
 * per volume: a list of 5,000 volumes took 9-10 ms of CPU through {@link Json}'s maps. Reads exactly
 * as the map route does ({@code null} and absent apart, {@code Status} values as text, unknown
 * fields skipped); {@code VolumeJsonTest} holds the two routes to the same answers.
 */
public final class VolumeJson {

  private VolumeJson() {}

  /** The {@code POST /volumes/create} body, field by field as the docker CLI writes it. */
  public static byte[] createBody(io.github.volumes4j.VolumeSpec spec) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
    try (com.fasterxml.jackson.core.JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      if (spec.name().isPresent()) {
        g.writeStringField("Name", spec.name().get());
      }
      g.writeStringField("Driver", spec.driver());
      if (!spec.driverOptions().isEmpty()) {
        g.writeFieldName("DriverOpts");
        Json.write(g, spec.driverOptions());
      }
      if (!spec.labels().isEmpty()) {
        g.writeFieldName("Labels");
        Json.write(g, spec.labels());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The {@code Volumes} of a {@code GET /volumes} answer ({@code null} is none); reads the stream to its end. */
  public static List<Volume> readList(InputStream in, String what) throws IOException {
    List<Volume> out = new ArrayList<>();
    try (JsonParser p = Json.FACTORY.createParser(in)) {
      p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new EngineException(0, "the Docker engine answered " + what + " with JSON that is not an object", null);
      }
      for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals("Volumes") && t == JsonToken.START_ARRAY) {
          for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e != JsonToken.START_OBJECT) {
              throw new EngineException(0, "the Docker engine answered " + what + " with a volume that is not an object", null);
            }
            out.add(read(p));
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new EngineException(0, "the Docker engine answered " + what + " with JSON that cannot be read: "
          + e.getMessage(), e);
    }
    in.transferTo(OutputStream.nullOutputStream());
    return out;
  }

  /** One volume object; the parser is on its {@code START_OBJECT} and is left on its {@code END_OBJECT}. */
  static Volume read(JsonParser p) throws IOException {
    Volume.Builder b = Volume.builder().name("").driver("").mountpoint("");
    boolean labels = false;
    boolean options = false;
    for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "Name" -> b.name(string(p, t));
        case "Driver" -> b.driver(string(p, t));
        case "Mountpoint" -> b.mountpoint(string(p, t));
        case "Scope" -> {
          String s = string(p, t);
          if (!s.isEmpty()) {
            b.scope(s);
          }
        }
        case "CreatedAt" -> {
          if (t != JsonToken.VALUE_NULL) {
            Times.parse(t == JsonToken.VALUE_STRING ? p.getText() : String.valueOf(Json.value(p, t))).ifPresent(b::createdAt);
          }
        }
        case "Labels" -> {
          labels = t != JsonToken.VALUE_NULL;
          b.labels(map(p, t));
        }
        case "Options" -> {
          options = t != JsonToken.VALUE_NULL;
          b.options(map(p, t));
        }
        case "Status" -> b.status(map(p, t));
        case "UsageData" -> {
          if (t != JsonToken.VALUE_NULL) {
            Map<String, Object> m = usage(Json.value(p, t));
            b.usage(VolumeUsage.of(Json.num(m, "Size", -1), Json.num(m, "RefCount", -1)));
          }
        }
        default -> p.skipChildren();
      }
    }
    return b.labelsReported(labels).optionsReported(options).build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> usage(Object u) {
    return u instanceof Map<?, ?> m ? (Map<String, Object>) m : Collections.emptyMap();
  }

  /** One volume object, a whole answer ({@code GET /volumes/{name}}, {@code POST /volumes/create}). */
  public static Volume readOne(byte[] body, String what) {
    try (JsonParser p = Json.FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new EngineException(0, "the Docker engine answered " + what + " with JSON that is not an object", null);
      }
      return read(p);
    } catch (IOException e) {
      throw new EngineException(0, "the Docker engine answered " + what + " with JSON that cannot be read: "
          + e.getMessage(), e);
    }
  }

  /** A string field as the map route reads it: absent or {@code null} is {@code ""}, anything else its text. */
  private static String string(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return "";
    }
    Object v = Json.value(p, t);
    return v instanceof String s ? s : String.valueOf(v);
  }

  /** An object of strings as {@link Json#map} reads it; anything but an object is empty. */
  private static Map<String, String> map(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return Collections.emptyMap();
    }
    Map<String, String> out = null;
    for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      String text;
      if (v == JsonToken.VALUE_STRING) {
        text = p.getText();
      } else if (v == JsonToken.VALUE_NULL) {
        text = "";
      } else {
        Object o = Json.value(p, v);
        text = o instanceof Map || o instanceof List ? Json.text(o) : o.toString();
      }
      if (out == null) {
        out = new LinkedHashMap<>();
      }
      out.put(key, text);
    }
    return out == null ? Collections.emptyMap() : out;
  }
}
