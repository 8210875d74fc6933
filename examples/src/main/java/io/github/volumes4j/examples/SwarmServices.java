package io.github.volumes4j.examples;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.swarm.NotSwarmManagerException;
import io.github.volumes4j.swarm.ServiceInfo;
import io.github.volumes4j.swarm.ServiceSpec;
import io.github.volumes4j.swarm.ServiceTaskFailedException;
import io.github.volumes4j.swarm.Services;
import io.github.volumes4j.swarm.TaskInfo;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 13. A replicated swarm service with a named volume and a tmpfs, and where each task's data lives: the same
 * {@code VolumeMount} and {@code TmpfsMount} values as for a container, two replicas, the node and host directory of
 * each task's volume; a bind source missing on the node, reported with the task that failed and the daemon's reason.
 * Needs a swarm manager: the in-memory engine as a single-node swarm ({@code memory}), or a Docker daemon that is a
 * manager ({@code DOCKER_HOST} pointing at it; the example never runs {@code docker swarm init} itself).
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=io.github.volumes4j.examples.SwarmServices -Dexec.args=memory
 * }</pre>
 */
public final class SwarmServices {

  /**
   * What the example saw.
   *
   * @param service the service as created
   * @param tasks the running tasks, by slot
   * @param dataPlaces for each running task, "node: volume at host directory"
   * @param sharedOnTheNode whether a file copied into the volume was seen by both tasks (one node, one volume)
   * @param failure the error of the service whose bind source is missing
   */
  public record Result(ServiceInfo service, List<TaskInfo> tasks, List<String> dataPlaces, boolean sharedOnTheNode,
      String failure) {}

  private SwarmServices() {}

  public static void main(String[] args) {
    boolean memory = args.length > 0 && args[0].startsWith("memory");
    try (Volumes volumes = memory ? Volumes.using(InMemoryEngine.builder().swarmManager().build())
        : EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    } catch (NotSwarmManagerException e) {
      System.out.println("This engine is not a swarm manager: " + e.getMessage());
      System.out.println("Run with argument 'memory', or point DOCKER_HOST at a swarm manager (a test daemon of its own).");
      System.exit(2);
    }
  }

  public static Result run(Volumes volumes) {
    try (Lab lab = Lab.open(volumes, "swarm")) {
      lab.heading("13. A replicated service with a named volume and a tmpfs, and where each task's data lives");
      Services services = volumes.services();
      String volume = lab.name("uploads");
      ServiceSpec spec = ServiceSpec.builder().name(lab.name("web")).image(Lab.IMAGE).addCommand("sleep", "3600")
          .addMounts(VolumeMount.builder().source(volume).target("/uploads").putLabel(Lab.LABEL, lab.run()).build(),
              TmpfsMount.at("/cache").withSizeBytes(16 << 20).withMode(0700))
          .replicas(2).stopGracePeriod(Duration.ofSeconds(1)).putLabel(Lab.LABEL, lab.run())
          .putContainerLabel(Lab.LABEL, lab.run()).build();
      ServiceInfo service = services.create(spec);
      List<String> created = new ArrayList<>(List.of(service.name()));
      try {
        List<TaskInfo> tasks = services.awaitConverged(service.name(), Duration.ofMinutes(2));
        List<String> places = new ArrayList<>();
        for (TaskInfo t : tasks) {
          ContainerInfo c = volumes.engine().inspectContainer(t.containerId().orElseThrow());
          MountPoint data = c.mounts().stream().filter(m -> m.destination().equals("/uploads")).findFirst().orElseThrow();
          String place = "node " + t.nodeId() + ": volume " + data.name().orElse("?") + " at " + data.source();
          places.add(place);
          lab.say("task " + t.slot() + " (" + t.id() + ") runs on " + place + "; /cache is a 16 MiB tmpfs of its own");
        }
        volumes.copyInto(volume).string("uploaded\n", "/upload-1.txt");
        boolean shared = tasks.size() == 2 && tasks.stream().allMatch(t -> volumes.engine()
            .statPath(t.containerId().orElseThrow(), "/uploads/upload-1.txt").map(p -> p.size() == 9).orElse(false));
        lab.say("both tasks run on one node, so they share its volume " + volume + "; on several nodes each node has its own");

        ServiceSpec broken = spec.withName(lab.name("broken")).withReplicas(1).withLabels(Map.of(Lab.LABEL, lab.run()))
            .withMounts(io.github.volumes4j.BindMount.of("/srv/" + lab.run() + "-missing", "/site"));
        created.add(services.create(broken).name());
        String failure;
        try {
          services.awaitConverged(broken.name(), Duration.ofMinutes(2));
          failure = "";
        } catch (ServiceTaskFailedException e) {
          failure = e.task().error().orElse(e.getMessage());
          lab.say("a bind source missing on the node: task " + e.task().id() + " was " + e.task().state().apiName() + ": " + failure);
        }
        return new Result(service, tasks, places, shared, failure);
      } finally {
        for (String s : created) {
          services.remove(s);
        }
        awaitContainersGone(volumes, lab.run());
      }
    }
  }

  /** Swarm removes a service's containers after the call returns; the lab removes the volumes only once they are unused. */
  private static void awaitContainersGone(Volumes volumes, String run) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!volumes.engine().listContainers(Map.of(Lab.LABEL, run)).isEmpty() && System.nanoTime() < deadline) {
      Lab.sleep(200);
    }
  }
}
