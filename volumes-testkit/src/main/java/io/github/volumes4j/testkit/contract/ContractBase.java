package io.github.volumes4j.testkit.contract;

import java.io.ByteArrayInputStream;
import io.github.volumes4j.VolumeMount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.InvalidVolumeSpecException;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.spi.VolumeEngine;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fixtures shared by the scenario classes. */
abstract class ContractBase {

  /** The label on everything the contract creates. */
  public static final String TEST_LABEL = "io.github.volumes4j.test";
  /** The label Docker 23+ (API 1.42) puts on anonymous volumes. */
  static final String ANON_LABEL = "com.docker.volume.anonymous";

  protected abstract VolumeEngine createEngine();

  protected VolumeEngine engine;
  /** Unique per scenario: prefix of names and value of {@link #TEST_LABEL}. */
  protected String run;
  protected ApiVersion api;
  private final Set<String> createdVolumes = new LinkedHashSet<>();
  private final List<String> createdContainers = new ArrayList<>();

  @BeforeEach
  final void startEngine() {
    engine = createEngine();
    api = engine.info().apiVersion();
    run = "v4jc" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @AfterEach
  final void cleanUp() {
    try {
      // Newest first: a container that mounts another's anonymous volume by name goes before the
      // creator, whose "rm -v" then finds the volume unused and removes it (else it is left behind).
      List<String> newestFirst = new ArrayList<>(createdContainers);
      Collections.reverse(newestFirst);
      for (String id : newestFirst) {
        try {
          engine.removeContainer(id, true, true);
        } catch (VolumesException e) {
          // already gone
        }
      }
      if (engine.supports(EngineFeature.CONTAINERS)) {
        for (var c : engine.listContainers(Map.of(TEST_LABEL, run))) {
          engine.removeContainer(c.id(), true, true);
        }
      }
      for (String v : createdVolumes) {
        engine.removeVolume(v, true);
      }
      for (Volume v : engine.listVolumes(VolumeFilter.label(TEST_LABEL, run))) {
        engine.removeVolume(v.name(), true);
      }
    } finally {
      engine.close();
    }
  }

  protected final boolean atLeast(ApiVersion v) {
    return api.isAtLeast(v);
  }

  protected final void requireApi(ApiVersion v, String what) {
    assumeTrue(atLeast(v), what + " needs API " + v + "; engine speaks " + api);
  }

  protected final void require(EngineFeature f) {
    assumeTrue(engine.supports(f), "engine lacks " + f);
  }

  /** A unique volume name for this scenario. */
  protected final String name(String suffix) {
    return run + "-" + suffix;
  }

  /** A spec of a unique, labelled named volume. */
  protected final VolumeSpec spec(String suffix) {
    return VolumeSpec.named(name(suffix)).label(TEST_LABEL, run);
  }

  protected final Volume create(VolumeSpec spec) {
    Volume v = engine.createVolume(spec);
    createdVolumes.add(v.name());
    return v;
  }

  /** Removes a volume of this name after the scenario (for volumes an engine creates on its own). */
  protected final void track(String volume) {
    createdVolumes.add(volume);
  }

  protected final Volume create(String suffix) {
    return create(spec(suffix));
  }

  /** Names of this scenario's volumes (by label) matching more filters. */
  protected final List<String> listNames(Consumer<VolumeFilter.Builder> more) {
    VolumeFilter.Builder b = VolumeFilter.builder().addLabel(TEST_LABEL + "=" + run);
    more.accept(b);
    return engine.listVolumes(b.build()).stream().map(Volume::name).toList();
  }

  /**
   * Prunes this scenario's volumes. A daemon runs one prune at a time and refuses a second with
   * "a prune operation is already running": on a shared daemon the scenario waits its turn.
   */
  protected final PruneResult prune(PruneOptions options) {
    PruneOptions mine = PruneOptions.builder().from(options).addLabel(TEST_LABEL + "=" + run).build();
    for (int attempt = 0; ; attempt++) {
      try {
        return engine.pruneVolumes(mine);
      } catch (VolumesException e) {
        if (attempt >= 100 || e.getMessage() == null || !e.getMessage().contains("a prune operation is already running")) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Prune options for "the anonymous volumes of this scenario": {@link PruneOptions#defaults()} from API
   * 1.42; below, where the daemon cannot prune anonymous volumes only and engines refuse
   * {@code defaults()}, {@link PruneOptions#all()} (scenarios using it create only anonymous volumes, and
   * {@link #prune} adds the run's label).
   */
  protected final PruneOptions anonymousOnly() {
    return atLeast(ApiVersion.V1_42) ? PruneOptions.defaults() : PruneOptions.all();
  }

  /** A labelled container spec of the busybox image. */
  protected final ContainerSpec.Builder busybox() {
    require(EngineFeature.CONTAINERS);
    ContractImages.ensure(engine);
    // no network: the scenarios need none, and a daemon without a working bridge still runs them
    return ContainerSpec.builder().image(ContractImages.BUSYBOX).addCommand("sleep", "3600").network("none")
        .putLabel(TEST_LABEL, run);
  }

  /** A labelled container spec of the content image (create only: it has no programs). */
  protected final ContainerSpec.Builder content() {
    require(EngineFeature.CONTAINERS);
    ContractImages.ensure(engine);
    return ContainerSpec.builder().image(ContractImages.CONTENT).addCommand("none").network("none")
        .putLabel(TEST_LABEL, run);
  }

  protected final String createContainer(ContainerSpec spec) {
    String id = engine.createContainer(spec);
    createdContainers.add(id);
    return id;
  }

  protected final String createContainer(ContainerSpec.Builder spec) {
    return createContainer(spec.build());
  }

  protected final String started(ContainerSpec.Builder spec) {
    require(EngineFeature.RUN_PROCESSES);
    String id = createContainer(spec);
    engine.startContainer(id);
    return id;
  }

  protected final void stop(String id) {
    engine.stopContainer(id, Duration.ZERO);
  }

  /** Whether the volume exists. */
  protected final boolean exists(String volume) {
    try {
      engine.inspectVolume(volume);
      return true;
    } catch (VolumeNotFoundException e) {
      return false;
    }
  }

  static void assertCreatedAtIsDockers(Volume v) {
    assertThat(v.createdAt()).isPresent();
    OffsetDateTime t = v.createdAt().get();
    assertThat(t.getNano()).as("Docker's CreatedAt has whole seconds").isZero();
    assertThat(t.toInstant()).isBetween(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5).toInstant(),
        OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5).toInstant());
  }

  static String invalidNameMessage(String n) {
    return "create " + n + ": \"" + n + "\" includes invalid characters for a local volume name, only "
        + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path";
  }

  static void assertNotFound(Runnable r, String name) {
    assertThatThrownBy(r::run).isExactlyInstanceOf(VolumeNotFoundException.class)
        .hasMessage("get " + name + ": no such volume");
  }

  static void assertInvalid(Runnable r, String message) {
    assertThatThrownBy(r::run).isExactlyInstanceOf(InvalidVolumeSpecException.class).hasMessage(message);
  }

  static void assertInUse(Runnable r, String name, String... ids) {
    assertThatThrownBy(r::run).isExactlyInstanceOf(VolumeInUseException.class)
        .satisfies(e -> assertThat(((VolumeInUseException) e).containerIds()).containsExactlyInAnyOrder(ids))
        .satisfies(e -> assertThat(((VolumeInUseException) e).name()).isEqualTo(name))
        .hasMessageStartingWith("remove " + name + ": volume is in use - [");
    if (ids.length == 1) {
      assertThatThrownBy(r::run).hasMessage("remove " + name + ": volume is in use - [" + ids[0] + "]");
    }
  }

  static void assertEngineError(Runnable r, int status, String message) {
    assertThatThrownBy(r::run).isInstanceOf(EngineException.class).hasMessage(message)
        .satisfies(e -> assertThat(((EngineException) e).status()).hasValue(status));
  }

  // ---- archive helpers ----------------------------------------------------------------------

  protected final String contentWith(String volume, String target, boolean noCopy) {
    return createContainer(content().addMount(VolumeMount.of(volume, target).withNoCopy(noCopy)));
  }

  /** A created busybox container with the volume at /data. */
  protected final String holder(String volume) {
    require(EngineFeature.ARCHIVE);
    return createContainer(busybox().addMount(VolumeMount.of(volume, "/data")));
  }

  /** A holder of a new volume {@code a} at /data that holds {@code f.txt} ("x"). */
  protected final String holderWithFile() {
    create("a");
    String h = holder(name("a"));
    write(h, "/data", oneFile("f.txt", "x"));
    return h;
  }

  protected final Map<String, TarEntries.Entry> read(String container, String path) {
    return TarEntries.read(engine.readArchive(container, path));
  }

  protected final void write(String container, String dir, byte[] tar) {
    engine.writeArchive(container, dir, new ByteArrayInputStream(tar), false);
  }

  protected static byte[] oneFile(String name, String content) {
    return ContractImages.tar(t -> ContractImages.file(t, name, content, 0644, 0, 0));
  }

}
