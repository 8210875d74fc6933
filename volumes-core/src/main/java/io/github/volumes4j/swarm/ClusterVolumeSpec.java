package io.github.volumes4j.swarm;

import io.github.volumes4j.internal.VolumesStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * A cluster (CSI) volume to create through a swarm manager ({@code docker volume create --driver csi-plugin
 * --scope multi --sharing onewriter ...}). Cluster volumes need Engine API 1.42 or newer; an older engine
 * refuses them with {@link io.github.volumes4j.UnsupportedFeatureException} before anything is sent.
 *
 * <pre>{@code
 * ClusterVolumeSpec db = ClusterVolumeSpec.builder().name("pgdata").driver("csi.example.com")
 *     .scope(ClusterVolumeSpec.Scope.SINGLE).sharing(ClusterVolumeSpec.Sharing.ONEWRITER)
 *     .requiredBytes(10L << 30).putSecret("password", "csi-password").build();
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class ClusterVolumeSpec implements WithClusterVolumeSpec {

  /**
   * How many nodes may use the volume at once ({@code --scope}).
   *
   * <pre>{@code
   * ClusterVolumeSpec.Scope s = ClusterVolumeSpec.Scope.MULTI;
   * }</pre>
   */
  public enum Scope {
    /** One node at a time. */
    SINGLE,
    /** Several nodes at once. */
    MULTI;

    /** The API's spelling: {@code Scope.MULTI.apiName()} is {@code "multi"}. */
    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How tasks share the volume ({@code --sharing}).
   *
   * <pre>{@code
   * ClusterVolumeSpec.Sharing s = ClusterVolumeSpec.Sharing.READONLY;
   * }</pre>
   */
  public enum Sharing {
    /** One task at a time. */
    NONE,
    /** Many readers, no writer. */
    READONLY,
    /** Many readers, one writer. */
    ONEWRITER,
    /** Many readers and writers. */
    ALL;

    /** The API's spelling: {@code Sharing.ONEWRITER.apiName()} is {@code "onewriter"}. */
    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Whether new tasks may use the volume ({@code --availability}).
   *
   * <pre>{@code
   * ClusterVolumeSpec.Availability a = ClusterVolumeSpec.Availability.DRAIN;
   * }</pre>
   */
  public enum Availability {
    /** In use. */
    ACTIVE,
    /** No new tasks. */
    PAUSE,
    /** No tasks: running ones are stopped. */
    DRAIN;

    /** The API's spelling: {@code Availability.PAUSE.apiName()} is {@code "pause"}. */
    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  ClusterVolumeSpec() {}

  /** The volume's name: {@code "pgdata"}. */
  public abstract String name();

  /** The CSI plugin: {@code "csi.example.com"}. */
  public abstract String driver();

  /** The plugin's options ({@code --opt}): {@code spec.withDriverOptions(Map.of("fs", "ext4"))}. */
  public abstract Map<String, String> driverOptions();

  /** Labels: {@code spec.withLabels(Map.of("app", "billing"))}. */
  public abstract Map<String, String> labels();

  /** A group name that services can mount instead of one volume ({@code --group}): {@code spec.withGroup("db")}. */
  public abstract Optional<String> group();

  /** Single node (the default) or many: {@code spec.withScope(Scope.MULTI)}. */
  @Value.Default
  public Scope scope() {
    return Scope.SINGLE;
  }

  /** Sharing between tasks, {@link Sharing#NONE} unless set: {@code spec.withSharing(Sharing.ALL)}. */
  @Value.Default
  public Sharing sharing() {
    return Sharing.NONE;
  }

  /** Availability, {@link Availability#ACTIVE} unless set: {@code spec.withAvailability(Availability.PAUSE)}. */
  @Value.Default
  public Availability availability() {
    return Availability.ACTIVE;
  }

  /** The least capacity ({@code --required-bytes}): {@code spec.withRequiredBytes(1L << 30)}. */
  public abstract OptionalLong requiredBytes();

  /** The most capacity ({@code --limit-bytes}): {@code spec.withLimitBytes(10L << 30)}. */
  public abstract OptionalLong limitBytes();

  /** Plugin secrets by key, each naming a swarm secret ({@code --secret key:secret}): {@code spec.withSecrets(Map.of("pw", "db-pw"))}. */
  public abstract Map<String, String> secrets();

  /** Topologies the volume must be reachable from ({@code --topology-required}), each a map of segments. */
  public abstract List<Map<String, String>> requisiteTopology();

  /** Topologies preferred ({@code --topology-preferred}), each a map of segments. */
  public abstract List<Map<String, String>> preferredTopology();

  @Value.Check
  final void check() {
    if (name().isEmpty() || driver().isEmpty()) {
      throw new IllegalArgumentException("a cluster volume needs a name and a CSI driver; got name '" + name()
          + "', driver '" + driver() + "'");
    }
    if (requiredBytes().isPresent() && limitBytes().isPresent() && requiredBytes().getAsLong() > limitBytes().getAsLong()) {
      throw new IllegalArgumentException("cluster volume '" + name() + "': requiredBytes " + requiredBytes().getAsLong()
          + " is more than limitBytes " + limitBytes().getAsLong());
    }
  }

  /** A builder: {@code ClusterVolumeSpec.builder().name("v").driver("csi.example.com").build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ClusterVolumeSpec}; {@code name} and {@code driver} are required. */
  public static final class Builder extends ImmutableClusterVolumeSpec.Builder {}
}
