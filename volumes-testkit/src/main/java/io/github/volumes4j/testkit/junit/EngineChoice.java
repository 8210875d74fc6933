package io.github.volumes4j.testkit.junit;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.spi.VolumeEngineProvider;
import io.github.volumes4j.testkit.InMemoryEngine;
import io.github.volumes4j.testkit.internal.TrackingEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which engine a test class gets ({@link VolumesTest#engine()}, else {@value VolumesExtension#ENGINE_PROPERTY}),
 * opened once per outermost class and closed with that class's store; the first use of a daemon in a
 * run sweeps what dead runs left ({@link Sessions#sweep}).
 */
final class EngineChoice {

  private static final Logger LOG = LoggerFactory.getLogger(VolumesExtension.class);
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EngineChoice.class);
  private static final Map<String, Boolean> SWEPT = new ConcurrentHashMap<>();

  private EngineChoice() {}

  /** The engine of a class, closed with the class's store. */
  private static final class Holder implements AutoCloseable {
    final TrackingEngine engine;

    Holder(TrackingEngine engine) {
      this.engine = engine;
    }

    @Override
    public void close() {
      engine.delegate().close();
    }
  }

  /** The outermost class context of a test (nested classes share their outer class's engine). */
  static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getParent().isPresent() && c.getParent().get().getTestClass().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  /**
   * The engine an invocation of a multi-engine class runs on, put in that invocation's store; its
   * engine is kept in the same store, so each invocation opens and closes its own.
   */
  record Selected(EngineKind kind, ExtensionContext owner) {}

  /** Marks an invocation of the class template as running on {@code kind}. */
  static void select(ExtensionContext invocation, EngineKind kind) {
    invocation.getStore(NS).put(Selected.class, new Selected(kind, invocation));
  }

  /** The tracking engine of the test: its run's (the class template invocation), else its outermost class's. */
  static TrackingEngine engine(ExtensionContext context) {
    if (aroundRuns(context)) {
      throw new ParameterResolutionException(context.getRequiredTestClass().getSimpleName() + " runs on several engines"
          + " (@VolumesTest(engines = ...)) and JUnit calls @BeforeAll and @AfterAll methods once around all runs,"
          + " where no engine is chosen: get the engine in @BeforeEach or in the test, or run on one engine"
          + " (@VolumesTest(engine = ...))");
    }
    Selected selected = context.getStore(NS).get(Selected.class, Selected.class);
    ExtensionContext owner = selected != null ? selected.owner() : classContext(context);
    EngineKind kind = selected != null ? selected.kind() : kind(owner);
    // keyed by the owner: a store also answers with what its parents hold, and one run must never get
    // the engine of another
    return owner.getStore(NS).getOrComputeIfAbsent(new HolderKey(owner.getUniqueId()), k -> new Holder(open(owner, kind)),
        Holder.class).engine;
  }

  private record HolderKey(String owner) {}

  /** The scope of the run or class around a test, where what is made outside tests is counted. */
  static String runScope(ExtensionContext context) {
    Selected selected = context.getStore(NS).get(Selected.class, Selected.class);
    return (selected != null ? selected.owner() : classContext(context)).getUniqueId();
  }

  /** The engine of the run around {@code context}, if one is chosen (a nested class template keeps it). */
  static Optional<EngineKind> selectedKind(ExtensionContext context) {
    return Optional.ofNullable(context.getStore(NS).get(Selected.class, Selected.class)).map(Selected::kind);
  }

  /**
   * Whether {@code context} is the level of a class that lists its engines ({@link VolumesTest#engines()}),
   * around all its runs: no engine is chosen there, the runs (class template invocations) each choose
   * theirs. A class with one engine is its own run: its level chooses the engine, as a plain class does.
   */
  static boolean aroundRuns(ExtensionContext context) {
    return selectedKind(context).isEmpty() && multi(context);
  }

  /** Whether the run of {@code context} is on Docker, which is not there and not required (its tests are skipped). */
  static boolean skippedForNoDaemon(ExtensionContext context) {
    return selectedKind(context).filter(k -> k == EngineKind.DOCKER).isPresent() && !DockerCondition.dockerRequired()
        && dockerUnavailable().isPresent();
  }

  /** Whether {@code context} is the invocation that chose its run's engine (not a nested template's). */
  static boolean ownsRun(ExtensionContext context) {
    Selected selected = context.getStore(NS).get(Selected.class, Selected.class);
    return selected != null && selected.owner().getUniqueId().equals(context.getUniqueId());
  }

  /** The engines a class runs on: {@link VolumesTest#engines()}, else its one {@link #kind}. */
  static java.util.List<EngineKind> kinds(ExtensionContext cls) {
    java.util.List<EngineKind> many = listed(cls);
    if (many.isEmpty()) {
      return java.util.List.of(kind(cls));
    }
    java.util.List<EngineKind> out = new ArrayList<>();
    for (EngineKind k : many) {
      EngineKind resolved = k == EngineKind.DEFAULT ? kind(cls) : k;
      if (!out.contains(resolved)) {
        out.add(resolved);
      }
    }
    return out;
  }

  /** Whether a class lists more than one engine ({@link VolumesTest#engines()}). */
  static boolean multi(ExtensionContext cls) {
    return !listed(cls).isEmpty();
  }

  /** The engines the class's {@code @VolumesTest(engines = ...)} lists, empty if it lists none. */
  private static java.util.List<EngineKind> listed(ExtensionContext cls) {
    return cls.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, VolumesTest.class))
        .map(a -> java.util.List.of(a.engines())).orElse(java.util.List.of());
  }

  /** Empty when Docker answers; else why not (probed once per JVM). */
  static Optional<String> dockerUnavailable() {
    return DockerCondition.probe();
  }

  static EngineKind kind(ExtensionContext cls) {
    EngineKind k = cls.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, VolumesTest.class))
        .map(VolumesTest::engine).orElse(EngineKind.DEFAULT);
    if (k != EngineKind.DEFAULT) {
      return k;
    }
    String p = cls.getConfigurationParameter(VolumesExtension.ENGINE_PROPERTY).orElse("memory").trim().toLowerCase(Locale.ROOT);
    return switch (p) {
      case "memory", "in-memory" -> EngineKind.MEMORY;
      case "docker" -> EngineKind.DOCKER;
      case "auto" -> EngineKind.AUTO;
      default -> throw new ExtensionConfigurationException(VolumesExtension.ENGINE_PROPERTY + "=" + p
          + " is not an engine; use memory, docker or auto");
    };
  }

  private static TrackingEngine open(ExtensionContext cls, EngineKind kind) {
    VolumeEngine engine;
    if (kind == EngineKind.MEMORY) {
      engine = memory(cls);
    } else {
      List<String> attempts = new ArrayList<>();
      Optional<VolumeEngine> docker = VolumeEngineProvider.named("docker").flatMap(p -> p.connect(attempts));
      if (docker.isPresent()) {
        engine = docker.get();
      } else if (kind == EngineKind.AUTO) {
        LOG.info("volumes4j: no Docker engine ({}); tests run in memory",
            attempts.isEmpty() ? "no VolumeEngineProvider named \"docker\" on the class path" : String.join(", ", attempts));
        engine = memory(cls);
      } else {
        throw new ExtensionConfigurationException("the test asks for the Docker engine (" + VolumesExtension.ENGINE_PROPERTY
            + "=docker or @VolumesTest(engine = DOCKER)) but none answered; tried: "
            + (attempts.isEmpty() ? "no VolumeEngineProvider named \"docker\" on the class path; add "
            + "io.github.volumes4j:volumes-docker" : String.join(", ", attempts))
            + ". " + DockerCondition.HOW_TO + " Or use engine memory or auto.");
      }
    }
    boolean sweep = cls.getConfigurationParameter(VolumesExtension.SWEEP_PROPERTY).map(Boolean::parseBoolean).orElse(true);
    if (sweep && !(engine instanceof InMemoryEngine) && SWEPT.putIfAbsent(engine.info().name(), true) == null) {
      List<String> removed = Sessions.sweep(engine);
      if (!removed.isEmpty()) {
        LOG.info("volumes4j: swept {} leftovers of dead test runs: {}", removed.size(), removed);
      }
    }
    return new TrackingEngine(engine, Sessions.currentLabels());
  }

  private static VolumeEngine memory(ExtensionContext cls) {
    Optional<String> api = cls.getConfigurationParameter(VolumesExtension.MEMORY_API_PROPERTY);
    if (api.isEmpty()) {
      return InMemoryEngine.dockerLike();
    }
    try {
      return InMemoryEngine.emulating(ApiVersion.parse(api.get().trim()));
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(VolumesExtension.MEMORY_API_PROPERTY + "=" + api.get() + ": " + e.getMessage(), e);
    }
  }
}
