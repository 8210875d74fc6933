package io.github.volumes4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.DataMovementContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data movement on the in-memory engine, plus what only it can show here: volumes with secret
 * driver options (this machine's kernel cannot mount the CIFS volume Docker would need).
 */
class InMemoryDataMovementTest extends DataMovementContract {
  @Override
  protected VolumeEngine createEngine() {
    return InMemoryEngine.dockerLike();
  }

  /** Not a contract scenario: an engine of its own, so it runs once, not in every nested area. */
  @Test
  void secretDriverOptionsAreMaskedUnlessKeptAndMustBeGivenBackOnRestore(@TempDir Path dir) {
    VolumeEngine engine = InMemoryEngine.dockerLike();
    DataMovement data = DataMovement.on(engine);
    String run = "v4jsecret";
    java.util.function.UnaryOperator<String> name = s -> run + "-" + s;
    String secret = "addr=10.0.0.5,username=ann,password=s3cret,vers=3.0";
    String v = engine.createVolume(VolumeSpec.named(name.apply("cifs")).label(TEST_LABEL, run)
        .driverOption("type", "cifs").driverOption("device", "//srv/share").driverOption("o", secret)).name();
    data.copyInto(v).string("x\n", "/x.txt");
    Path file = dir.resolve("cifs.tar");
    BackupResult masked = data.backup(v).to(file);
    assertThat(masked.manifest().driverOptions()).containsEntry("o",
        "addr=10.0.0.5,username=ann,password=" + BackupManifest.MASKED + ",vers=3.0");
    assertThat(masked.manifest().maskedOptions()).containsExactly("o");
    assertThat(data.restore(file).verify().driverOptions().get("o")).doesNotContain("s3cret");

    // a manifest's driver options are not taken without consent: a tampered one could bind any host directory
    assertThatThrownBy(() -> data.restore(file).toNewVolume(name.apply("r0")))
        .isInstanceOf(io.github.volumes4j.data.UntrustedManifestException.class).hasMessageContaining("trustManifest()")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> data.restore(file).trustManifest().toNewVolume(name.apply("r1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[o]").hasMessageContaining("driverOption");
    assertThat(engine.listVolumes(io.github.volumes4j.VolumeFilter.all()).stream().map(x -> x.name()))
        .doesNotContain(name.apply("r0"), name.apply("r1"));
    data.restore(file).trustManifest().driverOption("o", secret).toNewVolume(name.apply("r2"));
    assertThat(engine.inspectVolume(name.apply("r2")).options()).isEqualTo(Map.of("type", "cifs", "device", "//srv/share", "o", secret));
    // into an existing volume nothing is created, so the masked password is not asked for (REPLACE, which re-creates
    // the volume, is refused for storage outside it such as a CIFS share: see the SharedStorage scenarios)
    data.restore(file).into(name.apply("r2"), io.github.volumes4j.data.RestorePolicy.MERGE);
    assertThat(data.digest(name.apply("r2"))).isEqualTo(data.digest(v));

    Path kept = dir.resolve("kept.tar");
    assertThat(data.backup(v).keepSecrets().to(kept).manifest().driverOptions()).containsEntry("o", secret);
    assertThat(data.backup(v).keepSecrets().to(dir.resolve("kept2.tar")).toString()).doesNotContain("s3cret");
    data.restore(kept).trustManifest().toNewVolume(name.apply("r3"));
    assertThat(engine.inspectVolume(name.apply("r3")).options()).containsEntry("o", secret);
  }
}
