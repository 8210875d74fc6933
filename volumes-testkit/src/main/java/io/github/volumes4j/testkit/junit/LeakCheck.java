package io.github.volumes4j.testkit.junit;

import io.github.volumes4j.VolumesException;
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

  private LeakCheck() {}

  /** Removes the scope's leftovers; returns the failure message, or null when there is none to raise. */
  static String check(TrackingEngine engine, String scope, Set<String> tempVolumes, ExtensionContext context) {
    List<TrackingEngine.Created> leaks = engine.leftovers(scope).stream()
        .filter(c -> !(c.kind() == TrackingEngine.Kind.VOLUME && tempVolumes.contains(c.id()))).toList();
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
