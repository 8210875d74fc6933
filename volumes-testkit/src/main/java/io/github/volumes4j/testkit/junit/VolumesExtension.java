package io.github.volumes4j.testkit.junit;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.spi.VolumeEngineProvider;
import io.github.volumes4j.testkit.InMemoryEngine;
import io.github.volumes4j.testkit.internal.Names;
import io.github.volumes4j.testkit.internal.TrackingEngine;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JUnit 5 extension behind {@link VolumesTest} and {@link TempVolume}: picks the engine, injects
 * {@link Volumes} / {@link VolumeEngine}, creates and removes temp volumes, labels everything with
 * the session label, checks for leaks after each test and sweeps what dead runs left.
 *
 * <pre>{@code
 * @ExtendWith(VolumesExtension.class)   // or @VolumesTest
 * class MyTest { @Test void t(Volumes volumes) { ... } }
 * }</pre>
 *
 * <p>The leak check fails a test that leaves a volume or container it created (other than temp
 * volumes kept by their cleanup mode), naming the stack frame that created each, and then removes
 * them. Works with JUnit Jupiter 5.14 and 6.
 */
public final class VolumesExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, ParameterResolver {

  /** {@code memory} (default), {@code docker} or {@code auto}. */
  public static final String ENGINE_PROPERTY = "volumes4j.engine";
  /** The API version the in-memory engine emulates, for example {@code 1.41}; default the newest. */
  public static final String MEMORY_API_PROPERTY = "volumes4j.memory.api";
  /** The default {@link CleanupMode} of {@link TempVolume}: {@code ALWAYS} (default), {@code ON_SUCCESS}, {@code NEVER}. */
  public static final String CLEANUP_MODE_PROPERTY = "volumes4j.tempvolume.cleanup";
  /** {@code fail} (default), {@code warn} or {@code off}. */
  public static final String LEAK_CHECK_PROPERTY = "volumes4j.leakcheck";
  /** Whether the first use of an engine in a run sweeps dead sessions' leftovers: {@code true} (default). */
  public static final String SWEEP_PROPERTY = "volumes4j.sweep";

  private static final Logger LOG = LoggerFactory.getLogger(VolumesExtension.class);
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(VolumesExtension.class);
  private static final Map<String, Boolean> SWEPT = new ConcurrentHashMap<>();

  /** A temp volume and how it ends. */
  private record Temp(String name, CleanupMode mode) {}

  /** The engine of a class, closed with the class's store. */
  private static final class EngineHolder implements AutoCloseable {
    final TrackingEngine engine;

    EngineHolder(TrackingEngine engine) {
      this.engine = engine;
    }

    @Override
    public void close() {
      engine.delegate().close();
    }
  }

  // ---- engine ---------------------------------------------------------------------------------

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getParent().isPresent() && c.getParent().get().getTestClass().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  /** The tracking engine of the test's outermost class. */
  static TrackingEngine engine(ExtensionContext context) {
    ExtensionContext cls = classContext(context);
    return cls.getStore(NS).getOrComputeIfAbsent(EngineHolder.class, k -> new EngineHolder(open(cls)),
        EngineHolder.class).engine;
  }

  private static EngineKind kind(ExtensionContext cls) {
    EngineKind k = cls.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, VolumesTest.class))
        .map(VolumesTest::engine).orElse(EngineKind.DEFAULT);
    if (k != EngineKind.DEFAULT) {
      return k;
    }
    String p = cls.getConfigurationParameter(ENGINE_PROPERTY).orElse("memory").trim().toLowerCase(Locale.ROOT);
    return switch (p) {
      case "memory", "in-memory" -> EngineKind.MEMORY;
      case "docker" -> EngineKind.DOCKER;
      case "auto" -> EngineKind.AUTO;
      default -> throw new ExtensionConfigurationException(ENGINE_PROPERTY + "=" + p
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
      Optional<VolumeEngine> docker = docker(attempts);
      if (docker.isPresent()) {
        engine = docker.get();
      } else if (kind == EngineKind.AUTO) {
        LOG.info("volumes4j: no Docker engine ({}); tests run in memory",
            attempts.isEmpty() ? "no VolumeEngineProvider named \"docker\" on the class path" : String.join(", ", attempts));
        engine = memory(cls);
      } else {
        throw new ExtensionConfigurationException("the test asks for the Docker engine (" + ENGINE_PROPERTY
            + "=docker or @VolumesTest(engine = DOCKER)) but none answered; tried: "
            + (attempts.isEmpty() ? "no VolumeEngineProvider named \"docker\" on the class path; add "
            + "io.github.volumes4j:volumes-docker" : String.join(", ", attempts))
            + ". Start Docker, or use engine memory or auto.");
      }
    }
    boolean sweep = cls.getConfigurationParameter(SWEEP_PROPERTY).map(Boolean::parseBoolean).orElse(true);
    if (sweep && !(engine instanceof InMemoryEngine) && SWEPT.putIfAbsent(engine.info().name(), true) == null) {
      List<String> removed = Sessions.sweep(engine);
      if (!removed.isEmpty()) {
        LOG.info("volumes4j: swept {} leftovers of dead test runs: {}", removed.size(), removed);
      }
    }
    return new TrackingEngine(engine, Sessions.currentLabels());
  }

  private static VolumeEngine memory(ExtensionContext cls) {
    Optional<String> api = cls.getConfigurationParameter(MEMORY_API_PROPERTY);
    if (api.isEmpty()) {
      return InMemoryEngine.dockerLike();
    }
    try {
      return InMemoryEngine.emulating(ApiVersion.parse(api.get().trim()));
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(MEMORY_API_PROPERTY + "=" + api.get() + ": " + e.getMessage(), e);
    }
  }

  private static Optional<VolumeEngine> docker(List<String> attempts) {
    return VolumeEngineProvider.named("docker").flatMap(p -> p.connect(attempts));
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  @Override
  public void beforeAll(ExtensionContext context) {
    TrackingEngine engine = engine(context);
    engine.scope(context.getUniqueId());
    List<Temp> temps = new ArrayList<>();
    for (Field f : annotatedFields(context.getRequiredTestClass(), true)) {
      TempVolume a = f.getAnnotation(TempVolume.class);
      Volume v = createTemp(engine, a, context);
      set(f, null, v);
      temps.add(new Temp(v.name(), mode(a, context)));
    }
    context.getStore(NS).put("class-temps", temps);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    @SuppressWarnings("unchecked")
    List<Temp> temps = context.getStore(NS).get("class-temps", List.class);
    TrackingEngine engine = engine(context);
    String failure = finish(engine, context.getUniqueId(), temps == null ? List.of() : temps,
        context.getExecutionException().isEmpty(), context);
    if (failure != null) {
      throw new AssertionError(failure);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TrackingEngine engine = engine(context);
    engine.scope(context.getUniqueId());
    List<Temp> temps = temps(context);
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field f : annotatedFields(instance.getClass(), false)) {
        TempVolume a = f.getAnnotation(TempVolume.class);
        Volume v = createTemp(engine, a, context);
        set(f, instance, v);
        temps.add(new Temp(v.name(), mode(a, context)));
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TrackingEngine engine = engine(context);
    String failure = finish(engine, context.getUniqueId(), temps(context), context.getExecutionException().isEmpty(),
        context);
    engine.scope(classContext(context).getUniqueId());
    if (failure != null) {
      throw new AssertionError(failure);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Temp> temps(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NS);
    String key = "test-temps:" + context.getUniqueId();
    return store.getOrComputeIfAbsent(key, k -> new ArrayList<Temp>(), List.class);
  }

  /** Leak check, leftover removal and temp volume cleanup; returns the failure message or null. */
  private static String finish(TrackingEngine engine, String scope, List<Temp> temps, boolean success,
      ExtensionContext context) {
    List<String> tempNames = temps.stream().map(Temp::name).toList();
    List<TrackingEngine.Created> leaks = engine.leftovers(scope).stream()
        .filter(c -> !(c.kind() == TrackingEngine.Kind.VOLUME && tempNames.contains(c.id()))).toList();
    // containers first: they hold volumes
    for (TrackingEngine.Created c : leaks) {
      if (c.kind() == TrackingEngine.Kind.CONTAINER) {
        quietly(() -> engine.removeContainer(c.id(), true, true));
      }
    }
    for (TrackingEngine.Created c : leaks) {
      if (c.kind() == TrackingEngine.Kind.VOLUME) {
        quietly(() -> engine.removeVolume(c.id(), true));
      }
    }
    for (Temp t : temps) {
      CleanupMode m = t.mode();
      if (m == CleanupMode.ALWAYS || (m == CleanupMode.ON_SUCCESS && success)) {
        quietly(() -> engine.removeVolume(t.name(), true));
      } else {
        context.publishReportEntry("volumes4j.kept", "temp volume " + t.name() + " kept (cleanup " + m + ")");
        LOG.info("volumes4j: temp volume {} kept (cleanup {})", t.name(), m);
      }
    }
    engine.forget(scope);
    temps.clear();
    String check = context.getConfigurationParameter(LEAK_CHECK_PROPERTY).orElse("fail").trim().toLowerCase(Locale.ROOT);
    if (leaks.isEmpty() || check.equals("off")) {
      return null;
    }
    StringBuilder sb = new StringBuilder("Expecting ").append(context.getDisplayName())
        .append(" to remove what it created, but it left ").append(leaks.size()).append(leaks.size() == 1 ? " thing" : " things")
        .append(" (now removed):");
    for (TrackingEngine.Created c : leaks) {
      sb.append("\n  ").append(c.kind() == TrackingEngine.Kind.VOLUME ? "volume " : "container ").append(c.id())
          .append(" created at ").append(c.site());
    }
    sb.append("\nRemove them in the test, use @TempVolume, or set ").append(LEAK_CHECK_PROPERTY).append("=warn.");
    if (check.equals("warn")) {
      LOG.warn(sb.toString());
      return null;
    }
    return sb.toString();
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (VolumesException e) {
      LOG.warn("volumes4j cleanup: {}", e.getMessage());
    }
  }

  // ---- temp volumes ---------------------------------------------------------------------------

  private static CleanupMode mode(TempVolume a, ExtensionContext context) {
    if (a.cleanup() != CleanupMode.DEFAULT) {
      return a.cleanup();
    }
    Optional<String> p = context.getConfigurationParameter(CLEANUP_MODE_PROPERTY);
    if (p.isEmpty()) {
      return CleanupMode.ALWAYS;
    }
    try {
      CleanupMode m = CleanupMode.valueOf(p.get().trim().toUpperCase(Locale.ROOT));
      if (m == CleanupMode.DEFAULT) {
        throw new IllegalArgumentException("DEFAULT");
      }
      return m;
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(CLEANUP_MODE_PROPERTY + "=" + p.get()
          + " is not a cleanup mode; use ALWAYS, ON_SUCCESS or NEVER");
    }
  }

  private static Volume createTemp(TrackingEngine engine, TempVolume a, ExtensionContext context) {
    VolumeSpec.Builder b = VolumeSpec.builder().name("v4j-tmp-" + Names.randomId().substring(0, 12));
    for (String l : a.labels()) {
      int eq = l.indexOf('=');
      if (l.isEmpty() || eq == 0) {
        throw new ExtensionConfigurationException("@TempVolume label \"" + l + "\" has no key; write key=value");
      }
      b.putLabel(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
    }
    return engine.createVolume(b.build());
  }

  private static List<Field> annotatedFields(Class<?> testClass, boolean statics) {
    List<Field> out = new ArrayList<>();
    for (Field f : AnnotationSupport.findAnnotatedFields(testClass, TempVolume.class,
        f -> Modifier.isStatic(f.getModifiers()) == statics, HierarchyTraversalMode.TOP_DOWN)) {
      if (Modifier.isFinal(f.getModifiers())) {
        throw new ExtensionConfigurationException("@TempVolume field [" + f.getDeclaringClass().getSimpleName() + "."
            + f.getName() + "] must not be final: the extension assigns it");
      }
      if (f.getType() != Volume.class && f.getType() != String.class) {
        throw new ExtensionConfigurationException("@TempVolume field [" + f.getDeclaringClass().getSimpleName() + "."
            + f.getName() + "] is a " + f.getType().getName() + "; declare it as io.github.volumes4j.Volume or String");
      }
      out.add(f);
    }
    return out;
  }

  private static void set(Field f, Object instance, Volume v) {
    try {
      f.setAccessible(true);
      f.set(instance, f.getType() == String.class ? v.name() : v);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExtensionConfigurationException("cannot assign @TempVolume field " + f.getName() + ": " + e, e);
    }
  }

  // ---- parameters -----------------------------------------------------------------------------

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext context) {
    Parameter p = pc.getParameter();
    if (pc.isAnnotated(TempVolume.class)) {
      if (p.getType() != Volume.class && p.getType() != String.class) {
        throw new ParameterResolutionException("@TempVolume parameter [" + p.getName() + "] is a "
            + p.getType().getName() + "; declare it as io.github.volumes4j.Volume or String");
      }
      if (pc.getDeclaringExecutable() instanceof java.lang.reflect.Constructor) {
        throw new ParameterResolutionException("@TempVolume is not supported on constructor parameters; "
            + "use a field or a test method parameter");
      }
      return true;
    }
    return p.getType() == Volumes.class || p.getType() == VolumeEngine.class;
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext context) {
    TrackingEngine engine = engine(context);
    Class<?> type = pc.getParameter().getType();
    if (pc.isAnnotated(TempVolume.class)) {
      TempVolume a = pc.findAnnotation(TempVolume.class).orElseThrow();
      if (context.getTestMethod().isEmpty()) {
        throw new ParameterResolutionException("@TempVolume parameters are resolved for test methods only");
      }
      Volume v = createTemp(engine, a, context);
      temps(context).add(new Temp(v.name(), mode(a, context)));
      return type == String.class ? v.name() : v;
    }
    return type == Volumes.class ? Volumes.using(engine) : engine;
  }
}
