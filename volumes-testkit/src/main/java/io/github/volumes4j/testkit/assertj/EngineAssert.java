package io.github.volumes4j.testkit.assertj;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.spi.VolumeEngine;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what an engine holds.
 *
 * <pre>{@code
 * assertThat(engine).hasVolume("pgdata").doesNotHaveVolume("old");
 * assertThat(engine).volume("pgdata").hasLabel("app", "billing").isInUseBy(containerId);
 * }</pre>
 */
public final class EngineAssert extends AbstractAssert<EngineAssert, VolumeEngine> {

  EngineAssert(VolumeEngine actual) {
    super(actual, EngineAssert.class);
  }

  /** Checks that the volume exists: {@code assertThat(engine).hasVolume("pgdata")}. */
  public EngineAssert hasVolume(String name) {
    isNotNull();
    if (find(name) == null) {
      failWithMessage("Expecting the engine to have volume \"%s\", but it has no such volume%s", name, similar(name));
    }
    return this;
  }

  /** Checks that it does not: {@code assertThat(engine).doesNotHaveVolume("pgdata")}. */
  public EngineAssert doesNotHaveVolume(String name) {
    isNotNull();
    if (find(name) != null) {
      failWithMessage("Expecting the engine not to have volume \"%s\", but it has", name);
    }
    return this;
  }

  /** Volumes with this label (key=value), exactly these names. */
  public EngineAssert hasExactlyVolumesLabelled(String key, String value, String... names) {
    isNotNull();
    List<String> got = actual.listVolumes(VolumeFilter.label(key, value)).stream().map(Volume::name).sorted().toList();
    List<String> want = java.util.Arrays.stream(names).sorted().toList();
    if (!got.equals(want)) {
      failWithMessage("Expecting the volumes labelled \"%s\"=\"%s\" to be %s, but they were %s", key, value, want, got);
    }
    return this;
  }

  /** Assertions on one volume of the engine (which must exist). */
  public EngineVolumeAssert volume(String name) {
    hasVolume(name);
    return new EngineVolumeAssert(actual, find(name));
  }

  private Volume find(String name) {
    try {
      return actual.inspectVolume(name);
    } catch (VolumeNotFoundException e) {
      return null;
    }
  }

  private String similar(String name) {
    List<String> near = actual.listVolumes(VolumeFilter.all()).stream().map(Volume::name)
        .filter(n -> n.equalsIgnoreCase(name) || n.contains(name) || name.contains(n)).limit(5).toList();
    return near.isEmpty() ? "" : " (similar: " + near + ")";
  }
}
