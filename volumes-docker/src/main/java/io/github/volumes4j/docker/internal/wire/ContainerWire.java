package io.github.volumes4j.docker.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountType;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.VolumesFrom;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Containers on the wire: the {@code POST /containers/create} body written field by field from a
 * {@link ContainerSpec} (its mounts already mapped by {@link MountMapper}), and the answers of
 * inspect, list and the archive {@code HEAD} read into {@link ContainerInfo} and {@link PathStat}.
 */
public final class ContainerWire {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final Pattern EXITED = Pattern.compile("^Exited \\((-?\\d+)\\)");

  private ContainerWire() {}

  /** A {@code POST /containers/{id}/wait} answer: the exit code, and the daemon's error if it had one. */
  public record WaitReply(int statusCode, Optional<String> error) {

    /** Reads a wait answer ({@code StatusCode} -1 when absent). */
    public static WaitReply read(byte[] body) {
      Map<String, Object> n = Json.parseObject(body, "POST /containers/{id}/wait");
      String err = Json.str(Json.obj(n, "Error"), "Message", "");
      return new WaitReply((int) Json.num(n, "StatusCode", -1), err.isEmpty() ? Optional.empty() : Optional.of(err));
    }
  }

  /** The id a {@code POST /containers/create} answer names (empty if none). */
  public static String createdId(byte[] body) {
    return Json.str(Json.parseObject(body, "POST /containers/create"), "Id", "");
  }

  /** The create body: the spec's fields, and its mounts in the fields the mapper chose. */
  public static byte[] createBody(ContainerSpec spec, MountMapper.HostMounts mounts) {
    return createBody(spec, mounts, null);
  }

  /**
   * What a started helper needs on top of its spec: an open standard input closed after the first
   * attach ends ({@code OpenStdin}, {@code StdinOnce}), no log driver (every byte of an attached
   * output would also be written to the container's log), and a port published on {@code hostIp}.
   */
  public record HelperWire(boolean attach, int port, String hostIp) {}

  public static byte[] createBody(ContainerSpec spec, MountMapper.HostMounts mounts, HelperWire helper) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("Image", spec.image());
      if (helper != null && helper.attach()) {
        g.writeBooleanField("AttachStdin", true);
        g.writeBooleanField("AttachStdout", true);
        g.writeBooleanField("AttachStderr", true);
        g.writeBooleanField("OpenStdin", true);
        g.writeBooleanField("StdinOnce", true);
      }
      if (helper != null && helper.port() > 0) {
        g.writeObjectFieldStart("ExposedPorts");
        g.writeObjectFieldStart(helper.port() + "/tcp");
        g.writeEndObject();
        g.writeEndObject();
      }
      if (!spec.command().isEmpty()) {
        strings(g, "Cmd", spec.command());
      }
      if (spec.entrypoint().isPresent()) {
        strings(g, "Entrypoint", spec.entrypoint().get());
      }
      if (!spec.env().isEmpty()) {
        strings(g, "Env", env(spec.env()));
      }
      if (spec.user().isPresent()) {
        g.writeStringField("User", spec.user().get());
      }
      if (spec.workingDir().isPresent()) {
        g.writeStringField("WorkingDir", spec.workingDir().get());
      }
      if (!spec.labels().isEmpty()) {
        g.writeFieldName("Labels");
        Json.write(g, spec.labels());
      }
      if (!mounts.volumes().isEmpty()) {
        g.writeObjectFieldStart("Volumes");  // -v /target: an anonymous volume, as the CLI sends it
        for (String target : mounts.volumes()) {
          g.writeObjectFieldStart(target);
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeObjectFieldStart("HostConfig");
      if (!mounts.binds().isEmpty()) {
        strings(g, "Binds", mounts.binds());
      }
      if (!mounts.mounts().isEmpty()) {
        g.writeArrayFieldStart("Mounts");
        for (WireMount m : mounts.mounts()) {
          m.write(g);
        }
        g.writeEndArray();
      }
      if (!mounts.tmpfs().isEmpty()) {
        g.writeFieldName("Tmpfs");
        Json.write(g, mounts.tmpfs());
      }
      if (!spec.volumesFrom().isEmpty()) {
        List<String> vf = new ArrayList<>();
        for (VolumesFrom f : spec.volumesFrom()) {
          vf.add(f.format());
        }
        strings(g, "VolumesFrom", vf);
      }
      if (spec.autoRemove()) {
        g.writeBooleanField("AutoRemove", true);
      }
      if (spec.network().isPresent()) {
        g.writeStringField("NetworkMode", spec.network().get());
      }
      if (helper != null) {
        // explicit, small limits: Podman otherwise asks the runtime for its own defaults (nofile 1048576),
        // which fails where the service's hard limit is lower ("error setting rlimits", recorded on 4.3)
        g.writeArrayFieldStart("Ulimits");
        for (String name : List.of("nofile", "nproc")) {
          g.writeStartObject();
          g.writeStringField("Name", name);
          g.writeNumberField("Soft", 1024);
          g.writeNumberField("Hard", 1024);
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (helper != null && helper.attach()) {
        g.writeObjectFieldStart("LogConfig");
        g.writeStringField("Type", "none");
        g.writeEndObject();
      }
      if (helper != null && helper.port() > 0) {
        g.writeObjectFieldStart("PortBindings");
        g.writeArrayFieldStart(helper.port() + "/tcp");
        g.writeStartObject();
        g.writeStringField("HostIp", helper.hostIp());
        g.writeStringField("HostPort", "");
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Environment variables as the API's {@code Env} takes them, {@code KEY=value}. */
  static List<String> env(Map<String, String> env) {
    List<String> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** {@code GET /containers/{id}/json}. */
  public static ContainerInfo fromInspect(byte[] body) {
    Map<String, Object> n = Json.parseObject(body, "GET /containers/{id}/json");
    Map<String, Object> st = Json.obj(n, "State");
    ContainerState state = ContainerState.fromApiName(Json.str(st, "Status", "created"));
    ContainerInfo.Builder b = ContainerInfo.builder()
        .id(Json.str(n, "Id", ""))
        .name(Json.str(n, "Name", "").replaceFirst("^/", ""))
        .image(Json.str(Json.obj(n, "Config"), "Image", Json.str(n, "Image", "")))
        .state(state)
        .labels(Json.map(Json.obj(n, "Config"), "Labels"));
    if (state == ContainerState.EXITED || state == ContainerState.DEAD) {
      b.exitCode((int) Json.num(st, "ExitCode", -1));
    }
    mounts(Json.list(n, "Mounts"), b);
    return b.build();
  }

  /** {@code GET /containers/json}: the exit code read from {@code Status} ("Exited (3) 2 minutes ago"). */
  public static List<ContainerInfo> fromList(byte[] body) {
    List<ContainerInfo> out = new ArrayList<>();
    Object all = Json.parse(body, "GET /containers/json");
    for (Object o : all instanceof List<?> l ? l : List.of()) {
      Map<String, Object> n = Json.asObject(o);
      ContainerState state = ContainerState.fromApiName(Json.str(n, "State", "created"));
      List<Object> names = Json.list(n, "Names");
      ContainerInfo.Builder b = ContainerInfo.builder()
          .id(Json.str(n, "Id", ""))
          .name(names.isEmpty() ? "" : String.valueOf(names.get(0)).replaceFirst("^/", ""))
          .image(Json.str(n, "Image", ""))
          .state(state)
          .labels(Json.map(n, "Labels"));
      Matcher m = EXITED.matcher(Json.str(n, "Status", ""));
      if ((state == ContainerState.EXITED || state == ContainerState.DEAD) && m.find()) {
        b.exitCode(Integer.parseInt(m.group(1)));
      }
      mounts(Json.list(n, "Mounts"), b);
      out.add(b.build());
    }
    return out;
  }

  private static void mounts(List<Object> mounts, ContainerInfo.Builder b) {
    for (Object o : mounts) {
      Map<String, Object> m = Json.asObject(o);
      MountPoint.Builder p = MountPoint.builder()
          .type(MountType.fromApiName(Json.str(m, "Type", "volume")))
          .source(Json.str(m, "Source", ""))
          .destination(Json.str(m, "Destination", ""))
          .mode(Json.str(m, "Mode", ""))
          .readWrite(Json.bool(m, "RW", true))
          .propagation(Json.str(m, "Propagation", ""));
      Json.str(m, "Name").filter(s -> !s.isEmpty()).ifPresent(p::name);
      Json.str(m, "Driver").filter(s -> !s.isEmpty()).ifPresent(p::driver);
      b.addMount(p.build());
    }
  }

  /** The archive {@code HEAD}'s {@code X-Docker-Container-Path-Stat} header (base64 JSON). */
  public static PathStat pathStat(String header) {
    Map<String, Object> n = Json.parseObject(Base64.getDecoder().decode(header), "X-Docker-Container-Path-Stat");
    PathStat.Builder b = PathStat.builder()
        .name(Json.str(n, "name", ""))
        .size(Json.num(n, "size", 0))
        .mode(Json.num(n, "mode", 0))
        .modified(Times.parse(Json.str(n, "mtime", "")).map(OffsetDateTime::toInstant).orElse(Instant.EPOCH));
    Json.str(n, "linkTarget").filter(s -> !s.isEmpty()).ifPresent(b::linkTarget);
    return b.build();
  }
}
