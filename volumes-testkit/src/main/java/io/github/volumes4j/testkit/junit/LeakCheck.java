package io.github.volumes4j.testkit.junit;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.InMemoryEngine;
import io.github.volumes4j.testkit.internal.TrackingEngine;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a test (or a class): what it created and left, temp volumes aside, is removed (containers
 * first, they hold volumes) and, as {@value VolumesExtension#LEAK_CHECK_PROPERTY} says, fails the test
 * naming where each was created, is logged, or is let go.
 */
final class LeakCheck {

  private static final Logger LOG = LoggerFactory.getLogger(VolumesExtension.class);

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);

  private LeakCheck() {}

  /** What the in-memory engine holds when a scope starts (it is the class's own: a difference is the scope's). */
  private record Snapshot(Set<String> volumes, Set<String> containers) {}

  /**
   * Remembers the in-memory engine's volumes and containers, so that what a test makes through the
   * {@code InMemoryEngine} it was given (not through the tracking engine) is found too.
   */
  static void snapshot(TrackingEngine engine, ExtensionContext context) {
    if (engine.delegate() instanceof InMemoryEngine raw) {
      context.getStore(NS).put(context.getUniqueId(), new Snapshot(volumes(raw), containers(raw)));
    }
  }

  /** The volumes, temp volumes aside (their ends are TempVolumes' business, kept ones included). */
  private static Set<String> volumes(VolumeEngine e) {
    return e.listVolumes(VolumeFilter.all()).stream().filter(v -> !v.labels().containsKey(Sessions.CLEANUP_LABEL))
        .map(Volume::name).collect(Collectors.toSet());
  }

  private static Set<String> containers(VolumeEngine e) {
    return e.listContainers(java.util.Map.of()).stream().map(ContainerInfo::id).collect(Collectors.toSet());
  }

  /** Removes the scope's leftovers; returns the failure message, or null when there is none to raise. */
  static String check(TrackingEngine engine, String scope, Set<String> tempVolumes, ExtensionContext context) {
    List<TrackingEngine.Created> leaks = new java.util.ArrayList<>(engine.leftovers(scope).stream()
        .filter(c -> !(c.kind() == TrackingEngine.Kind.VOLUME && tempVolumes.contains(c.id()))).toList());
    Snapshot before = context.getStore(NS).remove(context.getUniqueId(), Snapshot.class);
    if (before != null) {
      Set<String> known = leaks.stream().map(TrackingEngine.Created::id).collect(Collectors.toSet());
      String untracked = "(made through the InMemoryEngine parameter: the line is not known)";
      for (String c : containers(engine.delegate())) {
        if (!before.containers().contains(c) && !known.contains(c)) {
          leaks.add(new TrackingEngine.Created(TrackingEngine.Kind.CONTAINER, c, scope, untracked));
        }
      }
      for (String v : volumes(engine.delegate())) {
        if (!before.volumes().contains(v) && !known.contains(v) && !tempVolumes.contains(v)) {
          leaks.add(new TrackingEngine.Created(TrackingEngine.Kind.VOLUME, v, scope, untracked));
        }
      }
    }
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
    String mode = context.getConfigurationParameter(VolumesExtension.LEAK_CHECK_PROPERTY).orElse("fail").trim()
        .toLowerCase(Locale.ROOT);
    if (leaks.isEmpty() || mode.equals("off")) {
      return null;
    }
    String message = "Expecting " + context.getDisplayName() + " to remove what it created, but it left " + leaks.size()
        + (leaks.size() == 1 ? " thing" : " things") + " (now removed):"
        + leaks.stream().map(c -> "\n  " + (c.kind() == TrackingEngine.Kind.VOLUME ? "volume " : "container ") + c.id()
            + " created at " + c.site()).collect(Collectors.joining())
        + "\nRemove them in the test, use @TempVolume, or set " + VolumesExtension.LEAK_CHECK_PROPERTY + "=warn.";
    if (mode.equals("warn")) {
      LOG.warn(message);
      return null;
    }
    return message;
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (VolumesException e) {
      LOG.warn("volumes4j cleanup: {}", e.getMessage());
    }
  }
}
