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

  /** The tracking engine of the test's outermost class, opened on first use. */
  static TrackingEngine engine(ExtensionContext context) {
    ExtensionContext cls = classContext(context);
    return cls.getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(open(cls)), Holder.class).engine;
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

  private static TrackingEngine open(ExtensionContext cls) {
    EngineKind kind = kind(cls);
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
            + ". Start Docker, or use engine memory or auto.");
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
