package io.github.volumes4j.testkit;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.EngineInfo;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeConflictException;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumeUsage;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.internal.ArchiveEndpoints;
import io.github.volumes4j.testkit.internal.ContainerStore;
import io.github.volumes4j.testkit.internal.Names;
import io.github.volumes4j.testkit.internal.VolumeRules;
import io.github.volumes4j.testkit.internal.Tree;
import io.github.volumes4j.testkit.internal.VolumeRecord;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link VolumeEngine} that keeps everything in memory and behaves like a Docker daemon: same
 * rules, same exception types, same messages. No daemon, no disk (except the host directories of
 * bind mounts).
 *
 * <pre>{@code
 * try (Volumes volumes = Volumes.using(InMemoryEngine.dockerLike())) {
 *   volumes.create(VolumeSpec.named("pgdata").label("app", "billing"));
 *   volumes.remove("pgdata");
 * }
 * VolumeEngine docker2010 = InMemoryEngine.emulating(ApiVersion.of(1, 41));   // prune removes named volumes too
 * }</pre>
 *
 * <p>The contract suite {@code VolumeEngineContract} runs against this engine and against a real
 * Docker daemon with the same assertions. What it does not emulate: networking, real processes (a
 * started container "runs" until stopped, or runs a registered Java {@link Program}), volume plugins
 * (other drivers can be declared with {@link Builder#addDriver(String)} but store data like
 * {@code local}), disk quotas ({@code size} is refused as on a daemon without quota support), the
 * mounting of NFS/CIFS devices, and symbolic links in the paths a {@link ContainerProcess} uses (the
 * archive endpoints follow them as Docker does; {@link ContainerFiles} does not).
 *
 * <p>Thread-safe: every operation holds one lock (an archive write holds it per entry, never while it
 * reads the caller's stream). After {@link #close()} it refuses every call but {@link #info()} and
 * {@link #supports}, as the Docker engine does.
 */
public final class InMemoryEngine implements VolumeEngine {

  /** The label Docker (API 1.42+) puts on anonymous volumes. */
  public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

  private final ApiVersion apiVersion;
  private final String version;
  private final Clock clock;
  private final Set<String> drivers;
  private final Set<EngineFeature> features;
  final Object lock = new Object();
  final Map<String, VolumeRecord> volumes = new LinkedHashMap<>();
  private final ContainerStore containers;
  private final ArchiveEndpoints archives;
  private final io.github.volumes4j.testkit.internal.SwarmModel swarm;
  private volatile boolean closed;

  private InMemoryEngine(Builder b) {
    this.apiVersion = b.apiVersion;
    this.version = b.version.orElseGet(() -> dockerVersionFor(b.apiVersion));
    this.clock = b.clock;
    this.drivers = Set.copyOf(b.drivers);
    this.features = EnumSet.allOf(EngineFeature.class);
    // started helpers with streams are not modelled: data moves through the archive endpoints here
    this.features.remove(EngineFeature.HELPER_STREAMS);
    this.features.remove(EngineFeature.LOCAL_HELPER_PORTS);
    this.features.removeAll(b.without);
    this.containers = new ContainerStore(this::createLocked, volumes, lock, apiVersion, clock);
    this.archives = new ArchiveEndpoints(containers);
    this.swarm = new io.github.volumes4j.testkit.internal.SwarmModel(this, b.swarmManager, apiVersion, clock);
  }

  /** An engine that behaves like current Docker ({@link ApiVersion#LATEST}). */
  public static InMemoryEngine dockerLike() {
    return builder().build();
  }

  /**
   * An engine that behaves like a daemon of that API version; {@code 1.41} is Docker 20.10 (prune
   * removes named volumes, no anonymous label, no {@code all} filter).
   */
  public static InMemoryEngine emulating(ApiVersion apiVersion) {
    return builder().apiVersion(apiVersion).build();
  }

  /** A builder: {@code InMemoryEngine.builder().apiVersion(ApiVersion.V1_41).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options of an {@link InMemoryEngine}. */
  public static final class Builder {
    private ApiVersion apiVersion = ApiVersion.LATEST;
    private Optional<String> version = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private final Set<String> drivers = new LinkedHashSet<>(List.of("local"));
    private final Set<EngineFeature> without = EnumSet.noneOf(EngineFeature.class);
    private boolean swarmManager;

    /** Makes the engine the manager of a single-node swarm ({@code docker swarm init}): {@code builder().swarmManager().build()}. */
    public Builder swarmManager() {
      this.swarmManager = true;
      return this;
    }

    private Builder() {}

    /** The API version to emulate; at least {@link ApiVersion#MINIMUM}. */
    public Builder apiVersion(ApiVersion v) {
      requireNonNull(v, "apiVersion == null");
      if (!v.isAtLeast(ApiVersion.MINIMUM)) {
        throw new IllegalArgumentException("API version " + v + " is older than " + ApiVersion.MINIMUM
            + ", the oldest volumes4j emulates; give 1.41 or newer");
      }
      this.apiVersion = v;
      return this;
    }

    /** The product version {@link #info()} reports; by default the Docker release of the API version. */
    public Builder version(String version) {
      this.version = Optional.of(requireNonNull(version, "version == null"));
      return this;
    }

    /** The clock for CreatedAt and mtimes. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /** Declares a further volume driver (it stores data in memory like {@code local}). */
    public Builder addDriver(String driver) {
      requireNonNull(driver, "driver == null");
      if (driver.isEmpty()) {
        throw new IllegalArgumentException("driver name is empty");
      }
      drivers.add(driver);
      return this;
    }

    /** Leaves out an optional feature, so that code paths for lesser engines can be tested. */
    public Builder without(EngineFeature feature) {
      without.add(requireNonNull(feature, "feature == null"));
      return this;
    }

    /** The engine. */
    public InMemoryEngine build() {
      return new InMemoryEngine(this);
    }
  }

  private static String dockerVersionFor(ApiVersion v) {
    return switch (v.toString()) {
      case "1.41" -> "20.10.24";
      case "1.42" -> "23.0.6";
      case "1.43" -> "24.0.9";
      case "1.44" -> "25.0.5";
      case "1.45" -> "26.0.2";
      case "1.46" -> "27.1.2";
      case "1.47" -> "27.5.1";
      case "1.48" -> "28.0.4";
      case "1.49" -> "28.1.1";
      case "1.50" -> "28.3.3";
      default -> "28.5.1";
    };
  }

  @Override
  public EngineInfo info() {
    return EngineInfo.builder().name("in-memory").version(version).apiVersion(apiVersion).os("linux").build();
  }

  @Override
  public boolean supports(EngineFeature feature) {
    return features.contains(feature);
  }

  boolean has(EngineFeature feature) {
    return features.contains(feature);
  }

  ApiVersion apiVersion() {
    return apiVersion;
  }

  Clock clock() {
    return clock;
  }

  // ---- volumes -------------------------------------------------------------------------------

  @Override
  public Volume createVolume(VolumeSpec spec) {
    checkOpen();
    requireNonNull(spec, "spec == null");
    synchronized (lock) {
      return createLocked(spec.name().orElse(""), spec.driver(), spec.labels(), spec.driverOptions(),
          !spec.labels().isEmpty(), !spec.driverOptions().isEmpty()).toVolume();
    }
  }

  /**
   * Creates a volume or returns the existing one; the caller holds the lock. {@code name} empty means
   * anonymous.
   */
  VolumeRecord createLocked(String name, String driver, Map<String, String> labels,
      Map<String, String> options, boolean labelsGiven, boolean optionsGiven) {
    boolean anonymous = name.isEmpty();
    String n = anonymous ? Names.randomId() : name;
    VolumeRecord existing = volumes.get(n);
    if (existing != null) {
      if (!drivers.contains(driver)) {
        throw VolumeRules.pluginNotFound(n, driver);
      }
      if (!existing.driver.equals(driver)) {
        throw new VolumeConflictException(n, "create " + n + ": driver '" + existing.driver + "' already has volume '"
            + n + "': volume name must be unique");
      }
      return existing;
    }
    if (!drivers.contains(driver)) {
      throw VolumeRules.pluginNotFound(n, driver);
    }
    VolumeRules.checkNew(n, driver, options);
    Map<String, String> l = null;
    if (labelsGiven || (anonymous && apiVersion.isAtLeast(ApiVersion.V1_42))) {
      l = new TreeMap<>(labels);
      if (anonymous && apiVersion.isAtLeast(ApiVersion.V1_42)) {
        l.put(ANONYMOUS_LABEL, "");
      }
      l = Map.copyOf(l);
    }
    Map<String, String> o = optionsGiven ? Map.copyOf(options) : null;
    OffsetDateTime created = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.SECONDS);
    Tree.Dir root = new Tree.Dir(0755, clock.millis());
    VolumeRecord r = new VolumeRecord(n, driver, l, o, created, anonymous, root);
    volumes.put(n, r);
    return r;
  }

  @Override
  public Volume inspectVolume(String name) {
    checkOpen();
    requireNonNull(name, "name == null");
    synchronized (lock) {
      VolumeRecord r = volumes.get(name);
      if (r == null) {
        throw new VolumeNotFoundException(name);
      }
      return r.toVolume();
    }
  }

  @Override
  public List<Volume> listVolumes(VolumeFilter filter) {
    checkOpen();
    requireNonNull(filter, "filter == null");
    List<java.util.function.Predicate<String>> names = VolumeRules.nameMatchers(filter.names());
    synchronized (lock) {
      List<Volume> out = new ArrayList<>();
      Map<String, Set<String>> refs = filter.dangling().isPresent() ? containers.refsLocked() : Map.of();
      for (VolumeRecord r : volumes.values()) {
        if (filter.dangling().isPresent() && filter.dangling().get() == refs.containsKey(r.name)) {
          continue;
        }
        if (!filter.drivers().isEmpty() && !filter.drivers().contains(r.driver)) {
          continue;
        }
        if (!names.isEmpty() && names.stream().noneMatch(p -> p.test(r.name))) {
          continue;
        }
        if (!filter.labels().stream().allMatch(l -> VolumeRules.labelMatches(r.labels, l))) {
          continue;
        }
        out.add(r.toVolume());
      }
      return out;
    }
  }

  @Override
  public void removeVolume(String name, boolean force) {
    checkOpen();
    requireNonNull(name, "name == null");
    synchronized (lock) {
      VolumeRecord r = volumes.get(name);
      if (r == null) {
        if (force) {
          return;
        }
        throw new VolumeNotFoundException(name);
      }
      Set<String> users = containers.refsLocked().get(name);
      if (users != null) {
        throw new VolumeInUseException(name, List.copyOf(users));
      }
      volumes.remove(name);
    }
  }

  @Override
  public PruneResult pruneVolumes(PruneOptions options) {
    checkOpen();
    requireNonNull(options, "options == null");
    // below 1.42 the daemon prunes named volumes anyway: all() prunes them, defaults() is refused
    options.requireSupportedBy(apiVersion);
    boolean v142 = apiVersion.isAtLeast(ApiVersion.V1_42);
    synchronized (lock) {
      Map<String, Set<String>> refs = containers.refsLocked();
      List<String> deleted = new ArrayList<>();
      long bytes = 0;
      for (VolumeRecord r : List.copyOf(volumes.values())) {
        if (!r.driver.equals("local") || (r.options != null && !r.options.isEmpty()) || refs.containsKey(r.name)) {
          continue;
        }
        if (v142 && !options.includeNamed() && (r.labels == null || !r.labels.containsKey(ANONYMOUS_LABEL))) {
          continue;
        }
        if (!options.labels().stream().allMatch(l -> VolumeRules.labelMatches(r.labels, l))) {
          continue;
        }
        // Docker keeps a volume only when it matches every label! filter (daemon/prune.go matchLabels)
        if (!options.labelsNot().isEmpty() && options.labelsNot().stream().allMatch(l -> VolumeRules.labelMatches(r.labels, l))) {
          continue;
        }
        bytes += Tree.size(r.root);
        volumes.remove(r.name);
        deleted.add(r.name);
      }
      return PruneResult.of(deleted, bytes);
    }
  }

  /**
   * Size and reference count of every volume, as {@code /system/df} reports them: bytes of file
   * content (hard links once), containers in any state that refer to the volume; volumes with driver
   * options are left out, as Docker 20.10 leaves them out.
   */
  @Override
  public Map<String, VolumeUsage> volumeUsage() {
    checkOpen();
    synchronized (lock) {
      Map<String, Set<String>> refs = containers.refsLocked();
      Map<String, VolumeUsage> out = new LinkedHashMap<>();
      for (VolumeRecord r : volumes.values()) {
        if (r.options != null && !r.options.isEmpty()) {
          continue;
        }
        out.put(r.name, VolumeUsage.of(Tree.size(r.root), refs.getOrDefault(r.name, Set.of()).size()));
      }
      return out;
    }
  }

  // ---- containers ----------------------------------------------------------------------------

  @Override
  public String createContainer(ContainerSpec spec) {
    checkOpen();
    return containers.create(requireNonNull(spec, "spec == null"));
  }

  @Override
  public void startContainer(String container) {
    checkOpen();
    containers.start(requireNonNull(container, "container == null"));
  }

  @Override
  public void stopContainer(String container, Duration timeout) {
    checkOpen();
    requireNonNull(timeout, "timeout == null");
    containers.stop(requireNonNull(container, "container == null"));
  }

  @Override
  public int waitContainer(String container) {
    checkOpen();
    return containers.await(requireNonNull(container, "container == null"));
  }

  @Override
  public void removeContainer(String container, boolean removeVolumes, boolean force) {
    checkOpen();
    containers.remove(requireNonNull(container, "container == null"), removeVolumes, force);
  }

  @Override
  public ContainerInfo inspectContainer(String container) {
    checkOpen();
    return containers.inspect(requireNonNull(container, "container == null"));
  }

  /** True: bind sources and bind devices are this JVM's files. */
  @Override
  public boolean sharesHostFiles() {
    return true;
  }

  /** Drivers this engine was not given, and directory mounts over files of the image. */
  @Override
  public List<io.github.volumes4j.MountProblem> problemsOf(io.github.volumes4j.ContainerSpec spec) {
    checkOpen();
    return containers.problemsOf(requireNonNull(spec, "spec == null"), drivers);
  }

  @Override
  public List<ContainerInfo> listContainers(Map<String, String> labels) {
    checkOpen();
    return containers.list(requireNonNull(labels, "labels == null"));
  }

  @Override
  public String logs(String container) {
    checkOpen();
    return containers.logs(requireNonNull(container, "container == null"));
  }

  /**
   * Runs a Java callback as a process in a running container: it sees the container's file system
   * through its mounts. Docker's {@code exec} refuses a container that is not running; so does this.
   *
   * <pre>{@code
   * engine.exec(id, fs -> fs.writeString("/data/ready", "yes"));
   * }</pre>
   */
  public void exec(String container, ContainerProcess process) {
    checkOpen();
    containers.exec(requireNonNull(container, "container == null"), requireNonNull(process, "process == null"));
  }

  /**
   * Makes containers of this image run a Java program when started: the container exits with the
   * program's exit code. Without a program a started container runs until it is stopped. An image of
   * that name that the engine does not have yet is made (empty), so a container can be created at once.
   *
   * <pre>{@code
   * engine.registerProgram("tool:1", (fs, command, out) -> { fs.writeString("/data/out.txt", "done"); return 0; });
   * String id = engine.createContainer(ContainerSpec.of("tool:1").withMounts(VolumeMount.of("data", "/data")));
   * }</pre>
   */
  public void registerProgram(String image, Program program) {
    checkOpen();
    containers.images().registerProgram(requireNonNull(image, "image == null"), requireNonNull(program, "program == null"));
  }

  // ---- archive -------------------------------------------------------------------------------

  /** A single-node swarm if built with {@link Builder#swarmManager()}; otherwise every call is Docker's 503. */
  @Override
  public io.github.volumes4j.spi.ServiceEngine services() {
    checkOpen();
    return swarm;
  }

  @Override
  public InputStream readArchive(String container, String path) {
    checkOpen();
    return archives.readArchive(requireNonNull(container, "container == null"), requireNonNull(path, "path == null"));
  }

  @Override
  public void writeArchive(String container, String directory, InputStream tar, boolean noOverwriteDirNonDir) {
    checkOpen();
    archives.writeArchive(requireNonNull(container, "container == null"),
        requireNonNull(directory, "directory == null"), requireNonNull(tar, "tar == null"), noOverwriteDirNonDir);
  }

  @Override
  public Optional<PathStat> statPath(String container, String path) {
    checkOpen();
    return archives.stat(requireNonNull(container, "container == null"), requireNonNull(path, "path == null"));
  }

  // ---- images --------------------------------------------------------------------------------

  @Override
  public void importImage(InputStream rootfs, String reference, Map<String, String> labels) {
    checkOpen();
    containers.images().importImage(requireNonNull(rootfs, "rootfs == null"), requireNonNull(reference, "reference == null"),
        requireNonNull(labels, "labels == null"));
  }

  /**
   * Registers an image with the given content; {@code content} receives an empty file system
   * to fill (as a {@link ContainerFiles} rooted at {@code /}).
   *
   * <pre>{@code
   * engine.registerImage("app:1", fs -> fs.writeString("/etc/app.conf", "port=8080"));
   * }</pre>
   */
  public void registerImage(String reference, ContainerProcess content) {
    checkOpen();
    containers.images().registerImage(requireNonNull(reference, "reference == null"), requireNonNull(content, "content == null"));
  }

  /**
   * Puts an image "in its registry": the engine does not have it yet, and pulling it (or creating a
   * container with the default {@link io.github.volumes4j.PullPolicy#MISSING}) brings it in, as
   * {@code docker run} pulls a missing image. Pulling an image not registered so is an
   * {@link io.github.volumes4j.ImageNotFoundException} that names this method.
   *
   * <pre>{@code
   * engine.registerRemoteImage("busybox:1.36", fs -> fs.writeString("/os-release", "NAME=fake"));
   * volumes.containers().create(ContainerSpec.of("busybox:1.36"));   // pulled, then created
   * }</pre>
   */
  public void registerRemoteImage(String reference, ContainerProcess content) {
    checkOpen();
    containers.images().registerRemoteImage(requireNonNull(reference, "reference == null"), requireNonNull(content, "content == null"));
  }

  /** Pulls an image registered with {@link #registerRemoteImage}, reporting the steps Docker reports. */
  @Override
  public void pullImage(String reference, java.util.function.Consumer<io.github.volumes4j.PullProgress> progress) {
    checkOpen();
    containers.images().pull(requireNonNull(reference, "reference == null"), requireNonNull(progress, "progress == null"));
  }

  @Override
  public boolean imageExists(String reference) {
    checkOpen();
    return containers.images().imageExists(requireNonNull(reference, "reference == null"));
  }

  /**
   * The references of its images, sorted by reference (it keeps no image sizes).
   *
   * <pre>{@code
   * assertThat(engine.listImages()).contains("volumes4j/busybox:test");
   * }</pre>
   */
  @Override
  public java.util.List<String> listImages() {
    checkOpen();
    return containers.images().listImages();
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** The containers, whether or not the engine is closed (for tests of what was left behind). */
  List<ContainerInfo> containersEvenIfClosed() {
    return containers.list(Map.of());
  }

  /**
   * As {@code DockerEngine} after {@link #close()}: {@link #info()} and {@link #supports} still
   * answer, every other call is refused with an {@link IllegalStateException}.
   */
  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the " + this + " is closed; build a new one");
    }
  }

  @Override
  public String toString() {
    return "InMemoryEngine[API " + apiVersion + "]";
  }
}
