package io.github.volumes4j.compose.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** compose-go's ParseVolume, case by case (its format/volume_test.go's cases, re-derived from its source). */
class ShortSyntaxTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // spec | type | source | target | ro | nocopy | propagation | selinux | ignored
      "/data|volume||/data|false|false|||",
      "data|volume||data|false|false|||",
      "ab|volume||ab|false|false|||",
      "a:|volume||a:|false|false|||",
      "pgdata:/var/lib/postgresql/data|volume|pgdata|/var/lib/postgresql/data|false|false|||",
      "pgdata:/data:ro|volume|pgdata|/data|true|false|||",
      "pgdata:/data:ro,rw|volume|pgdata|/data|false|false|||",
      "pgdata:/data:nocopy|volume|pgdata|/data|false|true|||",
      "./src:/src|bind|./src|/src|false|false|||",
      "../src:/src:ro,z|bind|../src|/src|true|false||z|",
      "~/cfg:/cfg:rshared|bind|~/cfg|/cfg|false|false|rshared||",
      "/srv:/srv:cached|bind|/srv|/srv|false|false|||cached",
      "/srv:/srv:Z,delegated,rslave|bind|/srv|/srv|false|false|rslave|Z|delegated",
      "c:\\data:/data|bind|c:\\data|/data|false|false|||",
      "C:/data:/data:ro|bind|C:/data|/data|true|false|||",
      "c:/data|volume||c:/data|false|false|||",
      "\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine|bind|\\\\.\\pipe\\docker_engine|\\\\.\\pipe\\docker_engine|false|false|||",
      // uninterpolated, a ${...} source is not a path: compose-go parses after interpolation
      "${SRC:-./x}:/x|volume|${SRC:-./x}|/x|false|false|||",
      // a letter and a colon always start a Windows path, even inside what looks like three sections
      "a:b:c:d|bind|a:b|c:d|false|false|||",
      "${A:-${B:-c}}:/x:ro|volume|${A:-${B:-c}}|/x|true|false|||",
      "data:/x:z|volume|data|/x|false|false||z|",
  })
  void parsesAsComposeGo(String spec, String type, String source, String target, boolean ro, boolean nocopy,
      String propagation, String selinux, String ignored) {
    ShortSyntax.Parsed p = ShortSyntax.parse(spec);
    assertThat(p.type()).isEqualTo(type);
    assertThat(p.source()).isEqualTo(source == null ? "" : source);
    assertThat(p.target()).isEqualTo(target);
    assertThat(p.readOnly()).isEqualTo(ro);
    assertThat(p.nocopy()).isEqualTo(nocopy);
    assertThat(p.propagation()).isEqualTo(propagation == null ? "" : propagation);
    assertThat(p.selinux()).isEqualTo(selinux == null ? "" : selinux);
    assertThat(String.join(",", p.ignored())).isEqualTo(ignored == null ? "" : ignored);
    assertThat(p.createHostPath()).isEqualTo(type.equals("bind"));
  }

  @Test
  void refusals() {
    assertThatThrownBy(() -> ShortSyntax.parse("")).hasMessage("invalid empty volume spec");
    assertThatThrownBy(() -> ShortSyntax.parse("ab:cd:ef:gh")).hasMessage("invalid spec: ab:cd:ef:gh: too many colons");
    assertThatThrownBy(() -> ShortSyntax.parse("data::/x")).hasMessage("invalid spec: data::/x: empty section between colons");
  }
}
