package io.github.volumes4j.swarm;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.EngineException;
import io.github.volumes4j.Mounts;
import io.github.volumes4j.Volume;
import io.github.volumes4j.spi.ServiceEngine;
import io.github.volumes4j.spi.VolumeEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Swarm services over any engine that offers them: the steps of {@code docker service create/inspect/scale/update/rm/ps},
 * with the service's mounts checked as for containers, and a wait for convergence that names the failing task.
 *
 * <pre>{@code
 * Services services = volumes.services();        // or Services.on(engine)
 * services.create(ServiceSpec.builder().name("web").image("busybox:1.36").addCommand("sleep", "3600")
 *     .addMounts(VolumeMount.of("site", "/srv")).replicas(2).build());
 * services.awaitConverged("web", Duration.ofMinutes(1));
 * services.scale("web", 3);
 * services.remove("web");
 * }</pre>
 */
public final class Services {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final int UPDATE_ATTEMPTS = 5;

  private final VolumeEngine engine;

  private Services(VolumeEngine engine) {
    this.engine = engine;
  }

  /**
   * The services of an engine: {@code Services.on(DockerEngine.detect())}. Calls throw
   * {@link io.github.volumes4j.UnsupportedFeatureException} when the engine has no services at all.
   */
  public static Services on(VolumeEngine engine) {
    return new Services(requireNonNull(engine, "engine == null"));
  }

  private ServiceEngine swarm() {
    return engine.services();
  }

  /**
   * Creates a service after checking its mounts as Docker would (duplicate targets are an
   * {@link io.github.volumes4j.InvalidMountSpecException}, settings the engine's version cannot carry an
   * {@link io.github.volumes4j.UnsupportedFeatureException}): {@code services.create(spec)}. Returns at once;
   * wait with {@link #awaitConverged(String, Duration)}.
   */
  public ServiceInfo create(ServiceSpec spec) {
    requireNonNull(spec, "spec == null");
    Mounts.of(spec.mounts(), List.of());
    return swarm().createService(spec);
  }

  /** The service of that name or id: {@code services.inspect("web").spec().replicas()}. */
  public ServiceInfo inspect(String service) {
    return swarm().inspectService(requireNonNull(service, "service == null"));
  }

  /** The services carrying every label given ({@code key} or {@code key=value}): {@code services.list(Map.of("app", "shop"))}. */
  public List<ServiceInfo> list(Map<String, String> labels) {
    return swarm().listServices(requireNonNull(labels, "labels == null"));
  }

  /**
   * Changes the service's spec with {@code change}, on the version just read; when another client changed it in
   * between ("update out of sequence") it reads and applies again, five times at most:
   * {@code services.update("web", s -> s.withImage("busybox:1.37"))}.
   *
   * @throws IllegalArgumentException when the change alters the service's mode or name, which Docker refuses
   *     (501, "service mode change is not allowed", "renaming services is not supported"); nothing is sent
   */
  public ServiceInfo update(String service, UnaryOperator<ServiceSpec> change) {
    requireNonNull(service, "service == null");
    requireNonNull(change, "change == null");
    for (int attempt = 1; ; attempt++) {
      ServiceInfo now = inspect(service);
      ServiceSpec next = requireNonNull(change.apply(now.spec()), "change returned null");
      if (next.mode() != now.spec().mode()) {
        throw new IllegalArgumentException("service '" + now.spec().name() + "' is "
            + now.spec().mode().name().toLowerCase(Locale.ROOT) + " and the change makes it "
            + next.mode().name().toLowerCase(Locale.ROOT) + ": Docker never changes a service's mode (\"service mode"
            + " change is not allowed\"); nothing was sent: remove the service and create it again with the new mode");
      }
      if (!next.name().equals(now.spec().name())) {
        throw new IllegalArgumentException("the change renames service '" + now.spec().name() + "' to '" + next.name()
            + "': Docker does not rename services (\"renaming services is not supported\"); nothing was sent: create a"
            + " service under the new name and remove this one");
      }
      Mounts.of(next.mounts(), List.of());
      try {
        return swarm().updateService(now.id(), now.version(), next);
      } catch (EngineException e) {
        if (attempt >= UPDATE_ATTEMPTS || !String.valueOf(e.getMessage()).contains("update out of sequence")) {
          throw e;
        }
      }
    }
  }

  /** Sets the number of replicas ({@code docker service scale web=3}): {@code services.scale("web", 3)}. */
  public ServiceInfo scale(String service, int replicas) {
    return update(service, s -> s.withReplicas(replicas));
  }

  /** Removes the service; the nodes stop and remove its tasks' containers: {@code services.remove("web")}. */
  public void remove(String service) {
    swarm().removeService(requireNonNull(service, "service == null"));
  }

  /**
   * Removes the service and waits until the containers of its tasks on this engine's node are gone, so that the
   * volumes they used can be removed: {@code services.removeAndWait("web", Duration.ofMinutes(1)); volumes.remove("site");}.
   * Containers on other nodes are their daemons' to remove.
   *
   * @throws ServiceNotConvergedException when containers of the service are still there after {@code timeout}
   */
  public void removeAndWait(String service, Duration timeout) {
    requireNonNull(timeout, "timeout == null");
    ServiceInfo s = inspect(service);
    remove(s.id());
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> label = Map.of("com.docker.swarm.service.id", s.id());
    while (!engine.listContainers(label).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new ServiceNotConvergedException(service, "service " + service + " was removed, but " + engine.listContainers(label)
            .size() + " of its containers were still on this node after " + timeout.toMillis() + " ms; wait longer,"
            + " or look at the node's daemon");
      }
      pause(service);
    }
  }

  private static void pause(String service) {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(0, "interrupted while waiting for service " + service, e);
    }
  }

  /** Every task of the service in any state, oldest first ({@code docker service ps}): {@code services.tasks("web")}. */
  public List<TaskInfo> tasks(String service) {
    return swarm().listTasks(requireNonNull(service, "service == null"));
  }

  /** The swarm's nodes ({@code docker node ls}): {@code services.nodes()}. */
  public List<NodeInfo> nodes() {
    return swarm().listNodes();
  }

  /**
   * Creates a cluster (CSI) volume; Engine API 1.42 or newer:
   * {@code services.createClusterVolume(ClusterVolumeSpec.builder().name("v").driver("csi.example.com").build())}.
   */
  public Volume createClusterVolume(ClusterVolumeSpec spec) {
    return swarm().createClusterVolume(requireNonNull(spec, "spec == null"));
  }

  /**
   * Waits until the service runs as its spec asks: as many running tasks of the current spec as replicas (for a global service, every
   * task the orchestrator wants running is running), none still starting, and no rolling update in progress.
   * Returns the running tasks by slot.
   *
   * <pre>{@code
   * List<TaskInfo> running = services.awaitConverged("web", Duration.ofMinutes(1));
   * }</pre>
   *
   * @throws ServiceTaskFailedException as soon as a task of the current spec fails or is rejected (a missing bind
   *     source, an option the node refused, a container that exited non-zero); failures of tasks of an older spec
   *     (before an update) are not held against it: a task is of the current spec when its
   *     {@link TaskInfo#templateDigest()} is the service's
   * @throws ServiceNotConvergedException when the time runs out first
   */
  public List<TaskInfo> awaitConverged(String service, Duration timeout) {
    requireNonNull(service, "service == null");
    requireNonNull(timeout, "timeout == null");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ServiceInfo s = inspect(service);
      List<TaskInfo> tasks = tasks(s.id());
      for (TaskInfo t : tasks) {
        if (t.state().isFailure() && t.templateDigest().equals(s.templateDigest())) {
          throw new ServiceTaskFailedException(service, t);
        }
      }
      List<TaskInfo> running = new ArrayList<>();
      int starting = 0;
      for (TaskInfo t : tasks) {
        boolean current = t.templateDigest().equals(s.templateDigest());
        if (t.desiredState() == TaskState.RUNNING && t.state() == TaskState.RUNNING && current) {
          running.add(t);
        } else if (!t.desiredState().isTerminal() && !t.state().isTerminal()) {
          starting++;  // starting, or of an older spec and not yet shut down
        }
      }
      boolean updating = s.updateState().map(u -> u.equals("updating") || u.equals("rollback_started")).orElse(false);
      int desired = s.spec().mode() == ServiceMode.REPLICATED ? s.spec().replicas() : Math.max(1, running.size() + starting);
      if (running.size() == desired && starting == 0 && !updating) {
        running.sort(Comparator.comparingInt(TaskInfo::slot).thenComparing(TaskInfo::nodeId));
        return running;
      }
      if (System.nanoTime() > deadline) {
        throw new ServiceNotConvergedException(service, timeout, running.size(), desired, tasks);
      }
      pause(service);
    }
  }
}
