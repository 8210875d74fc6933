package io.github.volumes4j.docker;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.docker.internal.transport.Transport;
import io.github.volumes4j.docker.internal.transport.Transport.Reply;
import io.github.volumes4j.docker.internal.wire.Errors;
import io.github.volumes4j.docker.internal.wire.Errors.Subject;
import io.github.volumes4j.docker.internal.wire.Filters;
import io.github.volumes4j.docker.internal.wire.Json;
import io.github.volumes4j.docker.internal.wire.ServiceWire;
import io.github.volumes4j.docker.internal.wire.VolumeJson;
import io.github.volumes4j.internal.Secrets;
import io.github.volumes4j.internal.ServiceMountGates;
import io.github.volumes4j.spi.ServiceEngine;
import io.github.volumes4j.swarm.ClusterVolumeSpec;
import io.github.volumes4j.swarm.NodeInfo;
import io.github.volumes4j.swarm.NotSwarmManagerException;
import io.github.volumes4j.swarm.ServiceInfo;
import io.github.volumes4j.swarm.ServiceNotFoundException;
import io.github.volumes4j.swarm.ServiceSpec;
import io.github.volumes4j.swarm.TaskInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The swarm endpoints ({@code /services}, {@code /tasks}, {@code /nodes}, cluster volumes) as {@link ServiceEngine}.
 * Answers as recorded on Docker 20.10: 503 "This node is not a swarm manager..." on a node outside a swarm or a
 * worker, 404 "service X not found" for services and for the tasks of a missing service, 409 for a name in use,
 * 400 for a spec swarm refuses (duplicate mount point, name), 500 "update out of sequence" for a stale version.
 */
final class ServiceCalls implements ServiceEngine {

  private final Transport http;
  private final Secrets.Registry secrets;
  private final ApiVersion api;

  ServiceCalls(Transport http, Secrets.Registry secrets, ApiVersion api) {
    this.http = http;
    this.secrets = secrets;
    this.api = api;
  }

  @Override
  public ServiceInfo createService(ServiceSpec spec) {
    requireNonNull(spec, "spec == null");
    ServiceMountGates.requireSupported(spec.mounts(), api);
    remember(spec);
    Reply r = http.call("POST", "/services/create", ServiceWire.specBody(spec), Map.of());
    if (!r.ok()) {
      throw error(spec.name(), r, "POST", "/services/create");
    }
    return inspectService(ServiceWire.createdId(r.body()));
  }

  @Override
  public ServiceInfo inspectService(String service) {
    requireNonNull(service, "service == null");
    String path = "/services/" + Filters.segment(service);
    Reply r = http.call("GET", path);
    if (!r.ok()) {
      throw error(service, r, "GET", path);
    }
    return ServiceWire.service(Json.parseObject(r.body(), "GET " + path));
  }

  @Override
  public List<ServiceInfo> listServices(Map<String, String> labels) {
    requireNonNull(labels, "labels == null");
    List<String> values = new ArrayList<>();
    labels.forEach((k, v) -> values.add(v == null || v.isEmpty() ? k : k + "=" + v));
    Filters f = new Filters().add("label", values);
    List<ServiceInfo> out = list("/services" + (f.isEmpty() ? "" : "?" + f.query()), f.json(), ServiceWire::service);
    out.sort(Comparator.comparing(ServiceInfo::name));
    return out;
  }

  @Override
  public ServiceInfo updateService(String service, long version, ServiceSpec spec) {
    requireNonNull(service, "service == null");
    requireNonNull(spec, "spec == null");
    ServiceMountGates.requireSupported(spec.mounts(), api);
    remember(spec);
    String path = "/services/" + Filters.segment(service) + "/update?version=" + version;
    Reply r = http.call("POST", path, ServiceWire.specBody(spec), Map.of());
    if (!r.ok()) {
      throw error(service, r, "POST", path);
    }
    return inspectService(service);
  }

  @Override
  public void removeService(String service) {
    requireNonNull(service, "service == null");
    String path = "/services/" + Filters.segment(service);
    Reply r = http.call("DELETE", path);
    if (!r.ok()) {
      throw error(service, r, "DELETE", path);
    }
  }

  @Override
  public List<TaskInfo> listTasks(String service) {
    requireNonNull(service, "service == null");
    Filters f = new Filters().add("service", service);
    List<TaskInfo> out = list("/tasks?" + f.query(), service, ServiceWire::task);
    out.sort(Comparator.comparing(TaskInfo::createdAt).thenComparing(TaskInfo::id));
    return out;
  }

  @Override
  public List<NodeInfo> listNodes() {
    List<NodeInfo> out = list("/nodes", "", ServiceWire::node);
    out.sort(Comparator.comparing(NodeInfo::hostname).thenComparing(NodeInfo::id));
    return out;
  }

  @Override
  public Volume createClusterVolume(ClusterVolumeSpec spec) {
    requireNonNull(spec, "spec == null");
    ServiceMountGates.requireClusterVolumes(spec, api);
    secrets.remember(spec.driverOptions());
    Reply r = http.call("POST", "/volumes/create", ServiceWire.clusterVolumeBody(spec), Map.of());
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.VOLUME_CREATE, spec.name(), r.status(), "POST", "/volumes/create", r.body());
    }
    return VolumeJson.readOne(r.body(), "POST /volumes/create");
  }

  /** The spec's secrets (environment values, volume driver options) masked in every message about it. */
  private void remember(ServiceSpec spec) {
    secrets.remember(spec.env());
    for (io.github.volumes4j.MountSpec m : spec.mounts()) {
      if (m instanceof io.github.volumes4j.VolumeMount v) {
        secrets.remember(v.driverOptions());
      }
    }
  }

  /** A {@code GET} answered by a JSON array, each object read by {@code read}. */
  private <T> List<T> list(String path, String subject, java.util.function.Function<Map<String, Object>, T> read) {
    Reply r = http.call("GET", path);
    if (!r.ok()) {
      throw error(subject, r, "GET", path);
    }
    String what = "GET " + path.replaceAll("\\?.*", "");
    Object v = Json.parse(r.body(), what);
    if (!(v instanceof List<?> l)) {
      throw new io.github.volumes4j.EngineException(0, "the Docker engine answered " + what + " with JSON that is not an array",
          null);
    }
    List<T> out = new ArrayList<>();
    for (Object o : l) {
      out.add(read.apply(Json.asObject(o)));
    }
    return out;
  }

  private VolumesException error(String subject, Reply r, String method, String path) {
    VolumesException e = Errors.map(secrets, Subject.OTHER, subject, r.status(), method, path, r.body());
    if (r.status() == 503) {
      return new NotSwarmManagerException(e.getMessage() + " (" + method + " " + path.replaceAll("\\?.*", "") + ")", e.getCause());
    }
    if (r.status() == 404 && e.getMessage().startsWith("service ")) {
      return new ServiceNotFoundException(subject, e.getMessage(), e.getCause());
    }
    return e;
  }
}
