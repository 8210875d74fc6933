package io.github.volumes4j.testkit.assertj;

import io.github.volumes4j.MountSpec;
import io.github.volumes4j.Volume;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.spi.VolumeEngine;

/**
 * AssertJ entry points for volumes4j values and engines.
 *
 * <pre>{@code
 * import static io.github.volumes4j.testkit.assertj.VolumesAssertions.assertThat;
 *
 * assertThat(volume).hasLabel("team", "infra").isNamed();
 * assertThat(mount).isReadOnly().hasTarget("/data");
 * assertThat(volumes).hasVolume("pgdata")
 *     .volume("pgdata").isInUseBy("db").containsFile("/PG_VERSION").withContent("16\n");
 * }</pre>
 *
 * <p>Failures read like AssertJ's own: {@code Expecting volume "pgdata" to have label ..., but ...}.
 */
public final class VolumesAssertions {

  private VolumesAssertions() {}

  public static VolumeAssert assertThat(Volume actual) {
    return new VolumeAssert(actual);
  }

  public static MountSpecAssert assertThat(MountSpec actual) {
    return new MountSpecAssert(actual);
  }

  public static EngineAssert assertThat(VolumeEngine actual) {
    return new EngineAssert(actual);
  }

  public static EngineAssert assertThat(Volumes actual) {
    return new EngineAssert(actual == null ? null : actual.engine());
  }
}
