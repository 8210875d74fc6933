package io.github.volumes4j.testkit.internal;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.internal.ServiceMountGates;
import io.github.volumes4j.spi.ServiceEngine;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.swarm.ClusterVolumeSpec;
import io.github.volumes4j.swarm.NodeInfo;
import io.github.volumes4j.swarm.NotSwarmManagerException;
import io.github.volumes4j.swarm.ServiceInfo;
import io.github.volumes4j.swarm.ServiceMode;
import io.github.volumes4j.swarm.ServiceNotFoundException;
import io.github.volumes4j.swarm.ServiceSpec;
import io.github.volumes4j.swarm.TaskInfo;
import io.github.volumes4j.swarm.TaskState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A single-node swarm for the in-memory engine. Held to Docker 20.10 by {@code ServiceContract} on both engines: tasks
 * are containers of the engine carrying swarm's labels and the service's mounts; a task whose container cannot be
 * created or started is {@code rejected} with the engine's error (a missing bind source in the daemon's words); an
 * update that changes the task template replaces every task, one that changes only the replicas adds or shuts down
 * slots and keeps slot 1's task; removing a service removes its tasks' containers; 409 for a name in use, 400 for a
 * duplicate mount point, 501 for an update that changes the mode or the name (checked in that order, before the
 * version), 500 "update out of sequence" for a stale version, 404 "service X not found", 503 unless
 * built as a manager. Modelled but not checked by the contract: the container names ({@code service.slot.taskid}),
 * the retry of a rejected slot after swarm's 5 s restart delay, an update state reported "completed" at once.
 */
public final class SwarmModel implements ServiceEngine {

  /** Swarm's restart delay before a failed slot is tried again. */
  static final Duration RESTART_DELAY = Duration.ofSeconds(5);
  private static final String NOT_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm"
      + " join\" to connect this node to swarm and try again.";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final VolumeEngine engine;
  private final boolean manager;
  private final ApiVersion api;
  private final Clock clock;
  private final String nodeId = newId();
  private final Object lock = new Object();
  private final Map<String, Service> services = new LinkedHashMap<>();
  private long index = 10;

  private static final class Service {
    final String id;
    ServiceSpec spec;
    long version;
    final Instant created;
    Instant updated;
    String updateState;
    final List<Task> tasks = new ArrayList<>();

    Service(String id, ServiceSpec spec, Instant now) {
      this.id = id;
      this.spec = spec;
      this.created = now;
      this.updated = now;
    }
  }

  private static final class Task {
    final String id = newId();
    final int slot;
    final ServiceSpec spec;
    final Instant created;
    TaskState state = TaskState.NEW;
    TaskState desired = TaskState.RUNNING;
    String message = "";
    String error;
    String container;
    Instant failedAt;

    Task(int slot, ServiceSpec spec, Instant created) {
      this.slot = slot;
      this.spec = spec;
      this.created = created;
    }
  }

  public SwarmModel(VolumeEngine engine, boolean manager, ApiVersion api, Clock clock) {
    this.engine = engine;
    this.manager = manager;
    this.api = api;
    this.clock = clock;
  }

  private static String newId() {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder(25);
    for (int i = 0; i < 25; i++) {
      b.append(chars.charAt(RANDOM.nextInt(chars.length())));
    }
    return b.toString();
  }

  private void requireManager() {
    if (!manager) {
      throw new NotSwarmManagerException(NOT_MANAGER, new EngineException(503, NOT_MANAGER, null));
    }
  }

  @Override
  public ServiceInfo createService(ServiceSpec spec) {
    requireNonNull(spec, "spec == null");
    ServiceMountGates.requireSupported(spec.mounts(), api);
    requireManager();
    synchronized (lock) {
      requireNoDuplicateTarget(spec);
      for (Service s : services.values()) {
        if (s.spec.name().equals(spec.name())) {
          throw new EngineException(409, "rpc error: code = AlreadyExists desc = name conflicts with an existing object:"
              + " service " + spec.name() + " already exists", null);
        }
      }
      Service s = new Service(newId(), spec, clock.instant());
      s.version = ++index;
      services.put(s.id, s);
      reconcile(s);
      return info(s);
    }
  }

  private static void requireNoDuplicateTarget(ServiceSpec spec) {
    Set<String> seen = new HashSet<>();
    for (MountSpec m : spec.mounts()) {
      if (!seen.add(m.target())) {
        throw new EngineException(400, "rpc error: code = InvalidArgument desc = ContainerSpec: duplicate mount point: "
            + m.target(), null);
      }
    }
  }

  @Override
  public ServiceInfo inspectService(String service) {
    requireManager();
    synchronized (lock) {
      Service s = find(service);
      reconcile(s);
      return info(s);
    }
  }

  @Override
  public List<ServiceInfo> listServices(Map<String, String> labels) {
    requireManager();
    synchronized (lock) {
      List<ServiceInfo> out = new ArrayList<>();
      for (Service s : services.values()) {
        boolean match = true;
        for (Map.Entry<String, String> l : labels.entrySet()) {
          String v = s.spec.labels().get(l.getKey());
          match &= v != null && (l.getValue() == null || l.getValue().isEmpty() || l.getValue().equals(v));
        }
        if (match) {
          reconcile(s);
          out.add(info(s));
        }
      }
      out.sort(Comparator.comparing(ServiceInfo::name));
      return out;
    }
  }

  @Override
  public ServiceInfo updateService(String service, long version, ServiceSpec spec) {
    requireNonNull(spec, "spec == null");
    ServiceMountGates.requireSupported(spec.mounts(), api);
    requireManager();
    synchronized (lock) {
      Service s = find(service);
      // Docker 20.10, recorded: the mode, then the name, then the version (a stale version with a mode change
      // gets the mode's error), both 501
      if (spec.mode() != s.spec.mode()) {
        throw new EngineException(501, "rpc error: code = Unimplemented desc = service mode change is not allowed", null);
      }
      if (!spec.name().equals(s.spec.name())) {
        throw new EngineException(501, "rpc error: code = Unimplemented desc = renaming services is not supported", null);
      }
      if (version != s.version) {
        throw new EngineException(500, "rpc error: code = Unknown desc = update out of sequence", null);
      }
      requireNoDuplicateTarget(spec);
      boolean templateChanged = !template(spec).equals(template(s.spec));
      s.spec = spec;
      s.version = ++index;
      s.updated = clock.instant();
      if (templateChanged) {
        for (Task t : s.tasks) {
          shutdown(t);
        }
        s.updateState = "completed";
      }
      reconcile(s);
      return info(s);
    }
  }

  /** A digest of the task template: equal for a task and its service while the task runs the current spec. */
  private static String digest(ServiceSpec spec) {
    return Integer.toHexString(template(spec).hashCode());
  }

  /** The spec without what does not touch the tasks (replicas, service labels). */
  private static ServiceSpec template(ServiceSpec spec) {
    return spec.withReplicas(spec.mode() == ServiceMode.GLOBAL ? 1 : 0).withLabels(Map.of());
  }

  @Override
  public void removeService(String service) {
    requireManager();
    synchronized (lock) {
      Service s = find(service);
      for (Task t : s.tasks) {
        shutdown(t);
      }
      services.remove(s.id);
    }
  }

  @Override
  public List<TaskInfo> listTasks(String service) {
    requireManager();
    synchronized (lock) {
      Service s = find(service);
      reconcile(s);
      List<TaskInfo> out = new ArrayList<>();
      for (Task t : s.tasks) {
        TaskInfo.Builder b = TaskInfo.builder().id(t.id).serviceId(s.id).slot(t.slot).nodeId(nodeId).state(t.state)
            .desiredState(t.desired).message(t.message).mounts(stored(t.spec.mounts())).createdAt(t.created)
            .templateDigest(digest(t.spec));
        if (t.error != null) {
          b.error(t.error);
        }
        if (t.container != null) {
          b.containerId(t.container);
        }
        out.add(b.build());
      }
      return out;
    }
  }

  @Override
  public List<NodeInfo> listNodes() {
    requireManager();
    return List.of(NodeInfo.builder().id(nodeId).hostname("in-memory").role("manager").state("ready").availability("active")
        .address("127.0.0.1").build());
  }

  @Override
  public Volume createClusterVolume(ClusterVolumeSpec spec) {
    requireNonNull(spec, "spec == null");
    ServiceMountGates.requireClusterVolumes(spec, api);
    requireManager();
    throw new UnsupportedFeatureException("cluster volumes", "the in-memory engine has no CSI plugins, so it cannot create"
        + " cluster volume " + spec.name() + " (driver " + spec.driver() + "); test cluster volumes on a swarm with the plugin");
  }

  private Service find(String ref) {
    Service s = services.get(ref);
    if (s != null) {
      return s;
    }
    for (Service c : services.values()) {
      if (c.spec.name().equals(ref)) {
        return c;
      }
    }
    for (Service c : services.values()) {
      if (c.id.startsWith(ref) && !ref.isEmpty()) {
        return c;
      }
    }
    throw new ServiceNotFoundException(ref);
  }

  private ServiceInfo info(Service s) {
    ServiceInfo.Builder b = ServiceInfo.builder().id(s.id).version(s.version).spec(stored(s.spec)).createdAt(s.created)
        .updatedAt(s.updated).templateDigest(digest(s.spec));
    if (s.updateState != null) {
      b.updateState(s.updateState).updateMessage("update completed");
    }
    return b.build();
  }

  /** The spec as the daemon reads it back: mounts without the syntax they were read from. */
  private static ServiceSpec stored(ServiceSpec spec) {
    return spec.withMounts(stored(spec.mounts()));
  }

  private static List<MountSpec> stored(List<MountSpec> mounts) {
    List<MountSpec> out = new ArrayList<>();
    for (MountSpec m : mounts) {
      if (m instanceof io.github.volumes4j.VolumeMount v) {
        out.add(v.withOrigin(java.util.Optional.empty()).withSelinuxLabel(java.util.Optional.empty()));
      } else if (m instanceof io.github.volumes4j.BindMount b) {
        out.add(b.withOrigin(java.util.Optional.empty()));
      } else {
        out.add(((io.github.volumes4j.TmpfsMount) m).withOrigin(java.util.Optional.empty()));
      }
    }
    return out;
  }

  /** Brings the service's slots to its spec: starts missing tasks, retries failed slots after the delay, shuts extra ones. */
  private void reconcile(Service s) {
    int want = s.spec.mode() == ServiceMode.GLOBAL ? 1 : s.spec.replicas();
    Instant now = clock.instant();
    for (int i = 1; i <= want; i++) {
      int slot = s.spec.mode() == ServiceMode.GLOBAL ? 0 : i;
      Task live = null;
      Instant lastFailure = null;
      for (Task t : s.tasks) {
        if (t.slot == slot && !t.desired.isTerminal()) {
          live = t;
        }
        if (t.slot == slot && t.failedAt != null && template(t.spec).equals(template(s.spec))
            && (lastFailure == null || t.failedAt.isAfter(lastFailure))) {
          lastFailure = t.failedAt;
        }
      }
      if (live != null) {
        continue;
      }
      if (lastFailure != null && now.isBefore(lastFailure.plus(RESTART_DELAY))) {
        continue;
      }
      start(s, slot, now);
    }
    for (Task t : s.tasks) {
      if (!t.desired.isTerminal() && t.slot > (s.spec.mode() == ServiceMode.GLOBAL ? 0 : want)) {
        shutdown(t);
      }
    }
  }

  private void start(Service s, int slot, Instant now) {
    Task t = new Task(slot, s.spec, now);
    s.tasks.add(t);
    Map<String, String> labels = new LinkedHashMap<>(s.spec.containerLabels());
    labels.put("com.docker.swarm.node.id", nodeId);
    labels.put("com.docker.swarm.service.id", s.id);
    labels.put("com.docker.swarm.service.name", s.spec.name());
    labels.put("com.docker.swarm.task", "");
    labels.put("com.docker.swarm.task.id", t.id);
    labels.put("com.docker.swarm.task.name", s.spec.name() + "." + (slot == 0 ? nodeId : slot) + "." + t.id);
    ContainerSpec.Builder c = ContainerSpec.builder().image(s.spec.image()).name(labels.get("com.docker.swarm.task.name"))
        .command(s.spec.command()).env(s.spec.env()).labels(labels).validateFirst(false);
    for (MountSpec m : stored(s.spec.mounts())) {
      c.addMounts(m);
    }
    s.spec.user().ifPresent(c::user);
    try {
      t.container = engine.createContainer(c.build());
      engine.startContainer(t.container);
      t.state = TaskState.RUNNING;
      t.message = "started";
    } catch (VolumesException e) {
      if (t.container != null) {
        try {
          engine.removeContainer(t.container, false, true);
        } catch (VolumesException ignored) {
          // the container is gone already
        }
        t.container = null;
      }
      t.state = TaskState.REJECTED;
      t.message = "preparing";
      t.error = e.getMessage();
      t.desired = TaskState.SHUTDOWN;
      t.failedAt = now;
    }
  }

  private void shutdown(Task t) {
    if (t.desired.isTerminal()) {
      return;
    }
    t.desired = TaskState.SHUTDOWN;
    if (t.container != null) {
      try {
        engine.removeContainer(t.container, false, true);
      } catch (VolumesException ignored) {
        // removed by its user already
      }
    }
    if (t.state == TaskState.RUNNING) {
      t.state = TaskState.SHUTDOWN;
      t.message = "shutdown";
    }
  }
}
