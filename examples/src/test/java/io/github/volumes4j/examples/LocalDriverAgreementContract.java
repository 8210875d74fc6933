package io.github.volumes4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.InvalidVolumeSpecException;
import io.github.volumes4j.LocalDriver;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LocalDriver#check} refuses exactly what the engine's local driver refuses at create, in its words. */
abstract class LocalDriverAgreementContract {

  protected abstract Volumes createVolumes();

  static final List<Map<String, String>> CASES = List.of(
      Map.of(),
      Map.of("type", "tmpfs"),
      Map.of("device", "/tmp"),
      Map.of("o", "size=1m"),
      Map.of("o", "size=1m", "device", "tmpfs"),
      Map.of("o", "size=1m", "type", "tmpfs"),
      Map.of("foo", "x"),
      Map.of("foo", "x", "type", "tmpfs", "device", "tmpfs"),
      Map.of("type", "tmpfs", "device", "tmpfs"),
      Map.of("type", "tmpfs", "device", "tmpfs", "o", ""),
      Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m,mode=1777,not-checked-at-create=1"),
      Map.of("type", "none", "device", "/does/not/exist/at/create", "o", "bind"),
      LocalDriver.nfs("192.0.2.10", "/exports/x", "rw").driverOptions(),
      LocalDriver.cifs("//192.0.2.20/share", "u", "pw", "vers=3.0").driverOptions(),
      LocalDriver.tmpfs(1 << 20, 0700).driverOptions());

  Volumes volumes;
  String run;

  @BeforeEach
  void open() {
    volumes = createVolumes();
    run = "ld-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void close() {
    try {
      volumes.list(io.github.volumes4j.VolumeFilter.label(Lab.LABEL, run)).forEach(v -> volumes.removeIfExists(v.name()));
    } finally {
      volumes.close();
    }
  }

  @Test
  void localDriverCheckAgreesWithTheEngine() {
    int i = 0;
    for (Map<String, String> options : CASES) {
      Optional<String> ours = ours(options);
      Optional<String> engine = engine(run + "-" + i++, options);
      assertThat(engine.isPresent()).as("engine refuses %s: %s; LocalDriver: %s", options, engine, ours)
          .isEqualTo(ours.isPresent());
      ours.ifPresent(words -> assertThat(engine.get()).as("for %s", options).contains(words));
    }
  }

  @Test
  void sizeIsLeftToTheDaemonWhichKnowsWhetherItHasQuotas() {
    assertThat(ours(Map.of("size", "1m"))).isEmpty();
    engine(run + "-size", Map.of("size", "1m"))
        .ifPresent(m -> assertThat(m).contains("quota size requested but no quota support"));
  }

  /** Docker's words in LocalDriver's message (the part before our advice), or empty when it accepts. */
  private static Optional<String> ours(Map<String, String> options) {
    try {
      LocalDriver.check(options);
      return Optional.empty();
    } catch (InvalidVolumeSpecException e) {
      String m = e.getMessage();
      int cut = m.indexOf(m.contains(" (") ? " (" : ";");
      return Optional.of(m.substring(0, cut));
    }
  }

  private Optional<String> engine(String name, Map<String, String> options) {
    try {
      volumes.create(VolumeSpec.builder().name(name).driverOptions(options).putLabel(Lab.LABEL, run).build());
      return Optional.empty();
    } catch (VolumesException e) {
      return Optional.of(e.getMessage());
    }
  }
}
