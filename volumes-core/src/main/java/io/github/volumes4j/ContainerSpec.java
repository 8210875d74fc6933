package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A container to create, with as much of {@code docker run} as volume work needs.
 *
 * <pre>{@code
 * ContainerSpec db = ContainerSpec.of("postgres:16").withName("db")
 *     .withMounts(VolumeMount.of("pgdata", "/var/lib/postgresql/data"));
 * ContainerSpec job = ContainerSpec.builder().image("busybox").addCommand("sh", "-c", "ls /data")
 *     .addMount(VolumeMount.of("pgdata", "/data").withReadOnly(true)).autoRemove(true).build();
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class ContainerSpec implements WithContainerSpec {

  ContainerSpec() {}

  /** The image: {@code "busybox:1.36"}, {@code "registry.example.com/team/app@sha256:..."}. */
  public abstract String image();

  /** The container's name; empty lets the engine pick one. */
  public abstract Optional<String> name();

  /** The command (with the image's entrypoint, if any); empty uses the image's. */
  public abstract List<String> command();

  /** Replaces the image's entrypoint when given. */
  public abstract Optional<List<String>> entrypoint();

  /** Environment variables. */
  public abstract Map<String, String> env();

  /** The user the command runs as ({@code --user}): {@code spec.withUser("1000:1000")}. */
  public abstract Optional<String> user();

  /** The working directory ({@code --workdir}): {@code spec.withWorkingDir("/data")}. */
  public abstract Optional<String> workingDir();

  /** Labels on the container: {@code spec.withLabels(Map.of("app", "billing"))}. */
  public abstract Map<String, String> labels();

  /** The mounts: {@code spec.withMounts(VolumeMount.of("pgdata", "/data"))}. */
  public abstract List<MountSpec> mounts();

  /** Containers whose mounts it inherits ({@code --volumes-from}): {@code spec.withVolumesFrom(VolumesFrom.parse("seed:ro"))}. */
  public abstract List<VolumesFrom> volumesFrom();

  /**
   * The network mode ({@code docker run --network}): {@code none} for a container that needs no
   * network, {@code bridge}, {@code host}, or a network's name; empty uses the engine's default.
   */
  public abstract Optional<String> network();

  /**
   * {@link #mounts()} and {@link #volumesFrom()} as one validated set; building it throws
   * {@link InvalidMountSpecException} for duplicate mount points.
   */
  public final Mounts mountSet() {
    return Mounts.of(mounts(), volumesFrom());
  }

  /**
   * When creating the container pulls its image ({@code docker run --pull}): {@link PullPolicy#MISSING}
   * unless set.
   *
   * <pre>{@code
   * ContainerSpec.of("busybox:1.36").withPullPolicy(PullPolicy.ALWAYS);
   * }</pre>
   */
  @Value.Default
  public PullPolicy pullPolicy() {
    return PullPolicy.MISSING;
  }

  /**
   * Whether {@link Containers#create(ContainerSpec)} first checks the spec with {@link Volumes#validate(ContainerSpec)}
   * and refuses it, before anything is created, when Docker would refuse it at create or start (true unless
   * set). Set false to send the spec as it is and see the daemon's own error.
   *
   * <pre>{@code
   * ContainerSpec raw = ContainerSpec.of("busybox:1.36").withValidateFirst(false);
   * }</pre>
   */
  @Value.Default
  public boolean validateFirst() {
    return true;
  }

  /** Remove the container (and its anonymous volumes) when it exits ({@code --rm}). */
  @Value.Default
  public boolean autoRemove() {
    return false;
  }

  @Value.Check
  final void check() {
    if (image().isEmpty()) {
      throw new IllegalArgumentException("image is empty; name an image such as busybox:latest");
    }
    if (network().isPresent() && network().get().isEmpty()) {
      throw new IllegalArgumentException("network is empty; leave it out for the engine's default, or give none, bridge or host");
    }
  }

  /** The spec, with the values of secret-looking environment variables and mount options masked. */
  @Override
  public String toString() {
    return "ContainerSpec{image=" + image() + name().map(n -> ", name=" + n).orElse("")
        + (command().isEmpty() ? "" : ", command=" + command())
        + (env().isEmpty() ? "" : ", env=" + io.github.volumes4j.internal.Secrets.mask(env()))
        + (labels().isEmpty() ? "" : ", labels=" + labels()) + (mounts().isEmpty() ? "" : ", mounts=" + mounts())
        + (volumesFrom().isEmpty() ? "" : ", volumesFrom=" + volumesFrom()) + network().map(n -> ", network=" + n).orElse("")
        + "}";
  }

  /** A spec of the image and nothing else: {@code ContainerSpec.of("busybox:1.36").withCommand("sleep", "60")}. */
  public static ContainerSpec of(String image) {
    return builder().image(image).build();
  }

  /** A builder: {@code ContainerSpec.builder().image("busybox").addCommand("true").build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ContainerSpec}; {@code image} is required. */
  public static final class Builder extends ImmutableContainerSpec.Builder {}
}
