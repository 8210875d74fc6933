package io.github.volumes4j.docker.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.Consistency;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.swarm.ClusterVolumeSpec;
import io.github.volumes4j.swarm.NodeInfo;
import io.github.volumes4j.swarm.ServiceInfo;
import io.github.volumes4j.swarm.ServiceMode;
import io.github.volumes4j.swarm.ServiceSpec;
import io.github.volumes4j.swarm.TaskInfo;
import io.github.volumes4j.swarm.TaskState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Swarm objects on the wire: the {@code ServiceSpec} body of {@code POST /services/create} and
 * {@code /services/{id}/update} (its mounts as {@link WireMount} entries, the only field a task template has), the
 * answers of {@code GET /services}, {@code /tasks} and {@code /nodes}, and the {@code ClusterVolumeSpec} of a volume
 * create. Recorded on Docker 20.10: the command goes in {@code Args} as {@code docker service create IMAGE ARGS}
 * sends it ({@code Command} would replace the image's entrypoint).
 */
public final class ServiceWire {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private ServiceWire() {}

  /** The service spec as the create and update endpoints take it. */
  public static byte[] specBody(ServiceSpec spec) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("Name", spec.name());
      if (!spec.labels().isEmpty()) {
        g.writeFieldName("Labels");
        Json.write(g, spec.labels());
      }
      g.writeObjectFieldStart("TaskTemplate");
      g.writeObjectFieldStart("ContainerSpec");
      g.writeStringField("Image", spec.image());
      if (!spec.containerLabels().isEmpty()) {
        g.writeFieldName("Labels");
        Json.write(g, spec.containerLabels());
      }
      if (!spec.command().isEmpty()) {
        ContainerWire.strings(g, "Args", spec.command());
      }
      if (!spec.env().isEmpty()) {
        ContainerWire.strings(g, "Env", ContainerWire.env(spec.env()));
      }
      if (spec.user().isPresent()) {
        g.writeStringField("User", spec.user().get());
      }
      if (spec.stopGracePeriod().isPresent()) {
        g.writeNumberField("StopGracePeriod", spec.stopGracePeriod().get().toNanos());
      }
      if (!spec.mounts().isEmpty()) {
        g.writeArrayFieldStart("Mounts");
        for (MountSpec m : spec.mounts()) {
          MountMapper.entry(m).write(g);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      if (!spec.constraints().isEmpty()) {
        g.writeObjectFieldStart("Placement");
        ContainerWire.strings(g, "Constraints", spec.constraints());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeObjectFieldStart("Mode");
      if (spec.mode() == ServiceMode.GLOBAL) {
        g.writeObjectFieldStart("Global");
        g.writeEndObject();
      } else {
        g.writeObjectFieldStart("Replicated");
        g.writeNumberField("Replicas", spec.replicas());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The {@code POST /volumes/create} body of a cluster volume. */
  public static byte[] clusterVolumeBody(ClusterVolumeSpec spec) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("Name", spec.name());
      g.writeStringField("Driver", spec.driver());
      if (!spec.driverOptions().isEmpty()) {
        g.writeFieldName("DriverOpts");
        Json.write(g, spec.driverOptions());
      }
      if (!spec.labels().isEmpty()) {
        g.writeFieldName("Labels");
        Json.write(g, spec.labels());
      }
      g.writeObjectFieldStart("ClusterVolumeSpec");
      if (spec.group().isPresent()) {
        g.writeStringField("Group", spec.group().get());
      }
      g.writeObjectFieldStart("AccessMode");
      g.writeStringField("Scope", spec.scope().apiName());
      g.writeStringField("Sharing", spec.sharing().apiName());
      g.writeObjectFieldStart("MountVolume");  // the CLI's default --type mount
      g.writeEndObject();
      g.writeEndObject();
      if (!spec.secrets().isEmpty()) {
        g.writeArrayFieldStart("Secrets");
        for (Map.Entry<String, String> s : spec.secrets().entrySet()) {
          g.writeStartObject();
          g.writeStringField("Key", s.getKey());
          g.writeStringField("Secret", s.getValue());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (!spec.requisiteTopology().isEmpty() || !spec.preferredTopology().isEmpty()) {
        g.writeObjectFieldStart("AccessibilityRequirements");
        topologies(g, "Requisite", spec.requisiteTopology());
        topologies(g, "Preferred", spec.preferredTopology());
        g.writeEndObject();
      }
      if (spec.requiredBytes().isPresent() || spec.limitBytes().isPresent()) {
        g.writeObjectFieldStart("CapacityRange");
        g.writeNumberField("RequiredBytes", spec.requiredBytes().orElse(0));
        g.writeNumberField("LimitBytes", spec.limitBytes().orElse(0));
        g.writeEndObject();
      }
      g.writeStringField("Availability", spec.availability().apiName());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void topologies(JsonGenerator g, String field, List<Map<String, String>> topologies) throws IOException {
    if (topologies.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (Map<String, String> t : topologies) {
      g.writeStartObject();
      g.writeFieldName("Segments");
      Json.write(g, t);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** The id a {@code POST /services/create} answer names. */
  public static String createdId(byte[] body) {
    return Json.str(Json.parseObject(body, "POST /services/create"), "ID", "");
  }

  /** One service of {@code GET /services/{id}} or of the list. */
  public static ServiceInfo service(Map<String, Object> n) {
    Map<String, Object> spec = Json.obj(n, "Spec");
    Map<String, Object> template = Json.obj(spec, "TaskTemplate");
    Map<String, Object> container = Json.obj(template, "ContainerSpec");
    Map<String, Object> mode = Json.obj(spec, "Mode");
    ServiceSpec.Builder b = ServiceSpec.builder().name(Json.str(spec, "Name", "")).image(Json.str(container, "Image", ""))
        .labels(Json.map(spec, "Labels")).containerLabels(Json.map(container, "Labels"))
        .command(texts(Json.list(container, "Args"))).mounts(mounts(Json.list(container, "Mounts")))
        .constraints(texts(Json.list(Json.obj(template, "Placement"), "Constraints")));
    Json.str(container, "User").ifPresent(b::user);
    if (Json.present(container, "StopGracePeriod")) {
      b.stopGracePeriod(java.time.Duration.ofNanos(Json.num(container, "StopGracePeriod", 0)));
    }
    for (String e : texts(Json.list(container, "Env"))) {
      int eq = e.indexOf('=');
      b.putEnv(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
    }
    if (Json.present(mode, "Global")) {
      b.mode(ServiceMode.GLOBAL);
    } else {
      b.replicas((int) Json.num(Json.obj(mode, "Replicated"), "Replicas", 1));
    }
    Map<String, Object> update = Json.obj(n, "UpdateStatus");
    ServiceInfo.Builder info = ServiceInfo.builder().id(Json.str(n, "ID", "")).version(Json.num(Json.obj(n, "Version"), "Index", 0))
        .spec(b.build()).createdAt(time(n, "CreatedAt")).updatedAt(time(n, "UpdatedAt"))
        .templateDigest(digest(container));
    Json.str(update, "State").ifPresent(info::updateState);
    Json.str(update, "Message").ifPresent(info::updateMessage);
    return info.build();
  }

  /** One task of {@code GET /tasks}. */
  public static TaskInfo task(Map<String, Object> n) {
    Map<String, Object> status = Json.obj(n, "Status");
    String err = Json.str(status, "Err", "");
    String container = Json.str(Json.obj(status, "ContainerStatus"), "ContainerID", "");
    TaskInfo.Builder b = TaskInfo.builder().id(Json.str(n, "ID", "")).serviceId(Json.str(n, "ServiceID", ""))
        .slot((int) Json.num(n, "Slot", 0)).nodeId(Json.str(n, "NodeID", ""))
        .state(TaskState.ofApiName(Json.str(status, "State", "new")))
        .desiredState(TaskState.ofApiName(Json.str(n, "DesiredState", "new"))).message(Json.str(status, "Message", ""))
        .mounts(mounts(Json.list(Json.obj(Json.obj(n, "Spec"), "ContainerSpec"), "Mounts"))).createdAt(time(n, "CreatedAt"))
        .templateDigest(digest(Json.obj(Json.obj(n, "Spec"), "ContainerSpec")));
    if (!err.isEmpty()) {
      b.error(err);
    }
    if (!container.isEmpty()) {
      b.containerId(container);
    }
    return b.build();
  }

  /** One node of {@code GET /nodes}. */
  public static NodeInfo node(Map<String, Object> n) {
    Map<String, Object> spec = Json.obj(n, "Spec");
    Map<String, Object> status = Json.obj(n, "Status");
    Map<String, Object> manager = Json.obj(n, "ManagerStatus");
    String addr = Json.str(status, "Addr", "");
    return NodeInfo.builder().id(Json.str(n, "ID", "")).hostname(Json.str(Json.obj(n, "Description"), "Hostname", ""))
        .role(Json.str(spec, "Role", "")).availability(Json.str(spec, "Availability", "")).state(Json.str(status, "State", ""))
        .address(addr.isEmpty() ? Json.str(manager, "Addr", "") : addr).build();
  }

  /** The mounts of a task template, read back into values (what the daemon holds; no origin). */
  static List<MountSpec> mounts(List<Object> entries) {
    List<MountSpec> out = new ArrayList<>();
    for (Object o : entries) {
      out.add(mount(Json.asObject(o)));
    }
    return out;
  }

  static MountSpec mount(Map<String, Object> m) {
    String type = Json.str(m, "Type", "volume");
    String target = Json.str(m, "Target", "");
    boolean ro = Json.bool(m, "ReadOnly", false);
    Consistency consistency = null;
    String c = Json.str(m, "Consistency", "");
    for (Consistency k : Consistency.values()) {
      if (k.apiName().equals(c) && !c.isEmpty()) {
        consistency = k;
      }
    }
    switch (type) {
      case "bind": {
        Map<String, Object> o = Json.obj(m, "BindOptions");
        BindMount.Builder b = BindMount.builder().source(Json.str(m, "Source", "")).target(target).readOnly(ro)
            .createMountpoint(Json.bool(o, "CreateMountpoint", false));
        String p = Json.str(o, "Propagation", "");
        for (Propagation k : Propagation.values()) {
          if (k.apiName().equals(p)) {
            b.propagation(k);
          }
        }
        if (Json.bool(o, "NonRecursive", false)) {
          b.recursion(BindRecursion.DISABLED);
        } else if (Json.bool(o, "ReadOnlyNonRecursive", false)) {
          b.recursion(BindRecursion.WRITABLE);
        } else if (Json.bool(o, "ReadOnlyForceRecursive", false)) {
          b.recursion(BindRecursion.READONLY);
        }
        if (consistency != null) {
          b.consistency(consistency);
        }
        return b.build();
      }
      case "tmpfs": {
        Map<String, Object> o = Json.obj(m, "TmpfsOptions");
        TmpfsMount.Builder b = TmpfsMount.builder().target(target).readOnly(ro);
        if (Json.present(o, "SizeBytes")) {
          b.sizeBytes(Json.num(o, "SizeBytes", 0));
        }
        if (Json.present(o, "Mode")) {
          b.mode((int) Json.num(o, "Mode", 0));
        }
        for (Object opt : Json.list(o, "Options")) {
          List<String> kv = texts(opt instanceof List<?> l ? new ArrayList<>(l) : List.of());
          b.addOption(kv.size() == 1 ? kv.get(0) : String.join("=", kv));
        }
        if (consistency != null) {
          b.consistency(consistency);
        }
        return b.build();
      }
      default: {
        Map<String, Object> o = Json.obj(m, "VolumeOptions");
        Map<String, Object> driver = Json.obj(o, "DriverConfig");
        VolumeMount.Builder b = VolumeMount.builder().target(target).readOnly(ro).noCopy(Json.bool(o, "NoCopy", false))
            .labels(Json.map(o, "Labels")).driverOptions(Json.map(driver, "Options"));
        Json.str(m, "Source").filter(s -> !s.isEmpty()).ifPresent(b::source);
        Json.str(driver, "Name").filter(s -> !s.isEmpty()).ifPresent(b::driver);
        Json.str(o, "Subpath").filter(s -> !s.isEmpty()).ifPresent(b::subpath);
        if (consistency != null) {
          b.consistency(consistency);
        }
        return b.build();
      }
    }
  }

  /**
   * The digest of a container spec as the daemon answers it, keys sorted at every level: a task's
   * ({@code Spec.ContainerSpec}) and its service's ({@code Spec.TaskTemplate.ContainerSpec}) are the same object
   * while the task runs the current spec (recorded on 20.10: both carry the daemon's {@code Isolation}).
   */
  static String digest(Map<String, Object> containerSpec) {
    try {
      java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
      byte[] h = d.digest(Json.text(sorted(containerSpec)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sorted(Object v) {
    if (v instanceof Map<?, ?> m) {
      java.util.TreeMap<String, Object> out = new java.util.TreeMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), sorted(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(sorted(x)));
      return out;
    }
    return v;
  }

  private static Instant time(Map<String, Object> n, String field) {
    return Times.parse(Json.str(n, field, "")).map(t -> t.toInstant()).orElse(Instant.EPOCH);
  }

  private static List<String> texts(List<Object> values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      out.add(String.valueOf(v));
    }
    return out;
  }
}
