package io.github.volumes4j.testkit;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.internal.TrackingEngine;
import java.util.List;
import java.util.Map;

/**
 * What an engine holds, read even after it was closed: the JUnit extension closes its engine when a
 * sample class ends, and the tests then check what it left behind. A closed in-memory engine refuses
 * calls (as Docker's does), so its state is read directly.
 */
public final class EngineLeftovers {

  private EngineLeftovers() {}

  private static VolumeEngine unwrap(VolumeEngine e) {
    return e instanceof TrackingEngine t ? t.delegate() : e;
  }

  public static List<String> volumeNames(VolumeEngine engine) {
    if (unwrap(engine) instanceof InMemoryEngine m) {
      synchronized (m.lock) {
        return List.copyOf(m.volumes.keySet());
      }
    }
    return engine.listVolumes(VolumeFilter.all()).stream().map(Volume::name).toList();
  }

  public static List<ContainerInfo> containers(VolumeEngine engine) {
    if (unwrap(engine) instanceof InMemoryEngine m) {
      return m.containersEvenIfClosed();
    }
    return engine.listContainers(Map.of());
  }
}
