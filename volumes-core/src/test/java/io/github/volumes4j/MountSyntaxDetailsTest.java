package io.github.volumes4j;

import static io.github.volumes4j.MountDescriber.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.internal.GoCsv;
import io.github.volumes4j.internal.GoPaths;
import io.github.volumes4j.internal.Sizes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Formatting limits, --volumes-from, Go's csv and path rules, size units, parse options. */
class MountSyntaxDetailsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
      c1           | c1
      c1:ro        | c1:ro
      c1:rw        | c1:rw
      c1:          | c1
      my_app.db-1  | my_app.db-1
      3f2a9c0b1d4e:ro | 3f2a9c0b1d4e:ro
      """)
  void volumesFromRoundTrips(String input, String written) {
    VolumesFrom v = VolumesFrom.parse(input);
    assertThat(v.format()).isEqualTo(written);
    assertThat(VolumesFrom.parse(v.format())).isEqualTo(v);
  }

  @Test
  void volumesFromModes() {
    assertThat(VolumesFrom.parse("c1").readOnly()).isEmpty();
    assertThat(VolumesFrom.parse("c1:ro").readOnly()).contains(true);
    assertThat(VolumesFrom.parse("c1:rw").readOnly()).contains(false);
  }

  @ParameterizedTest(name = "{1} cannot write {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
      tmpfs                       | -v      | a tmpfs
      tmpfs-options               | --mount | tmpfs options
      tmpfs-mode-0                | --mount | tmpfs mode 0
      tmpfs-consistency           | --tmpfs | a consistency
      volume                      | --tmpfs | a volume mount
      bind                        | --tmpfs | a bind mount
      subpath                     | -v      | a volume subpath
      driver                      | -v      | a volume driver
      labels                      | -v      | volume labels
      driver-options              | -v      | volume driver options
      anonymous-nocopy            | -v      | modes on an anonymous volume
      consistency-default         | -v      | consistency=default
      recursion                   | -v      | bind-recursive=disabled
      colon-target                | -v      | a target containing ':'
      colon-source                | -v      | a source containing ':'
      selinux-bind                | --mount | SELinux relabelling 'Z'
      selinux-volume              | --mount | SELinux relabelling 'z'
      label-key-with-equals       | --mount | a volume label whose key
      """)
  void formatRefusesWhatTheSyntaxCannotExpress(String which, String flag, String message) {
    MountSpec m = switch (which) {
      case "tmpfs" -> TmpfsMount.at("/t");
      case "tmpfs-options" -> TmpfsMount.builder().target("/t").addOption("noexec").build();
      case "tmpfs-mode-0" -> TmpfsMount.builder().target("/t").mode(0).build();
      case "tmpfs-consistency" -> TmpfsMount.builder().target("/t").consistency(Consistency.CACHED).build();
      case "volume" -> VolumeMount.of("vol", "/v");
      case "bind" -> BindMount.of("/s", "/b");
      case "subpath" -> VolumeMount.builder().source("vol").target("/v").subpath("a").build();
      case "driver" -> VolumeMount.of("vol", "/v").withDriver("local");
      case "labels" -> VolumeMount.builder().source("vol").target("/v").putLabel("a", "b").build();
      case "driver-options" -> VolumeMount.builder().source("vol").target("/v").putDriverOption("type", "tmpfs").build();
      case "anonymous-nocopy" -> VolumeMount.anonymous("/v").withNoCopy(true);
      case "consistency-default" -> VolumeMount.of("vol", "/v").withConsistency(Consistency.DEFAULT);
      case "recursion" -> BindMount.of("/s", "/b").withRecursion(BindRecursion.DISABLED);
      case "colon-target" -> BindMount.of("/s", "/b:c");
      case "colon-source" -> BindMount.of("/s:x", "/b");
      case "selinux-bind" -> BindMount.of("/s", "/b").withSelinuxLabel(SelinuxLabel.PRIVATE);
      case "selinux-volume" -> VolumeMount.of("vol", "/v").withSelinuxLabel(SelinuxLabel.SHARED);
      default -> VolumeMount.builder().source("vol").target("/v").putLabel("a=b", "c").build();
    };
    assertThat(MountSyntax.ofFlag(flag).canWrite(m)).isFalse();
    assertThatThrownBy(() -> MountSyntax.ofFlag(flag).format(m)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(flag + " cannot express " + message);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
      -v      | vol:/v:ro                                  | vol:/v:ro
      -v      | /s:/b:rshared,z,ro                         | /s:/b:ro,z,rshared
      -v      | /v                                         | /v
      --mount | type=volume,src=vol,dst=/v,ro              | type=volume,source=vol,target=/v,readonly
      --mount | type=bind,src=/s,dst=/b,bind-create-src=1  | type=bind,source=/s,target=/b,bind-create-src=true
      --mount | type=tmpfs,dst=/t,tmpfs-size=64m,tmpfs-mode=1777 | type=tmpfs,target=/t,tmpfs-size=64m,tmpfs-mode=1777
      --mount | type=tmpfs,dst=/t,tmpfs-size=1536k         | type=tmpfs,target=/t,tmpfs-size=1536k
      --mount | type=tmpfs,dst=/t,tmpfs-size=1000          | type=tmpfs,target=/t,tmpfs-size=1000
      --mount | type=volume,src=vol,dst=/v,"volume-opt=o=a,b"  | type=volume,source=vol,target=/v,"volume-opt=o=a,b"
      --mount | type=bind,src=/a b,dst=/c                  | type=bind,source=/a b,target=/c
      --mount | type=bind,"src=/a""b",dst=/c               | type=bind,"source=/a""b",target=/c
      --tmpfs | /t:size=64m,mode=1777,noexec,ro            | /t:ro,noexec,size=64m,mode=1777
      --tmpfs | /t:size=1000                               | /t:size=1000
      --tmpfs | /t:size=50%,uid=1                          | /t:size=50%,uid=1
      """)
  void formatWritesCanonicalText(String flag, String input, String written) {
    MountSyntax syntax = MountSyntax.ofFlag(flag);
    assertThat(syntax.format(syntax.parse(input))).isEqualTo(written);
  }

  @ParameterizedTest(name = "clean({0}) = {1}")
  @CsvSource({"/, /", "//, /", "/a/, /a", "/a//b, /a/b", "/a/./b, /a/b", "/a/../b, /b", "/.., /", "/../a, /a",
      "/a/b/../.., /", "'', .", "a/../.., ..", "a/./b/, a/b", "/a/b, /a/b", "., .", "../a, ../a"})
  void goPathClean(String in, String out) {
    assertThat(GoPaths.clean(in)).isEqualTo(out);
  }

  @Test
  void goCsvFirstRecord() throws Exception {
    assertThat(texts("a,b")).containsExactly("a", "b");
    assertThat(texts("\n\na,b\nc,d")).containsExactly("a", "b");
    assertThat(texts("a,\"b\nc\",d")).containsExactly("a", "b\nc", "d");
    assertThat(texts("a,\"b\"\"c\"")).containsExactly("a", "b\"c");
    assertThat(texts("a,b\r\n")).containsExactly("a", "b");
    assertThat(texts("a,")).containsExactly("a", "");
    assertThat(texts(" a , b ")).containsExactly(" a ", " b ");
    assertThatThrownBy(() -> GoCsv.firstRecord("\n\n")).hasMessage("EOF");
    assertThat(texts("a\n\"b")).containsExactly("a");
    assertThatThrownBy(() -> GoCsv.firstRecord("\"b")).hasMessageContaining("extraneous or missing \" in quoted-field");
    assertThatThrownBy(() -> GoCsv.firstRecord("x,\"a\nb")).hasMessage(
        "record on line 1; parse error on line 2, column 2: extraneous or missing \" in quoted-field");
  }

  /** Checked with the docker CLI 28.2: what Go's csv reader makes of line breaks in --mount. */
  @ParameterizedTest(name = "--mount {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
      \\n\\ntype=tmpfs,target=/x             | tmpfs dst=/x
      type=tmpfs,target=/x\\r\\n            | tmpfs dst=/x
      type=tmpfs,"target=/x\\ny"           | tmpfs dst=/x\\ny
      type=tmpfs,target=/x\\njunk"         | tmpfs dst=/x
      """)
  void lineBreaksInMount(String input, String expected) {
    String in = input.replace("\\n", "\n").replace("\\r", "\r");
    assertThat(describe(MountSyntax.MOUNT.parse(in))).isEqualTo(expected.replace("\\n", "\n"));
  }

  private static List<String> texts(String s) throws Exception {
    return GoCsv.firstRecord(s).stream().map(GoCsv.Field::text).toList();
  }

  @ParameterizedTest(name = "RAMInBytes({0}) = {1}")
  @CsvSource({"1, 1", "1b, 1", "1B, 1", "1k, 1024", "1K, 1024", "1kb, 1024", "1KiB, 1024", "1 k, 1024", "2.5m, 2621440",
      "1g, 1073741824", "1t, 1099511627776", "1p, 1125899906842624", "0, 0", "1., 1", ".5k, 512", "+3, 3", "1e2, 100",
      "x, -1", "1x, -1", "1kk, -1", "1kbb, -1", "1bb, -1", "'', -1", "-1, -1", "1.2.3, -1", "1e, -1", "1e40, -1"})
  void ramInBytes(String in, long out) {
    assertThat(Sizes.ramInBytes(in)).isEqualTo(out);
  }

  @ParameterizedTest(name = "kernel size {0} = {1}")
  @CsvSource({"4096, 4096", "4k, 4096", "4K, 4096", "1m, 1048576", "1g, 1073741824", "1t, 1099511627776", "1e, 1152921504606846976",
      "0x10, 16", "010, 8", "0, 0", "1.5m, -1", "64mb, -1", "m, -1", "'', -1", "99999999999999999999, -1", "16e, -1"})
  void kernelSize(String in, long out) {
    assertThat(Sizes.kernelSize(in)).isEqualTo(out);
  }

  @Test
  void relativeSourcesUseTheBaseDirectoryOrTheWorkingDirectory() {
    assertThat(describe(MountSyntax.VOLUME.parse("./x:/y", ParseOptions.relativeTo(Path.of("/srv/p")))))
        .isEqualTo("bind src=/srv/p/x dst=/y create");
    String cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize().toString();
    assertThat(((BindMount) MountSyntax.VOLUME.parse(".:/y")).source()).isEqualTo(cwd);
    assertThatThrownBy(() -> ParseOptions.builder().baseDirectory("relative").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not absolute");
    assertThatThrownBy(() -> MountSyntax.VOLUME.parse("./x:/y", ParseOptions.builder().baseDirectory("/a:b").build()))
        .isInstanceOf(InvalidMountSpecException.class).hasMessageContaining("contains ':'");
  }

  @Test
  void unknownFlagsAndNullsAreCallerMistakes() {
    assertThatThrownBy(() -> MountSyntax.ofFlag("--volumes").parse("/x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use -v, --volume, --mount or --tmpfs");
    assertThatThrownBy(() -> MountSyntax.VOLUME.parse(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MountSyntax.ofFlag("--volumes-from")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--volumes-from");
  }

  @Test
  void valueRulesHoldForBuiltValuesToo() {
    assertThatThrownBy(() -> VolumeMount.anonymous("/x").withReadOnly(true)).isInstanceOf(InvalidMountSpecException.class)
        .hasMessageContaining("must not set ReadOnly mode when using anonymous volumes");
    assertThatThrownBy(() -> VolumeMount.of("a", "/x")).hasMessageContaining("volume name is too short");
  }
}
