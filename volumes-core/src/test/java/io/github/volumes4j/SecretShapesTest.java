package io.github.volumes4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.internal.Secrets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Passwords of every shape through every value's {@code toString}, the daemon's error formats, URIs
 * and manifests: none may be printed, whole or in part.
 */
class SecretShapesTest {

  /** Password shapes: plain, spaces, escaped commas, quotes, braces, '=', backslashes, non-ASCII, long, ': ', %. */
  static final List<String> SHAPES = List.of("s3cretPw", "hunter two three", "pa,,ss,,wd", "p\"q'r\"s", "{br}ace}",
      "p=q=r", "\\zzqq\\xyzzy\\", "üñíçødé-密码", "L".repeat(200) + "ong", "colon: space", "%40enc%2Cod",
      "x,,y z\"w'}");

  /** The parts of a password that must not appear (each 4 chars or longer, escapes undone). */
  static List<String> parts(String pw) {
    List<String> out = new ArrayList<>();
    String plain = pw.replace(",,", ",");
    for (String p : new String[] {pw, plain}) {
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
  void valuesNeverPrintAPassword() {
    for (String pw : SHAPES) {
      Map<String, String> opts = new LinkedHashMap<>();
      opts.put("type", "cifs");
      opts.put("device", "//srv/share");
      opts.put("o", "addr=10.0.0.5,username=ann,password=" + pw + ",password2=" + pw + ",vers=3.0");
      VolumeSpec spec = VolumeSpec.builder().name("v").driverOptions(opts).build();
      assertNoSecret("VolumeSpec.toString", spec.toString(), pw);
      Volume v = Volume.builder().name("v").driver("local").mountpoint("/m").options(opts).scope("local").build();
      assertNoSecret("Volume.toString", v.toString(), pw);
      VolumeSpec keyed = VolumeSpec.builder().name("v").putDriverOption("password", pw).putDriverOption("api_key", pw)
          .putDriverOption("smb_password", pw).build();
      assertNoSecret("VolumeSpec.toString with secret keys", keyed.toString(), pw);
      VolumeMount m = VolumeMount.builder().source("vol").target("/d").driver("local").driverOptions(opts).build();
      assertNoSecret("VolumeMount.toString", m.toString(), pw);
      ContainerSpec c = ContainerSpec.builder().image("i").putEnv("DB_PASSWORD", pw).putEnv("API_TOKEN", pw).addMount(m).build();
      assertNoSecret("ContainerSpec.toString", c.toString(), pw);
      BackupManifest manifest = BackupManifest.builder().volumeName("v").driver("local").driverOptions(opts)
          .backedUpAt(Instant.EPOCH).engine("docker tcp://ann:" + pw.replace(" ", "") + "@10.0.0.1:2376")
          .content(TreeDigest.builder().sha256("x").files(0).directories(0).symlinks(0).others(0).bytes(0).build())
          .build();
      assertNoSecret("BackupManifest.toString (secrets kept)", manifest.toString(), pw);
      assertThat(manifest.driverOptions().get("o")).contains(pw);
    }
  }

  @Test
  void daemonMessagesNeverPrintAPassword() {
    for (String pw : SHAPES) {
      String o = "addr=10.0.0.5,username=ann,password=" + pw + ",vers=3.0";
      Secrets.Registry known = new Secrets.Registry();
      known.remember(Map.of("o", o));
      List<String> messages = List.of(
          "failed to mount local volume: mount //srv/share:/var/lib/docker/volumes/v/_data, data: " + o + ": no such device",
          "error while mounting volume '/var/lib/docker/volumes/v/_data': failed to mount local volume: mount "
              + "//srv/share:/var/lib/docker/volumes/v/_data, flags: 0x0, data: " + o + ": invalid argument",
          "{\"password\":\"" + pw.replace("\"", "\\\"") + "\",\"user\":\"ann\"}",
          "create v: VolumeDriver.Create: password2=" + pw + " refused",
          "o=" + o);
      for (String msg : messages) {
        assertNoSecret("a daemon message (value known)", known.mask(msg), pw);
      }
      // without knowing the value, a password without ': ' or a single comma is still masked whole
      if (!pw.contains(": ") && !pw.replace(",,", "").contains(",") && !pw.contains("\"") && !pw.contains("'")
          && !pw.contains("}")) {
        assertNoSecret("a daemon message (value unknown)", Secrets.maskText(messages.get(0)), pw);
      }
    }
  }

  @Test
  void urisNeverPrintAPassword() {
    for (String pw : List.of("s3cretPw", "p%40ss", "tok-en_123")) {
      String uri = "tcp://ann:" + pw + "@10.0.0.1:2376";
      assertThat(Secrets.maskUri(uri)).doesNotContain(pw).contains("ann").contains("10.0.0.1:2376");
      assertThat(Secrets.maskText("cannot reach " + uri + " (refused)")).doesNotContain(pw);
    }
  }

  @Test
  void maskedMountOptionsKeepTheirShape() {
    assertThat(Secrets.maskOptions("addr=h,password=a,,b,uid=1")).isEqualTo("addr=h,password=" + Secrets.MASK + ",uid=1");
    assertThat(Secrets.maskOptions("password2=x,username=u")).isEqualTo("password2=" + Secrets.MASK + ",username=u");
    assertThat(Secrets.maskOptions(",password=x,")).isEqualTo(",password=" + Secrets.MASK + ",");
    assertThat(Secrets.maskOptions("rw,nfsvers=4")).isEqualTo("rw,nfsvers=4");
    assertThat(Secrets.secretValues(Map.of("o", "password=a,,b,uid=1"))).contains("a,,b", "a,b");
  }
}
