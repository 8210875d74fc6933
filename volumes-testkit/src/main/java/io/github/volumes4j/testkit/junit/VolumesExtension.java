package io.github.volumes4j.testkit.junit;

import io.github.volumes4j.Volume;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.internal.TrackingEngine;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link VolumesTest} and {@link TempVolume}: picks the engine
 * ({@code EngineChoice}), injects {@link Volumes} / {@link VolumeEngine}, creates and removes temp
 * volumes ({@code TempVolumes}), labels everything with the session label, checks for leaks after each
 * test ({@code LeakCheck}) and sweeps what dead runs left ({@link Sessions}).
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
    AfterEachCallback, ParameterResolver, ClassTemplateInvocationContextProvider,
    BeforeClassTemplateInvocationCallback, AfterClassTemplateInvocationCallback, ExecutionCondition {

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

  // ---- one run per engine ---------------------------------------------------------------------

  /** Every {@link VolumesTest} class is a class template: one run per engine it lists (one by default). */
  @Override
  public boolean supportsClassTemplate(ExtensionContext context) {
    return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, VolumesTest.class)).isPresent();
  }

  @Override
  public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
    Optional<EngineKind> outer = EngineChoice.selectedKind(context);
    if (outer.isPresent()) {
      // a @VolumesTest class nested in another runs once, on the engine of the run around it
      return Stream.of(new EngineRun(outer.get(), false, false));
    }
    boolean multi = EngineChoice.multi(context);
    // a class with one engine chooses it at its own level (beforeAll, as a plain class), so its @BeforeAll
    // methods and static temp volumes have it; a class that lists engines chooses one per run
    return EngineChoice.kinds(context).stream().map(kind -> new EngineRun(kind, multi, multi));
  }

  /**
   * One run of a class on one engine, reported as {@code [memory]}, {@code [docker]} or {@code [auto]}.
   * {@code selects} is false for a nested class template, which keeps the engine of its outer run.
   */
  private record EngineRun(EngineKind kind, boolean multi, boolean selects) implements ClassTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
      return "[" + kind.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }

    @Override
    public void prepareInvocation(ExtensionContext context) {
      if (selects) {
        EngineChoice.select(context, kind);
      }
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      if (!multi || kind != EngineKind.DOCKER) {
        return List.of();
      }
      // a class that lists several engines runs on Docker where a daemon is, and says why not elsewhere
      return List.of((ExecutionCondition) c -> {
        if (DockerCondition.dockerRequired()) {
          return ConditionEvaluationResult.enabled("Docker is required");
        }
        return new DockerCondition().evaluateExecutionCondition(c);
      });
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  // A @VolumesTest class is a class template: JUnit calls beforeAll/afterAll once around all its runs and
  // beforeClassTemplateInvocation/afterClassTemplateInvocation around each run. A class with one engine
  // does its class-level work (engine, static temp volumes, leak check of the class) in beforeAll/afterAll;
  // a class that lists engines does it in each run, and has no engine around the runs.

  // The class-level work starts when JUnit asks whether the class runs, before any extension's beforeAll:
  // so static temp volumes exist before another extension starts containers that mount them (Testcontainers
  // starts static @Container fields in its beforeAll), whichever extension the class declares first. A
  // failure there is kept and thrown from beforeAll: a class that another condition skips reports nothing.

  /** Starts the class-level work of a class (not of a class template's runs); always enabled. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty() && context.getTestClass().isPresent() && !EngineChoice.aroundRuns(context)
        && !isRun(context) && context.getStore(RUNS).get(startKey(context)) == null) {
      Object outcome;
      try {
        startClass(context);
        outcome = Boolean.TRUE;
      } catch (RuntimeException | AssertionError e) {
        outcome = e;
      }
      context.getStore(RUNS).put(startKey(context), outcome);
    }
    return ConditionEvaluationResult.enabled("volumes4j: the engine and the class's temp volumes are ready");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (EngineChoice.aroundRuns(context)) {
      return;
    }
    Object started = context.getStore(RUNS).get(startKey(context));
    if (started instanceof RuntimeException e) {
      throw e;
    }
    if (started instanceof AssertionError e) {
      throw e;
    }
    if (started == null) {
      startClass(context);
      context.getStore(RUNS).put(startKey(context), Boolean.TRUE);
    }
  }

  private static String startKey(ExtensionContext context) {
    return "started:" + context.getUniqueId();
  }

  /** A class template's invocation: its work is done by the template (one engine) or the run callbacks. */
  private static boolean isRun(ExtensionContext context) {
    String id = context.getUniqueId();
    return id.substring(id.lastIndexOf("/[") + 2).startsWith("class-template-invocation:");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!EngineChoice.aroundRuns(context)) {
      finish(context, context.getUniqueId());
    }
  }

  @Override
  public void beforeClassTemplateInvocation(ExtensionContext context) {
    // a Docker run without a daemon opens nothing: its tests are skipped by the run's condition, which JUnit
    // asks after this callback
    if (EngineChoice.ownsRun(context) && !EngineChoice.skippedForNoDaemon(context)) {
      startClass(context);
      context.getStore(RUNS).put(context.getUniqueId(), Boolean.TRUE);
    }
  }

  @Override
  public void afterClassTemplateInvocation(ExtensionContext context) {
    if (context.getStore(RUNS).remove(context.getUniqueId()) != null) {
      finish(context, context.getUniqueId());
    }
  }

  private static final ExtensionContext.Namespace RUNS = ExtensionContext.Namespace.create(VolumesExtension.class, "runs");

  private static void startClass(ExtensionContext context) {
    TrackingEngine engine = EngineChoice.engine(context);
    engine.scope(context.getUniqueId());
    LeakCheck.snapshot(engine, context);
    TempVolumes.injectFields(engine, context.getRequiredTestClass(), null, context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TrackingEngine engine = EngineChoice.engine(context);
    engine.scope(context.getUniqueId());
    LeakCheck.snapshot(engine, context);
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      TempVolumes.injectFields(engine, instance.getClass(), instance, context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      finish(context, context.getUniqueId());
    } finally {
      EngineChoice.engine(context).scope(EngineChoice.runScope(context));
    }
  }

  /** The end of a scope: the leak check (temp volumes aside; they are removed when the scope's store closes). */
  private static void finish(ExtensionContext context, String scope) {
    TrackingEngine engine = EngineChoice.engine(context);
    Set<String> temps = TempVolumes.of(context).stream().map(TempVolumes.Temp::name).collect(Collectors.toSet());
    String leak = LeakCheck.check(engine, scope, temps, context);
    engine.forget(scope);
    // the scope's temp volumes go when its store closes, after every extension's after-callbacks
    if (leak != null) {
      throw new AssertionError(leak);
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
    if (p.getType() == Volumes.class || p.getType() == VolumeEngine.class) {
      return true;
    }
    if (VolumeEngine.class.isAssignableFrom(p.getType())) {
      VolumeEngine raw = EngineChoice.engine(context).delegate();
      if (!p.getType().isInstance(raw)) {
        throw new ParameterResolutionException("parameter [" + p.getName() + "] is a " + p.getType().getSimpleName()
            + ", but this test runs on " + raw.getClass().getSimpleName() + " (" + raw.info().name() + "); ask for"
            + " VolumeEngine or Volumes to run on any engine, or choose the engine with @VolumesTest(engine = ...)");
      }
      return true;
    }
    return false;
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext context) {
    TrackingEngine engine = EngineChoice.engine(context);
    Class<?> type = pc.getParameter().getType();
    if (pc.isAnnotated(TempVolume.class)) {
      if (context.getTestMethod().isEmpty()) {
        throw new ParameterResolutionException("@TempVolume parameters are resolved for test methods only");
      }
      Volume v = TempVolumes.create(engine, pc.findAnnotation(TempVolume.class).orElseThrow(), context);
      return type == String.class ? v.name() : v;
    }
    if (type == Volumes.class) {
      return Volumes.using(engine);
    }
    // VolumeEngine gets the tracking engine (session labels, creation sites); the engine's own type gets
    // the engine itself (InMemoryEngine in memory: registerImage, registerProgram, exec), still leak-checked
    return type == VolumeEngine.class ? engine : engine.delegate();
  }
}
