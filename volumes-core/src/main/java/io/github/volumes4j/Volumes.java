package io.github.volumes4j;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.Backup;
import io.github.volumes4j.data.Clone;
import io.github.volumes4j.data.CopyIn;
import io.github.volumes4j.data.CopyOut;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.Migrate;
import io.github.volumes4j.data.Restore;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.InputStream;
import java.nio.file.Path;
import io.github.volumes4j.spi.VolumeEngineProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: volumes on one engine, a real Docker daemon or the in-memory engine.
 *
 * <pre>{@code
 * try (Volumes volumes = Volumes.connect()) {          // Docker if one answers, else says why not
 *   Volume db = volumes.create(VolumeSpec.named("pgdata").label("app", "billing"));
 *   volumes.list(VolumeFilter.label("app", "billing")).forEach(v -> System.out.println(v.name()));
 *   volumes.backup("pgdata").gzip().to(Path.of("pgdata.tar.gz"));   // manifest + data + SHA-256
 *   volumes.restore(Path.of("pgdata.tar.gz")).toNewVolume("pgdata-copy");
 *   volumes.remove("pgdata");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes the engine.
 */
public final class Volumes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Volumes.class);

  private final VolumeEngine engine;
  private final DataMovement data;

  private Volumes(VolumeEngine engine) {
    this.engine = requireNonNull(engine, "engine == null");
    this.data = DataMovement.on(engine);
  }

  /** Volumes on the given engine; closing the result closes the engine. */
  public static Volumes using(VolumeEngine engine) {
    return new Volumes(engine);
  }

  /**
   * Connects to the first engine that answers, among those on the class path (volumes-docker's
   * finds a Docker daemon the way the docker CLI does).
   *
   * @throws EngineUnavailableException listing every place tried
   */
  public static Volumes connect() {
    List<String> attempts = new ArrayList<>();
    Optional<VolumeEngine> engine = connectFirst(attempts);
    if (engine.isEmpty()) {
      if (attempts.isEmpty()) {
        attempts.add("no engine on the class path; add io.github.volumes4j:volumes-docker");
      }
      throw EngineUnavailableException.noEngine("volume engine", attempts);
    }
    return new Volumes(engine.get());
  }

  /**
   * Like {@link #connect()}, but empty instead of throwing; {@code attempts} receives the reasons.
   */
  public static Optional<Volumes> tryConnect(List<String> attempts) {
    return connectFirst(attempts).map(Volumes::new);
  }

  private static Optional<VolumeEngine> connectFirst(List<String> attempts) {
    List<VolumeEngineProvider> providers = new ArrayList<>();
    ServiceLoader.load(VolumeEngineProvider.class, Volumes.class.getClassLoader()).forEach(providers::add);
    providers.sort(Comparator.comparingInt(VolumeEngineProvider::priority));
    for (VolumeEngineProvider provider : providers) {
      Optional<VolumeEngine> engine = provider.connect(attempts);
      if (engine.isPresent()) {
        LOG.info("volumes4j engine: {}", engine.get().info().name());
        return engine;
      }
    }
    return Optional.empty();
  }

  /** The engine underneath, for primitives this class does not wrap. */
  public VolumeEngine engine() {
    return engine;
  }

  /** The engine's API version. */
  public ApiVersion apiVersion() {
    return engine.info().apiVersion();
  }

  /** Creates a volume; an existing name is returned unchanged (a different driver is a conflict). */
  public Volume create(VolumeSpec spec) {
    return engine.createVolume(requireNonNull(spec, "spec == null"));
  }

  /** Creates a named local volume. */
  public Volume create(String name) {
    return create(VolumeSpec.named(requireNonNull(name, "name == null")));
  }

  /** The volume of that name. @throws VolumeNotFoundException if there is none */
  public Volume inspect(String name) {
    return engine.inspectVolume(requireNonNull(name, "name == null"));
  }

  /** The volume of that name, or empty. */
  public Optional<Volume> find(String name) {
    try {
      return Optional.of(inspect(name));
    } catch (VolumeNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Every volume. */
  public List<Volume> list() {
    return list(VolumeFilter.all());
  }

  /** The volumes matching the filter. */
  public List<Volume> list(VolumeFilter filter) {
    return engine.listVolumes(requireNonNull(filter, "filter == null"));
  }

  /** Removes a volume. @throws VolumeInUseException while a container refers to it */
  public void remove(String name) {
    engine.removeVolume(requireNonNull(name, "name == null"), false);
  }

  /** Removes a volume if it exists (Docker's {@code force}: a missing volume is not an error). */
  public void removeIfExists(String name) {
    engine.removeVolume(requireNonNull(name, "name == null"), true);
  }

  /**
   * Removes unused volumes matching the options. {@code PruneOptions.all()} works on every API
   * version; an anonymous-only prune ({@code PruneOptions.defaults()}) needs API 1.42, because an older
   * daemon removes named volumes too (see {@link PruneOptions}).
   */
  public PruneResult prune(PruneOptions options) {
    return engine.pruneVolumes(requireNonNull(options, "options == null"));
  }

  /** The engine's containers: create with mounts, run, stop, wait, logs, remove. */
  /**
   * The engine's images: whether one is there, pulling one.
   *
   * <pre>{@code
   * volumes.images().pull("busybox:1.36");
   * }</pre>
   */
  public Images images() {
    return new Images(engine);
  }

  /**
   * Every problem Docker would raise creating or starting a container of this spec (the mount, the value,
   * the daemon's wording, what to do); empty means Docker would accept it. Nothing is created.
   *
   * <pre>{@code
   * ContainerSpec spec = ContainerSpec.of("busybox:1.36").withMounts(MountSyntax.TMPFS.parse("/t:uid=app"));
   * volumes.validate(spec).forEach(System.out::println);
   * // START uid=app: ... data: uid=app: invalid argument: unknown; the kernel refuses tmpfs data uid=app; ...
   * }</pre>
   *
   * @see Containers#validate(ContainerSpec)
   */
  public List<MountProblem> validate(ContainerSpec spec) {
    return containers().validate(spec);
  }

  /** The engine's containers: {@code volumes.containers().run(ContainerSpec.of("busybox:1.36").withCommand("true"))}. */
  public Containers containers() {
    return new Containers(engine);
  }

  /**
   * The engine's swarm services, with the same mount values as containers:
   * {@code volumes.services().create(ServiceSpec.builder().name("web").image("busybox:1.36").build())}.
   */
  public io.github.volumes4j.swarm.Services services() {
    return io.github.volumes4j.swarm.Services.on(engine);
  }

  // ---- data movement (io.github.volumes4j.data) ------------------------------------------------

  /** Copy, backup, restore, clone and migrate on this engine; the methods below are shortcuts. */
  public DataMovement data() {
    return data;
  }

  /**
   * Copies files, trees, bytes or a tar into an existing volume.
   * {@code volumes.copyInto("cfg").mode(0640).string("port: 80\n", "/app.yml")}
   */
  public CopyIn copyInto(String volume) {
    return data.copyInto(volume);
  }

  /** Copies files, trees or streams out of a volume. {@code volumes.copyFrom("cfg").string("/app.yml")} */
  public CopyOut copyFrom(String volume) {
    return data.copyFrom(volume);
  }

  /**
   * Copies files, trees or streams out of a container's file system, as {@code docker cp} does.
   * {@code volumes.copyFromContainer("web").tree("/var/log/nginx", Path.of("logs"))}
   */
  public CopyOut copyFromContainer(String container) {
    return data.copyFromContainer(container);
  }

  /** Backs a volume up. {@code volumes.backup("pgdata").gzip().to(Path.of("pgdata.tar.gz"))} */
  public Backup backup(String volume) {
    return data.backup(volume);
  }

  /** Restores a backup file. {@code volumes.restore(Path.of("pgdata.tar.gz")).toNewVolume()} */
  public Restore restore(Path backupFile) {
    return data.restore(backupFile);
  }

  /** Restores a backup stream. {@code volumes.restore(in).into("pgdata", RestorePolicy.REPLACE)} */
  public Restore restore(InputStream backup) {
    return data.restore(backup);
  }

  /** Takes an incremental snapshot into a repository. {@code volumes.snapshot("pgdata").tag("nightly").into(repo)} */
  public io.github.volumes4j.data.Snapshot snapshot(String volume) {
    return data.snapshot(volume);
  }

  /** Restores a snapshot. {@code volumes.restore(repo, repo.latest("pgdata").orElseThrow().id()).toNewVolume("pg2")} */
  public Restore restore(io.github.volumes4j.data.SnapshotRepository repo, String snapshotId) {
    return data.restore(repo, snapshotId);
  }

  /** Copies a volume into a new one. {@code volumes.clone("pgdata").to("pgdata-test")} */
  public Clone clone(String source) {
    return data.clone(source);
  }

  /** Moves a copy of a volume to another engine. {@code volumes.migrate("pgdata").to(otherVolumes.engine())} */
  public Migrate migrate(String source) {
    return data.migrate(source);
  }

  /** The order-independent digest of a volume's tree. */
  public TreeDigest digest(String volume) {
    return data.digest(volume);
  }

  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "Volumes[" + engine.info().name() + "]";
  }
}
