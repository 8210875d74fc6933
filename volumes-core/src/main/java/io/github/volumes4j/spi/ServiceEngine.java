package io.github.volumes4j.spi;

import io.github.volumes4j.Volume;
import io.github.volumes4j.swarm.ClusterVolumeSpec;
import io.github.volumes4j.swarm.NodeInfo;
import io.github.volumes4j.swarm.ServiceInfo;
import io.github.volumes4j.swarm.ServiceSpec;
import io.github.volumes4j.swarm.TaskInfo;
import java.util.List;
import java.util.Map;

/**
 * The swarm primitives an engine offers ({@link VolumeEngine#services()}); {@code io.github.volumes4j.swarm.Services}
 * is written once on top of them.
 *
 * <pre>{@code
 * ServiceEngine swarm = engine.services();
 * ServiceInfo web = swarm.createService(ServiceSpec.builder().name("web").image("busybox:1.36").build());
 * List<TaskInfo> tasks = swarm.listTasks(web.id());
 * }</pre>
 *
 * <p>Implementations throw what Docker's answers map to: {@code ServiceNotFoundException} for a missing
 * service, {@code NotSwarmManagerException} on a node that is not a manager, {@code EngineException} with
 * the daemon's status and message otherwise (a duplicate mount point is 400
 * {@code "... ContainerSpec: duplicate mount point: /d"}, a name in use 409).
 */
public interface ServiceEngine {

  /** Creates a service; its tasks are scheduled afterwards. Mounts the version cannot carry are refused first. */
  ServiceInfo createService(ServiceSpec spec);

  /** The service of that name or id ({@code GET /services/{id}}). */
  ServiceInfo inspectService(String service);

  /** The services carrying every label given ({@code key} or {@code key=value}). */
  List<ServiceInfo> listServices(Map<String, String> labels);

  /**
   * Replaces the service's spec; {@code version} is the {@link ServiceInfo#version()} read before (the daemon
   * refuses an update of another version with "update out of sequence").
   */
  ServiceInfo updateService(String service, long version, ServiceSpec spec);

  /** Removes the service; its tasks are shut down and their containers removed by the nodes. */
  void removeService(String service);

  /** Every task of the service, in any state, oldest first. */
  List<TaskInfo> listTasks(String service);

  /** The swarm's nodes. */
  List<NodeInfo> listNodes();

  /** Creates a cluster (CSI) volume; engines below API 1.42 throw {@code UnsupportedFeatureException}. */
  Volume createClusterVolume(ClusterVolumeSpec spec);
}
