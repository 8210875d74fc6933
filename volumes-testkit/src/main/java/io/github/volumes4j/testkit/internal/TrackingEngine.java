package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.EngineInfo;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An engine wrapper for the JUnit extension: labels what it creates with the session labels and
 * remembers, for each volume and container, the scope (test) and the stack frame that created it.
 * {@link #close()} does nothing: the extension owns the engine underneath.
 */
public final class TrackingEngine extends io.github.volumes4j.spi.ForwardingVolumeEngine {

  /** Something a test created. */
  public record Created(Kind kind, String id, String scope, String site) {}

  public enum Kind { VOLUME, CONTAINER }

  /** Where the library's own classes come from (core, testkit, the engine's module): frames there are not the site. */
  private final Set<String> libraryLocations;

  private final Map<String, String> sessionLabels;
  private final List<Created> created = new CopyOnWriteArrayList<>();
  private volatile String scope = "";

  public TrackingEngine(VolumeEngine delegate, Map<String, String> sessionLabels) {
    super(delegate);
    this.sessionLabels = Map.copyOf(sessionLabels);
    Set<String> locations = new java.util.HashSet<>();
    for (Class<?> c : List.of(VolumeEngine.class, TrackingEngine.class, delegate.getClass())) {
      location(c).ifPresent(locations::add);
    }
    this.libraryLocations = Set.copyOf(locations);
  }

  private static Optional<String> location(Class<?> c) {
    var source = c.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? Optional.empty() : Optional.of(source.getLocation().toString());
  }

  /** Everything created from now on belongs to this scope (a test's unique id). */
  public void scope(String scope) {
    this.scope = scope;
  }

  /** What was created in the scope and still exists. */
  public List<Created> leftovers(String inScope) {
    List<Created> out = new ArrayList<>();
    for (Created c : created) {
      if (c.scope().equals(inScope) && stillExists(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Forgets the things of a scope. */
  public void forget(String inScope) {
    created.removeIf(c -> c.scope().equals(inScope));
  }

  /** Forgets one thing (a temp volume kept on purpose, or removed by the extension). */
  public void forget(Kind kind, String id) {
    created.removeIf(c -> c.kind() == kind && c.id().equals(id));
  }

  private boolean stillExists(Created c) {
    try {
      if (c.kind() == Kind.VOLUME) {
        delegate().inspectVolume(c.id());
      } else {
        delegate().inspectContainer(c.id());
      }
      return true;
    } catch (VolumeNotFoundException | ContainerNotFoundException e) {
      return false;
    }
  }

  /** The first stack frame outside the library's own jars (or class directories) and the JDK. */
  String site() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames.filter(f -> {
      String cls = f.getClassName();
      if (location(f.getDeclaringClass()).map(libraryLocations::contains).orElse(false)) {
        return false;
      }
      return !cls.startsWith("java.") && !cls.startsWith("jdk.")
          && !cls.startsWith("sun.") && !cls.startsWith("org.junit.");
    }).findFirst().map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":"
        + f.getLineNumber() + ")").orElse("(unknown)"));
  }

  private void track(Kind kind, String id) {
    created.add(new Created(kind, id, scope, site()));
  }

  private boolean volumeExists(String name) {
    try {
      delegate().inspectVolume(name);
      return true;
    } catch (VolumeNotFoundException e) {
      return false;
    }
  }

  @Override
  public Volume createVolume(VolumeSpec spec) {
    boolean existed = spec.name().isPresent() && volumeExists(spec.name().get());
    Volume v = delegate().createVolume(VolumeSpec.builder().from(spec).putAllLabels(sessionLabels).build());
    if (!existed) {
      track(Kind.VOLUME, v.name());
    }
    return v;
  }

  @Override
  public String createContainer(ContainerSpec spec) {
    List<String> missingNamed = new ArrayList<>();
    List<MountSpec> mounts = new ArrayList<>();
    for (MountSpec m : spec.mounts()) {
      if (m instanceof VolumeMount v) {
        if (v.source().isPresent() && !volumeExists(v.source().get())) {
          missingNamed.add(v.source().get());
        }
        mounts.add(VolumeMount.builder().from(v).putAllLabels(sessionLabels).build());
      } else {
        mounts.add(m);
      }
    }
    String id = delegate().createContainer(ContainerSpec.builder().from(spec).mounts(mounts)
        .putAllLabels(sessionLabels).build());
    track(Kind.CONTAINER, id);
    missingNamed.forEach(n -> track(Kind.VOLUME, n));
    ContainerInfo info = delegate().inspectContainer(id);
    for (MountPoint m : info.mounts()) {
      for (MountSpec s : spec.mounts()) {
        if (s instanceof VolumeMount v && v.anonymous() && m.name().isPresent()
            && normalize(s.target()).equals(m.destination())) {
          track(Kind.VOLUME, m.name().get());
        }
      }
    }
    return id;
  }

  private static String normalize(String target) {
    String t = target.replaceAll("/+", "/");
    return t.length() > 1 && t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
  }

  /** Does nothing: the JUnit extension closes the engine underneath when the run ends. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "TrackingEngine[" + delegate() + "]";
  }
}
