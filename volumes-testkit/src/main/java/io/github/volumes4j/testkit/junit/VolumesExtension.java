package io.github.volumes4j.testkit.junit;

import io.github.volumes4j.Volume;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.internal.TrackingEngine;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
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

  // ---- lifecycle ------------------------------------------------------------------------------

  @Override
  public void beforeAll(ExtensionContext context) {
    TrackingEngine engine = EngineChoice.engine(context);
    engine.scope(context.getUniqueId());
    TempVolumes.injectFields(engine, context.getRequiredTestClass(), null, context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    finish(context, context.getUniqueId());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TrackingEngine engine = EngineChoice.engine(context);
    engine.scope(context.getUniqueId());
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      TempVolumes.injectFields(engine, instance.getClass(), instance, context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      finish(context, context.getUniqueId());
    } finally {
      EngineChoice.engine(context).scope(EngineChoice.classContext(context).getUniqueId());
    }
  }

  /** The end of a scope: the leak check (temp volumes aside), then the temp volumes as their modes say. */
  private static void finish(ExtensionContext context, String scope) {
    TrackingEngine engine = EngineChoice.engine(context);
    Set<String> temps = TempVolumes.of(context).stream().map(TempVolumes.Temp::name).collect(Collectors.toSet());
    String leak = LeakCheck.check(engine, scope, temps, context);
    List<String> notRemoved = TempVolumes.cleanUp(engine, context.getExecutionException().isEmpty(), context);
    engine.forget(scope);
    List<String> problems = new ArrayList<>(notRemoved);
    if (leak != null) {
      problems.add(0, leak);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
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
    TrackingEngine engine = EngineChoice.engine(context);
    Class<?> type = pc.getParameter().getType();
    if (pc.isAnnotated(TempVolume.class)) {
      if (context.getTestMethod().isEmpty()) {
        throw new ParameterResolutionException("@TempVolume parameters are resolved for test methods only");
      }
      Volume v = TempVolumes.create(engine, pc.findAnnotation(TempVolume.class).orElseThrow(), context);
      return type == String.class ? v.name() : v;
    }
    return type == Volumes.class ? Volumes.using(engine) : engine;
  }
}
