package io.github.volumes4j.swarm;

import io.github.volumes4j.MountSpec;
import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A swarm service to create or update, with as much of {@code docker service create} as volume work needs:
 * its task template's image, command and mounts (the same {@link MountSpec} values as for containers),
 * replicas or global mode, placement constraints and labels.
 *
 * <pre>{@code
 * ServiceSpec web = ServiceSpec.builder().name("web").image("busybox:1.36").addCommand("sleep", "3600")
 *     .addMounts(VolumeMount.of("site", "/srv"), TmpfsMount.at("/cache").withSizeBytes(16 << 20))
 *     .replicas(2).putLabel("app", "shop").build();
 * ServiceSpec more = web.withReplicas(3);
 * }</pre>
 *
 * <p>A service's mounts travel only as {@code Mounts} entries: what only {@code docker run -v} can say (an
 * SELinux label, a bind source created when missing below API 1.42) is refused with
 * {@link io.github.volumes4j.UnsupportedFeatureException} before anything is sent.
 */
@Value.Immutable
@VolumesStyle
public abstract class ServiceSpec implements WithServiceSpec {

  /** Swarm's rule for service names ({@code controlapi.isValidDNSName}), 63 characters at most. */
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*");

  ServiceSpec() {}

  /** The service's name: {@code "web"}; letters, digits, {@code -} and {@code _} inside, 63 characters at most. */
  public abstract String name();

  /** The task template's image: {@code "busybox:1.36"}. */
  public abstract String image();

  /** The command's arguments ({@code docker service create IMAGE ARGS...}, the API's {@code Args}); empty uses the image's. */
  public abstract List<String> command();

  /** Environment variables of every task: {@code spec.withEnv(Map.of("MODE", "ro"))}. */
  public abstract Map<String, String> env();

  /** Labels on the service ({@code --label}): {@code spec.withLabels(Map.of("app", "shop"))}. */
  public abstract Map<String, String> labels();

  /** Labels on every task's container ({@code --container-label}): {@code spec.withContainerLabels(Map.of("tier", "web"))}. */
  public abstract Map<String, String> containerLabels();

  /** The mounts of every task: {@code spec.withMounts(VolumeMount.of("site", "/srv"))}. */
  public abstract List<MountSpec> mounts();

  /** Placement constraints ({@code --constraint}): {@code spec.withConstraints("node.role==manager")}. */
  public abstract List<String> constraints();

  /** The user the tasks run as ({@code --user}): {@code spec.withUser("1000:1000")}. */
  public abstract Optional<String> user();

  /**
   * How long a task's container gets to stop before it is killed ({@code --stop-grace-period}); the daemon's 10 s
   * unless set: {@code spec.withStopGracePeriod(Duration.ofSeconds(2))}.
   */
  public abstract Optional<java.time.Duration> stopGracePeriod();

  /** Replicated (the default) or global: {@code spec.withMode(ServiceMode.GLOBAL)}. */
  @Value.Default
  public ServiceMode mode() {
    return ServiceMode.REPLICATED;
  }

  /** The number of tasks of a replicated service (1 unless set; 0 stops every task): {@code spec.withReplicas(3)}. */
  @Value.Default
  public int replicas() {
    return 1;
  }

  @Value.Check
  final void check() {
    if (name().isEmpty() || name().length() > 63 || !NAME.matcher(name()).matches()) {
      throw new IllegalArgumentException("service name '" + name() + "' is not valid as a DNS name component: use 1-63"
          + " letters, digits, '-' and '_', starting and ending with a letter or digit (swarm refuses it otherwise)");
    }
    if (image().isEmpty()) {
      throw new IllegalArgumentException("image of service '" + name() + "' is empty; name an image such as busybox:1.36");
    }
    if (replicas() < 0) {
      throw new IllegalArgumentException("replicas of service '" + name() + "' is " + replicas() + "; give 0 or more");
    }
    if (stopGracePeriod().isPresent() && stopGracePeriod().get().isNegative()) {
      throw new IllegalArgumentException("stopGracePeriod of service '" + name() + "' is negative: " + stopGracePeriod().get());
    }
    if (mode() == ServiceMode.GLOBAL && replicas() != 1) {
      throw new IllegalArgumentException("service '" + name() + "' is global (one task per node) but asks for " + replicas()
          + " replicas; leave replicas out or use ServiceMode.REPLICATED");
    }
  }

  /** The spec, with the values of secret-looking environment variables and mount options masked. */
  @Override
  public String toString() {
    return "ServiceSpec{name=" + name() + ", image=" + image() + (command().isEmpty() ? "" : ", command=" + command())
        + (env().isEmpty() ? "" : ", env=" + io.github.volumes4j.internal.Secrets.mask(env()))
        + (labels().isEmpty() ? "" : ", labels=" + labels()) + (mounts().isEmpty() ? "" : ", mounts=" + mounts())
        + (mode() == ServiceMode.GLOBAL ? ", mode=global" : ", replicas=" + replicas())
        + (constraints().isEmpty() ? "" : ", constraints=" + constraints()) + "}";
  }

  /** A builder: {@code ServiceSpec.builder().name("web").image("busybox:1.36").build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ServiceSpec}; {@code name} and {@code image} are required. */
  public static final class Builder extends ImmutableServiceSpec.Builder {}
}
