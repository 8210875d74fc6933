package io.github.volumes4j.docker.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One entry of {@code HostConfig.Mounts} as the Engine API types it ({@code api/types/mount.Mount}),
 * written field by field in the API's order; absent and false fields are left out, as the docker CLI
 * leaves them out.
 */
public record WireMount(String type, Optional<String> source, String target, boolean readOnly,
    Optional<String> consistency, Optional<BindOptions> bindOptions, Optional<VolumeOptions> volumeOptions,
    Optional<TmpfsOptions> tmpfsOptions) {

  /** {@code BindOptions}. */
  public record BindOptions(Optional<String> propagation, boolean nonRecursive, boolean readOnlyNonRecursive,
      boolean readOnlyForceRecursive, boolean createMountpoint) {
    public boolean isEmpty() {
      return propagation.isEmpty() && !nonRecursive && !readOnlyNonRecursive && !readOnlyForceRecursive && !createMountpoint;
    }
  }

  /** {@code VolumeOptions}; the driver config is present when a driver or options were given. */
  public record VolumeOptions(boolean noCopy, Map<String, String> labels, Optional<String> driver,
      Map<String, String> driverOptions, Optional<String> subpath) {
    public boolean isEmpty() {
      return !noCopy && labels.isEmpty() && driver.isEmpty() && driverOptions.isEmpty() && subpath.isEmpty();
    }
  }

  /** {@code TmpfsOptions}; each option is {@code [name]} or {@code [name, value]}. */
  public record TmpfsOptions(OptionalLong sizeBytes, OptionalInt mode, List<List<String>> options) {
    public boolean isEmpty() {
      return sizeBytes.isEmpty() && mode.isEmpty() && options.isEmpty();
    }
  }

  /** Writes the entry as one JSON object. */
  public void write(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("Type", type);
    g.writeStringField("Target", target);
    if (readOnly) {
      g.writeBooleanField("ReadOnly", true);
    }
    if (consistency.isPresent()) {
      g.writeStringField("Consistency", consistency.get());
    }
    if (source.isPresent()) {
      g.writeStringField("Source", source.get());
    }
    if (volumeOptions.isPresent() && !volumeOptions.get().isEmpty()) {
      writeVolumeOptions(g, volumeOptions.get());
    }
    if (bindOptions.isPresent() && !bindOptions.get().isEmpty()) {
      writeBindOptions(g, bindOptions.get());
    }
    if (tmpfsOptions.isPresent() && !tmpfsOptions.get().isEmpty()) {
      writeTmpfsOptions(g, tmpfsOptions.get());
    }
    g.writeEndObject();
  }

  private static void writeVolumeOptions(JsonGenerator g, VolumeOptions o) throws IOException {
    g.writeObjectFieldStart("VolumeOptions");
    if (o.noCopy()) {
      g.writeBooleanField("NoCopy", true);
    }
    if (!o.labels().isEmpty()) {
      g.writeFieldName("Labels");
      Json.write(g, o.labels());
    }
    if (o.driver().isPresent() || !o.driverOptions().isEmpty()) {
      g.writeObjectFieldStart("DriverConfig");
      g.writeStringField("Name", o.driver().orElse("local"));
      if (!o.driverOptions().isEmpty()) {
        g.writeFieldName("Options");
        Json.write(g, o.driverOptions());
      }
      g.writeEndObject();
    }
    if (o.subpath().isPresent()) {
      g.writeStringField("Subpath", o.subpath().get());
    }
    g.writeEndObject();
  }

  private static void writeBindOptions(JsonGenerator g, BindOptions o) throws IOException {
    g.writeObjectFieldStart("BindOptions");
    if (o.propagation().isPresent()) {
      g.writeStringField("Propagation", o.propagation().get());
    }
    if (o.nonRecursive()) {
      g.writeBooleanField("NonRecursive", true);
    }
    if (o.readOnlyNonRecursive()) {
      g.writeBooleanField("ReadOnlyNonRecursive", true);
    }
    if (o.readOnlyForceRecursive()) {
      g.writeBooleanField("ReadOnlyForceRecursive", true);
    }
    if (o.createMountpoint()) {
      g.writeBooleanField("CreateMountpoint", true);
    }
    g.writeEndObject();
  }

  private static void writeTmpfsOptions(JsonGenerator g, TmpfsOptions o) throws IOException {
    g.writeObjectFieldStart("TmpfsOptions");
    if (o.sizeBytes().isPresent()) {
      g.writeNumberField("SizeBytes", o.sizeBytes().getAsLong());
    }
    if (o.mode().isPresent()) {
      g.writeNumberField("Mode", o.mode().getAsInt());
    }
    if (!o.options().isEmpty()) {
      g.writeArrayFieldStart("Options");
      for (List<String> opt : o.options()) {
        g.writeStartArray();
        for (String part : opt) {
          g.writeString(part);
        }
        g.writeEndArray();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** The entries as a JSON array (for tests and logs). */
  public static String json(List<WireMount> mounts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartArray();
      for (WireMount m : mounts) {
        m.write(g);
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
