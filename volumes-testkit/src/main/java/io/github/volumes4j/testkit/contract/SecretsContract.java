package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CIFS passwords of every shape (spaces, {@code ,,}-escaped commas, quotes, braces, {@code =},
 * backslashes, non-ASCII, 200 characters, {@code ": "}) through an engine: the volume's and the
 * container's errors, every {@code toString}, every log line, and backups (masked by default; with
 * {@code keepSecrets()} in the file, but never in a result's {@code toString}).
 *
 * <pre>{@code
 * class InMemorySecretsTest extends SecretsContract {
 *   @Override protected VolumeEngine createEngine() { return InMemoryEngine.dockerLike(); }
 * }
 * }</pre>
 */
public abstract class SecretsContract {

  /** The engine under test. */
  protected abstract VolumeEngine createEngine();

  /** The password shapes. */
  public static final List<String> SHAPES = List.of("s3cretPw", "hunter two three", "pa,,ss,,wd", "p\"q'r\"s",
      "{br}ace}", "p=q=r", "\\zzqq\\xyzzy\\", "üñíçødé-密码", "L".repeat(200) + "ong", "colon: space",
      "%40enc%2Cod", "x,,y zw'}qq");

  @TempDir
  Path dir;

  static List<String> parts(String pw) {
    List<String> out = new ArrayList<>();
    for (String p : new String[] {pw, pw.replace(",,", ",")}) {
      for (String piece : p.split("[ ,\"'{}:=\\\\]+")) {
        if (piece.length() >= 4) {
          out.add(piece);
        }
      }
    }
    return out;
  }

  static void assertNoSecret(String where, String text, String pw) {
    for (String part : parts(pw)) {
      assertThat(text).as("%s must not show \"%s\" of the password %s", where, part, pw).doesNotContain(part);
    }
  }

  @Test
  void noPasswordIsEverPrinted() throws IOException {
    String run = "v4js" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<String> checked = new ArrayList<>();
    try (VolumeEngine engine = createEngine()) {
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      DataMovement data = DataMovement.on(engine);
      int i = 0;
      for (String pw : SHAPES) {
        String name = run + "-" + i++;
        String o = "addr=127.0.0.1,username=ann,password=" + pw + ",vers=3.0";
        try {
          Volume v = engine.createVolume(VolumeSpec.named(name).label(ContractBase.TEST_LABEL, run)
              .driverOption("type", "cifs").driverOption("device", "//127.0.0.1/share").driverOption("o", o));
          assertNoSecret("Volume.toString", v.toString(), pw);
          assertNoSecret("inspect's toString", engine.inspectVolume(name).toString(), pw);
          try {
            engine.createContainer(ContainerSpec.builder().image(ContractImages.BUSYBOX).addCommand("true")
                .putLabel(ContractBase.TEST_LABEL, run).addMount(VolumeMount.of(name, "/data")).build());
            checked.add("container create accepted");
          } catch (VolumesException e) {
            assertNoSecret("the create error", e.toString() + " " + String.valueOf(e.getCause()), pw);
            checked.add("container create refused: " + e.getClass().getSimpleName());
          }
          // backups: the password is masked in the file unless kept; never in a result's toString
          Path masked = dir.resolve(name + ".tar");
          try {
            BackupResult r = data.backup(name).to(masked);
            assertNoSecret("the backup file", new String(Files.readAllBytes(masked), StandardCharsets.UTF_8), pw);
            assertNoSecret("BackupResult.toString", r.toString(), pw);
            Path kept = dir.resolve(name + "-kept.tar");
            BackupResult k = data.backup(name).keepSecrets().to(kept);
            assertNoSecret("BackupResult.toString, secrets kept", k.toString(), pw);
            try {
              data.restore(masked).trustManifest().toNewVolume(name + "-r");
            } catch (VolumesException | IllegalArgumentException e) {
              assertNoSecret("the restore error", e.toString(), pw);
            }
            checked.add("backup");
          } catch (VolumesException e) {
            assertNoSecret("the backup error", e.toString() + " " + String.valueOf(e.getCause()), pw);
            checked.add("backup refused: " + e.getMessage());
          }
        } catch (VolumesException e) {
          assertNoSecret("the volume error", e.toString() + " " + String.valueOf(e.getCause()), pw);
          checked.add("volume refused");
        }
      }
      for (ContainerInfo c : engine.listContainers(Map.of(ContractBase.TEST_LABEL, run))) {
        engine.removeContainer(c.id(), true, true);
      }
      for (Volume v : engine.listVolumes(VolumeFilter.all())) {
        if (v.name().startsWith(run)) {
          engine.removeVolume(v.name(), true);
        }
      }
    } finally {
      System.setErr(err);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    for (String pw : SHAPES) {
      assertNoSecret("the log", logged, pw);
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(SHAPES.size());
  }
}
