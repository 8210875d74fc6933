package io.github.volumes4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.DataMovementContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Data movement on the in-memory engine, plus what only it can show here: volumes with secret
 * driver options (this machine's kernel cannot mount the CIFS volume Docker would need).
 */
class InMemoryDataMovementTest extends DataMovementContract {
  @Override
  protected VolumeEngine createEngine() {
    return InMemoryEngine.dockerLike();
  }

  @Test
  void secretDriverOptionsAreMaskedUnlessKeptAndMustBeGivenBackOnRestore() {
    String secret = "addr=10.0.0.5,username=ann,password=s3cret,vers=3.0";
    String v = engine.createVolume(VolumeSpec.named(name("cifs")).label(TEST_LABEL, run)
        .driverOption("type", "cifs").driverOption("device", "//srv/share").driverOption("o", secret)).name();
    data.copyInto(v).string("x\n", "/x.txt");
    Path file = dir.resolve("cifs.tar");
    BackupResult masked = data.backup(v).to(file);
    assertThat(masked.manifest().driverOptions()).containsEntry("o",
        "addr=10.0.0.5,username=ann,password=" + BackupManifest.MASKED + ",vers=3.0");
    assertThat(masked.manifest().maskedOptions()).containsExactly("o");
    assertThat(data.restore(file).verify().driverOptions().get("o")).doesNotContain("s3cret");

    assertThatThrownBy(() -> data.restore(file).toNewVolume(name("r1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[o]").hasMessageContaining("driverOption");
    assertThat(engine.listVolumes(io.github.volumes4j.VolumeFilter.all()).stream().map(x -> x.name()))
        .doesNotContain(name("r1"));
    data.restore(file).driverOption("o", secret).toNewVolume(name("r2"));
    assertThat(engine.inspectVolume(name("r2")).options()).isEqualTo(Map.of("type", "cifs", "device", "//srv/share", "o", secret));

    Path kept = dir.resolve("kept.tar");
    assertThat(data.backup(v).keepSecrets().to(kept).manifest().driverOptions()).containsEntry("o", secret);
    data.restore(kept).toNewVolume(name("r3"));
    assertThat(engine.inspectVolume(name("r3")).options()).containsEntry("o", secret);
  }
}
