package io.github.volumes4j.testkit.junit;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.testkit.internal.Names;
import io.github.volumes4j.testkit.internal.TrackingEngine;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TempVolume}s: created for a field or parameter, removed when their scope ends as their
 * {@link CleanupMode} says, when the scope's store closes (after all after-callbacks: see {@code Scope}).
 * As JUnit's {@code @TempDir}, a temp volume that cannot be removed fails the test, naming it and the
 * engine's reason; a kept one is reported (never swept by a later run:
 * it carries {@value Sessions#CLEANUP_LABEL}).
 */
final class TempVolumes {

  private static final Logger LOG = LoggerFactory.getLogger(VolumesExtension.class);
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TempVolumes.class);

  private TempVolumes() {}

  /** A temp volume and how it ends. */
  record Temp(String name, CleanupMode mode) {}

  /** The temp volumes of a scope (a test, or a class for static fields), created so far. */
  static List<Temp> of(ExtensionContext context) {
    Scope scope = context.getStore(NS).get(key(context), Scope.class);
    return scope == null ? List.of() : List.copyOf(scope.temps);
  }

  private static String key(ExtensionContext context) {
    return "temps:" + context.getUniqueId();
  }

  /**
   * The temp volumes of one scope, removed when JUnit closes the scope's store: after every after-callback
   * of every extension (the leak check's, and another extension's that stops containers using them, such
   * as Testcontainers' {@code @Container}, in whichever order they were declared), and before the engine
   * of the scope is closed (a store closes its values in reverse order of insertion; the engine was put
   * first). A volume that cannot be removed then fails the test or class, as {@code @TempDir} does.
   */
  private static final class Scope implements AutoCloseable {
    final TrackingEngine engine;
    final ExtensionContext context;
    final List<Temp> temps = new java.util.concurrent.CopyOnWriteArrayList<>();

    Scope(TrackingEngine engine, ExtensionContext context) {
      this.engine = engine;
      this.context = context;
    }

    @Override
    public void close() {
      List<String> failures = cleanUp(engine, context.getExecutionException().isEmpty(), temps, context);
      temps.clear();
      if (!failures.isEmpty()) {
        throw new AssertionError(String.join("\n", failures));
      }
    }
  }

  /** Creates the volumes of the {@code @TempVolume} fields (static ones for a class) and assigns them. */
  static void injectFields(TrackingEngine engine, Class<?> type, Object instance, ExtensionContext context) {
    for (Field f : annotatedFields(type, instance == null)) {
      TempVolume a = f.getAnnotation(TempVolume.class);
      Volume v = create(engine, a, context);
      try {
        f.setAccessible(true);
        f.set(instance, f.getType() == String.class ? v.name() : v);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new ExtensionConfigurationException("cannot assign @TempVolume field " + f.getName() + ": " + e, e);
      }
    }
  }

  /** Creates a temp volume for this scope. */
  static Volume create(TrackingEngine engine, TempVolume a, ExtensionContext context) {
    CleanupMode mode = mode(a, context);
    VolumeSpec.Builder b = VolumeSpec.builder().name("v4j-tmp-" + Names.randomId().substring(0, 12));
    for (String l : a.labels()) {
      int eq = l.indexOf('=');
      if (l.isEmpty() || eq == 0) {
        throw new ExtensionConfigurationException("@TempVolume label \"" + l + "\" has no key; write key=value");
      }
      b.putLabel(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
    }
    b.putLabel(Sessions.CLEANUP_LABEL, mode.name());
    Scope scope = context.getStore(NS).getOrComputeIfAbsent(key(context), k -> new Scope(engine, context), Scope.class);
    Volume v = engine.createVolume(b.build());
    scope.temps.add(new Temp(v.name(), mode));
    return v;
  }

  /**
   * Removes the scope's temp volumes that their mode says go; reports the kept ones.
   *
   * @return one line per volume that could not be removed (empty when all went)
   */
  private static List<String> cleanUp(TrackingEngine engine, boolean success, List<Temp> temps, ExtensionContext context) {
    List<String> failures = new ArrayList<>();
    for (Temp t : temps) {
      CleanupMode m = t.mode();
      if (m == CleanupMode.ALWAYS || (m == CleanupMode.ON_SUCCESS && success)) {
        try {
          engine.removeVolume(t.name(), true);
        } catch (VolumeNotFoundException gone) {
          // the test removed it itself
        } catch (VolumesException e) {
          failures.add("temp volume " + t.name() + " could not be removed: " + e.getMessage());
        }
      } else {
        context.publishReportEntry("volumes4j.kept", "temp volume " + t.name() + " kept (cleanup " + m + ")");
        LOG.info("volumes4j: temp volume {} kept (cleanup {})", t.name(), m);
      }
    }
    return failures;
  }

  static CleanupMode mode(TempVolume a, ExtensionContext context) {
    if (a.cleanup() != CleanupMode.DEFAULT) {
      return a.cleanup();
    }
    Optional<String> p = context.getConfigurationParameter(VolumesExtension.CLEANUP_MODE_PROPERTY);
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
      throw new ExtensionConfigurationException(VolumesExtension.CLEANUP_MODE_PROPERTY + "=" + p.get()
          + " is not a cleanup mode; use ALWAYS, ON_SUCCESS or NEVER");
    }
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
}
