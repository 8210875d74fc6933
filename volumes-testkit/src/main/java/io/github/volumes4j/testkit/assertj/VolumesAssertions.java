package io.github.volumes4j.testkit.assertj;

import io.github.volumes4j.MountSpec;
import io.github.volumes4j.Volume;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.spi.VolumeEngine;
import org.assertj.core.api.Assertions;

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
 * <p>Failures read like AssertJ's own: {@code Expecting volume "pgdata" to have label ..., but ...}. It
 * extends AssertJ's {@link Assertions}, so one static import gives every other {@code assertThat} too
 * ({@code assertThat(exitCode).isZero()} next to {@code assertThat(volume)...}).
 */
public final class VolumesAssertions extends Assertions {

  private VolumesAssertions() {}

  /** Assertions on a volume: {@code assertThat(volume).hasLabel("app", "billing")}. */
  public static VolumeAssert assertThat(Volume actual) {
    return new VolumeAssert(actual);
  }

  /** Assertions on a mount: {@code assertThat(mount).isReadOnly()}. */
  public static MountSpecAssert assertThat(MountSpec actual) {
    return new MountSpecAssert(actual);
  }

  /** Assertions on an engine's volumes: {@code assertThat(engine).hasVolume("pgdata")}. */
  public static EngineAssert assertThat(VolumeEngine actual) {
    return new EngineAssert(actual);
  }

  /** Assertions on the volumes of a {@code Volumes}: {@code assertThat(volumes).hasVolume("pgdata")}. */
  public static EngineAssert assertThat(Volumes actual) {
    return new EngineAssert(actual == null ? null : actual.engine());
  }
}
