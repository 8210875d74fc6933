package io.github.volumes4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The library's opinions: warnings about specs Docker accepts, never refusals (Linux daemon). */
class MountWarningsTest {

  private static List<String> rules(MountSyntax s, String value) {
    return s.check(value).warnings().stream().map(MountWarning::rule).toList();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-v      | data                                        | anonymous-volume",
      "-v      | a:/x                                        | anonymous-volume",
      "-v      | pg:/data:cached                             | consistency-ignored",
      "--mount | type=volume,src=pg,dst=/data,consistency=fast | consistency-ignored",
      "--mount | type=bind,src=/srv,dst=/s,consistency=delegated | consistency-ignored",
      "--tmpfs | /t:mode=77777                               | tmpfs-mode-bits",
      "--mount | type=tmpfs,dst=/t,tmpfs-mode=17777          | tmpfs-mode-bits",
      "-v      | /usr:/host-usr:z                            | relabel-system-directory",
      "-v      | /etc/:/e:ro,Z                               | relabel-system-directory",
      "-v      | /:/host:ro                                  | bind-host-root",
      "--mount | type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock | daemon-socket",
  })
  void docker_accepts_these_and_the_library_warns(String flag, String value, String rule) {
    MountSyntax s = MountSyntax.ofFlag(flag);
    ParsedMount p = s.check(value);
    assertThat(p.mount()).as("the value is what parse gives").isEqualTo(s.parse(value));
    assertThat(p.warnings()).extracting(MountWarning::rule).containsExactly(rule);
    MountWarning w = p.warnings().get(0);
    assertThat(value).as("the token is part of the text").containsIgnoringCase(w.token().replace("mode=77777", "77777")
        .replace("mode=17777", "17777"));
    assertThat(w.message()).isNotBlank();
  }

  @Test
  void plainSpecsHaveNoWarnings() {
    assertThat(rules(MountSyntax.VOLUME, "pgdata:/var/lib/postgresql/data")).isEmpty();
    assertThat(rules(MountSyntax.VOLUME, "/data")).as("an anonymous volume at an absolute path is a common idiom").isEmpty();
    assertThat(rules(MountSyntax.VOLUME, "/srv/app:/app:ro,z")).isEmpty();
    assertThat(rules(MountSyntax.MOUNT, "type=volume,src=pg,dst=/data,consistency=default")).isEmpty();
    assertThat(rules(MountSyntax.TMPFS, "/run:size=64m,mode=1777")).isEmpty();
  }

  @Test
  void textDockerRefusesIsStillRefused() {
    assertThatThrownBy(() -> MountSyntax.VOLUME.check("")).isInstanceOf(InvalidMountSpecException.class);
    assertThatThrownBy(() -> MountSyntax.TMPFS.check("/t:bogus")).isInstanceOf(InvalidMountSpecException.class);
  }

  @Test
  void everyRecordedSpecDockerAcceptsChecksWithoutThrowing() throws IOException {
    // recordings/mount-specs.tsv: check must give the parser's value, whatever the warnings
    Path file = Path.of("..", "recordings", "mount-specs.tsv");
    int checked = 0;
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t", -1);
      if (line.startsWith("#") || f[0].equals("--volumes-from") || !f[3].equals("ok") || f[1].contains("@")
          || f[1].contains("volume-subpath")) {  // (20.10 ignores a subpath: listed in disagreements.tsv)
        continue;  // ran on Docker; placeholders need the recorder's sandbox (RecordedParserTest covers those)
      }
      MountSyntax s = MountSyntax.ofFlag(f[0]);
      String value = f[1].replace("\\\\", "\\");
      assertThat(s.check(value).mount()).as(line).isEqualTo(s.parse(value));
      checked++;
    }
    assertThat(checked).isGreaterThan(50);
  }
}
