package io.github.volumes4j;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.spi.VolumeEngine;
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
 *   volumes.remove("pgdata");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes the engine.
 */
public final class Volumes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Volumes.class);

  private final VolumeEngine engine;

  private Volumes(VolumeEngine engine) {
    this.engine = requireNonNull(engine, "engine == null");
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

  /** Removes unused volumes matching the options. */
  public PruneResult prune(PruneOptions options) {
    return engine.pruneVolumes(requireNonNull(options, "options == null"));
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
