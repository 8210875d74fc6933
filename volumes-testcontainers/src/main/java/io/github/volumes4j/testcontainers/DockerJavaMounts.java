package io.github.volumes4j.testcontainers;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.Volume;
import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.MountType;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.docker.internal.wire.MountMapper;
import io.github.volumes4j.internal.MountGates;
import io.github.volumes4j.internal.MountRouting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * volumes4j's mounts to and from docker-java's model, sent exactly as {@code DockerEngine} sends them.
 *
 * <pre>{@code
 * CreateContainerCmd cmd = dockerClient.createContainerCmd("postgres:16");
 * DockerJavaMounts.apply(cmd, List.of(
 *     VolumeMount.of("pgdata", "/var/lib/postgresql/data").withSubpath("16"),
 *     MountSyntax.VOLUME.parse("/srv/conf:/etc/app:ro,Z"),
 *     TmpfsMount.at("/run/secrets").withSizeBytes(1 << 20).withMode(0700)), ApiVersion.of(1, 45));
 * List<MountSpec> back = DockerJavaMounts.fromCreateCommand(cmd);   // equal to what went in
 * }</pre>
 *
 * <p>Each value travels in the request field the docker CLI would use ({@code HostConfig.Mounts},
 * {@code Binds}, {@code Tmpfs}, {@code Config.Volumes}), decided by the same rules as
 * {@code DockerEngine}'s. Fields docker-java's model lacks ({@code Consistency}, {@code Subpath},
 * {@code CreateMountpoint}, the recursive read-only flags, tmpfs {@code Options}) are still sent, as the
 * model's raw values; {@code -v} and {@code --volumes-from} text is sent as written, never re-formatted by
 * docker-java's {@code Bind} or {@code VolumesFrom} (which turn {@code "c:ro"} into {@code "c:ro:rw"}).
 * A field the target API version does not have is refused with {@link UnsupportedFeatureException}
 * before anything is sent, as {@code DockerEngine} refuses it.
 */
public final class DockerJavaMounts {

  private DockerJavaMounts() {}

  // ---- to docker-java ---------------------------------------------------------------------------

  /**
   * The {@code HostConfig.Mounts} entry of a mount ({@code --mount} semantics: a missing bind source
   * is an error).
   *
   * <pre>{@code
   * Mount m = DockerJavaMounts.toMount(BindMount.of("/srv", "/srv").withCreateMountpoint(true), ApiVersion.of(1, 42));
   * }</pre>
   *
   * @throws UnsupportedFeatureException when a field of the mount needs a later API version
   * @throws IllegalArgumentException for a mount with an SELinux label (only {@code Binds} carries it)
   */
  public static Mount toMount(MountSpec spec, ApiVersion api) {
    requireNonNull(spec, "spec == null");
    requireNonNull(api, "api == null");
    MountGates.requireSupportedBy(spec, api);
    boolean labelled = spec instanceof VolumeMount v ? v.selinuxLabel().isPresent()
        : spec instanceof BindMount b && b.selinuxLabel().isPresent();
    if (labelled) {
      throw new IllegalArgumentException(spec + " has an SELinux label, which HostConfig.Mounts cannot carry (only -v text can);"
          + " use toBind(...), or apply(...), which sends it in Binds");
    }
    if (spec instanceof TmpfsMount t && !t.options().isEmpty() && !api.isAtLeast(ApiVersion.V1_46)) {
      throw new UnsupportedFeatureException("TmpfsOptions.Options", ApiVersion.V1_46, api, "tmpfs options " + t.options()
          + " of " + t.target() + " in HostConfig.Mounts need Engine API 1.46, but the engine speaks " + api
          + "; send them in HostConfig.Tmpfs with toTmpfs(...), as apply(...) does");
    }
    return DockerJavaWire.mount(MountMapper.entry(spec));
  }

  /**
   * The {@code HostConfig.Binds} entry of a named volume or bind mount, as {@code -v} text ({@code -v}
   * semantics: the daemon creates a missing bind source). The returned {@link Bind} serializes to
   * exactly {@link MountSyntax#format}'s text.
   *
   * <pre>{@code
   * Bind b = DockerJavaMounts.toBind(MountSyntax.VOLUME.parse("data:/data:ro,nocopy"), ApiVersion.of(1, 41));
   * b.toString();   // "data:/data:ro,nocopy"
   * }</pre>
   *
   * @throws IllegalArgumentException for a tmpfs or an anonymous volume (no {@code Binds} form), or a
   *     mount whose options {@code -v} cannot carry (such as a subpath or driver options)
   */
  public static Bind toBind(MountSpec spec, ApiVersion api) {
    requireNonNull(spec, "spec == null");
    requireNonNull(api, "api == null");
    if (spec instanceof TmpfsMount t) {
      throw new IllegalArgumentException("tmpfs " + t.target() + " has no Binds form; use toTmpfs(...) or toMount(...)");
    }
    if (spec instanceof VolumeMount v && v.anonymous()) {
      throw new IllegalArgumentException("anonymous volume " + v.target()
          + " has no Binds form; docker run -v " + v.target() + " sends it in Config.Volumes: use apply(...)");
    }
    if (!MountSyntax.VOLUME.canWrite(spec)) {
      throw new IllegalArgumentException(spec + " cannot be written as -v text (its options exist only in --mount); use toMount(...)");
    }
    MountGates.requireSupportedBy(spec, api);
    return bindOf(MountSyntax.VOLUME.format(spec), spec);
  }

  /**
   * The {@code HostConfig.Tmpfs} entry of a tmpfs: target to options, as {@code --tmpfs target:options}.
   *
   * <pre>{@code
   * hostConfig.withTmpFs(DockerJavaMounts.toTmpfs(TmpfsMount.at("/run").withSizeBytes(65536).withMode(01777)));
   * // {"/run": "size=65536,mode=1777"}
   * }</pre>
   */
  public static Map<String, String> toTmpfs(TmpfsMount tmpfs) {
    requireNonNull(tmpfs, "tmpfs == null");
    return Map.of(tmpfs.target(), MountMapper.tmpfsText(tmpfs));
  }

  /**
   * The {@code HostConfig.VolumesFrom} entry, sent as written ({@code "c"}, {@code "c:ro"}, {@code "c:z"}).
   *
   * <pre>{@code
   * hostConfig.withVolumesFrom(DockerJavaMounts.toVolumesFrom(VolumesFrom.parse("db:ro")));   // "db:ro"
   * }</pre>
   */
  public static com.github.dockerjava.api.model.VolumesFrom toVolumesFrom(VolumesFrom from) {
    requireNonNull(from, "from == null");
    return new DockerJavaWire.ExactVolumesFrom(from.format(), from.container(), from.readOnly().orElse(false));
  }

  /**
   * Adds mounts and {@code --volumes-from} sources to a docker-java create command, each in the field
   * {@code DockerEngine} would send it in at {@code api}, after what the command already has. Checks
   * every value against the version first: nothing is changed when one is refused.
   *
   * <pre>{@code
   * DockerJavaMounts.apply(cmd, List.of(VolumeMount.of("data", "/data")), List.of(VolumesFrom.parse("seed:ro")), api);
   * }</pre>
   *
   * @throws UnsupportedFeatureException when a value needs a later API version
   */
  public static CreateContainerCmd apply(CreateContainerCmd cmd, List<? extends MountSpec> mounts, List<VolumesFrom> volumesFrom,
      ApiVersion api) {
    requireNonNull(cmd, "cmd == null");
    requireNonNull(mounts, "mounts == null");
    requireNonNull(volumesFrom, "volumesFrom == null");
    requireNonNull(api, "api == null");
    MountMapper.HostMounts hm = MountMapper.map(List.copyOf(mounts), api);
    HostConfig hc = cmd.getHostConfig() != null ? cmd.getHostConfig() : new HostConfig();
    if (!hm.binds().isEmpty()) {
      List<Bind> binds = new ArrayList<>(hc.getBinds() == null ? List.of() : Arrays.asList(hc.getBinds()));
      for (MountSpec m : mounts) {
        if (MountRouting.field(m, api) == MountRouting.Field.BINDS) {
          binds.add(bindOf(MountSyntax.VOLUME.format(m), m));
        }
      }
      hc.withBinds(binds);
    }
    if (!hm.mounts().isEmpty()) {
      List<Mount> all = new ArrayList<>(hc.getMounts() == null ? List.of() : hc.getMounts());
      hm.mounts().forEach(w -> all.add(DockerJavaWire.mount(w)));
      hc.withMounts(all);
    }
    if (!hm.tmpfs().isEmpty()) {
      Map<String, String> all = new LinkedHashMap<>(hc.getTmpFs() == null ? Map.of() : hc.getTmpFs());
      all.putAll(hm.tmpfs());
      hc.withTmpFs(all);
    }
    if (!volumesFrom.isEmpty()) {
      List<com.github.dockerjava.api.model.VolumesFrom> all = new ArrayList<>(
          hc.getVolumesFrom() == null ? List.of() : Arrays.asList(hc.getVolumesFrom()));
      volumesFrom.forEach(f -> all.add(toVolumesFrom(f)));
      hc.withVolumesFrom(all);
    }
    if (!hm.volumes().isEmpty()) {
      List<Volume> all = new ArrayList<>(cmd.getVolumes() == null ? List.of() : Arrays.asList(cmd.getVolumes()));
      hm.volumes().forEach(t -> all.add(new Volume(t)));
      cmd.withVolumes(all);
    }
    cmd.withHostConfig(hc);
    return cmd;
  }

  private static Bind bindOf(String text, MountSpec spec) {
    String source = spec instanceof BindMount b ? b.source() : ((VolumeMount) spec).source().orElse("");
    return new DockerJavaWire.ExactBind(text, source, spec.target(), spec.readOnly());
  }

  // ---- from docker-java -------------------------------------------------------------------------

  /**
   * The mounts a docker-java create command carries: {@code Binds} and {@code Config.Volumes} read as
   * {@code -v}, {@code Tmpfs} as {@code --tmpfs}, {@code Mounts} entries with every field, the raw ones
   * included.
   *
   * <pre>{@code
   * List<MountSpec> mounts = DockerJavaMounts.fromCreateCommand(cmd);
   * }</pre>
   *
   * @throws io.github.volumes4j.InvalidMountSpecException for a value Docker would refuse
   */
  public static List<MountSpec> fromCreateCommand(CreateContainerCmd cmd) {
    requireNonNull(cmd, "cmd == null");
    List<MountSpec> out = new ArrayList<>();
    if (cmd.getHostConfig() != null) {
      out.addAll(fromHostConfig(cmd.getHostConfig()));
    }
    if (cmd.getVolumes() != null) {
      for (Volume v : cmd.getVolumes()) {
        out.add(MountSyntax.VOLUME.parse(v.getPath()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The mounts of a docker-java {@link HostConfig}: {@code Binds}, then {@code Mounts}, then {@code Tmpfs}.
   *
   * <pre>{@code
   * List<MountSpec> mounts = DockerJavaMounts.fromHostConfig(inspected.getHostConfig());
   * }</pre>
   *
   * @throws io.github.volumes4j.InvalidMountSpecException for a value Docker would refuse
   */
  public static List<MountSpec> fromHostConfig(HostConfig hostConfig) {
    requireNonNull(hostConfig, "hostConfig == null");
    List<MountSpec> out = new ArrayList<>();
    if (hostConfig.getBinds() != null) {
      for (Bind b : hostConfig.getBinds()) {
        out.add(fromBind(b));
      }
    }
    if (hostConfig.getMounts() != null) {
      for (Mount m : hostConfig.getMounts()) {
        out.add(fromMount(m));
      }
    }
    if (hostConfig.getTmpFs() != null) {
      hostConfig.getTmpFs().forEach((target, options) -> out.add(fromTmpfs(target, options)));
    }
    return List.copyOf(out);
  }

  /**
   * The {@code --volumes-from} sources of a docker-java {@link HostConfig}.
   *
   * <pre>{@code
   * List<VolumesFrom> from = DockerJavaMounts.volumesFrom(hostConfig);   // [db:ro]
   * }</pre>
   */
  public static List<VolumesFrom> volumesFrom(HostConfig hostConfig) {
    requireNonNull(hostConfig, "hostConfig == null");
    List<VolumesFrom> out = new ArrayList<>();
    if (hostConfig.getVolumesFrom() != null) {
      for (com.github.dockerjava.api.model.VolumesFrom f : hostConfig.getVolumesFrom()) {
        out.add(VolumesFrom.parse(f.toString()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * A {@code Binds} entry, read as Docker reads {@code -v} text (the text docker-java would send).
   *
   * <pre>{@code
   * MountSpec m = DockerJavaMounts.fromBind(Bind.parse("/srv:/srv:ro"));
   * }</pre>
   */
  public static MountSpec fromBind(Bind bind) {
    requireNonNull(bind, "bind == null");
    return MountSyntax.VOLUME.parse(bind.toString());
  }

  /**
   * A {@code Tmpfs} entry, read as Docker reads {@code --tmpfs target:options}.
   *
   * <pre>{@code
   * MountSpec t = DockerJavaMounts.fromTmpfs("/run", "size=64m,noexec");
   * }</pre>
   */
  public static MountSpec fromTmpfs(String target, String options) {
    requireNonNull(target, "target == null");
    requireNonNull(options, "options == null");
    return MountSyntax.TMPFS.parse(options.isEmpty() ? target : target + ":" + options);
  }

  /**
   * A {@code Mounts} entry, every field: the model's and the raw values it does not model
   * ({@code Consistency}, {@code Subpath}, {@code CreateMountpoint}, recursion flags, tmpfs {@code Options}).
   *
   * <pre>{@code
   * MountSpec m = DockerJavaMounts.fromMount(new Mount().withType(MountType.VOLUME).withSource("data").withTarget("/data"));
   * }</pre>
   *
   * @throws IllegalArgumentException for a mount type volumes4j does not model ({@code npipe}, {@code image})
   */
  public static MountSpec fromMount(Mount mount) {
    requireNonNull(mount, "mount == null");
    return DockerJavaWire.spec(mount);
  }

  /**
   * What a container got, from docker-java's inspect answer (the {@code Mounts} of
   * {@code GET /containers/{id}/json}).
   *
   * <pre>{@code
   * List<MountPoint> got = DockerJavaMounts.mountPoints(dockerClient.inspectContainerCmd(id).exec());
   * }</pre>
   */
  public static List<MountPoint> mountPoints(InspectContainerResponse inspected) {
    requireNonNull(inspected, "inspected == null");
    List<MountPoint> out = new ArrayList<>();
    if (inspected.getMounts() != null) {
      for (InspectContainerResponse.Mount m : inspected.getMounts()) {
        out.add(DockerJavaWire.mountPoint(m));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The inspected mounts of a container as mount values that would mount the same things again:
   * volumes by name, binds by host path, tmpfs by target, each with its read-only flag (and a bind's
   * propagation when it is not the default).
   *
   * <pre>{@code
   * List<MountSpec> same = DockerJavaMounts.fromInspect(dockerClient.inspectContainerCmd(id).exec());
   * }</pre>
   */
  public static List<MountSpec> fromInspect(InspectContainerResponse inspected) {
    List<MountSpec> out = new ArrayList<>();
    for (MountPoint p : mountPoints(inspected)) {
      if (p.type() == MountType.VOLUME) {
        VolumeMount v = VolumeMount.of(p.name().orElse(p.source()), p.destination()).withReadOnly(!p.readWrite());
        out.add(p.driver().filter(d -> !d.equals("local")).map(v::withDriver).orElse(v));
      } else if (p.type() == MountType.BIND) {
        BindMount b = BindMount.of(p.source(), p.destination()).withReadOnly(!p.readWrite());
        out.add(p.propagation().isEmpty() || p.propagation().equals("rprivate") ? b
            : b.withPropagation(DockerJavaWire.propagation(p.propagation())));
      } else if (p.type() == MountType.TMPFS) {
        out.add(TmpfsMount.at(p.destination()).withReadOnly(!p.readWrite()));
      }
    }
    return List.copyOf(out);
  }

  static AccessMode accessMode(boolean readOnly) {
    return readOnly ? AccessMode.ro : AccessMode.rw;
  }
}
