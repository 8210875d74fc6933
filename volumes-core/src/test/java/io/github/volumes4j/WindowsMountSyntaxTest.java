package io.github.volumes4j;

import static io.github.volumes4j.MountDescriber.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code -v} for a Windows daemon (drive letters, ro/rw only), and what a Linux daemon makes of drive letters. */
class WindowsMountSyntaxTest {

  static final ParseOptions WINDOWS = ParseOptions.builder().daemonOs(DaemonOs.WINDOWS).build();

  @ParameterizedTest(name = "-v {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
      C:\\data                     | volume name=<anon> dst=C:\\data
      c:\\data                     | volume name=<anon> dst=c:\\data
      C:/data                      | volume name=<anon> dst=C:\\data
      pgdata:C:\\data              | volume name=pgdata dst=C:\\data
      pgdata:C:\\data:ro           | volume name=pgdata dst=C:\\data ro
      pgdata:C:\\data:RW           | volume name=pgdata dst=C:\\data
      C:\\src:C:\\app              | bind src=C:\\src dst=C:\\app create
      C:\\src\\:C:\\app\\:ro       | bind src=C:\\src\\ dst=C:\\app\\ ro create
      d:/src/x:C:\\app             | bind src=d:\\src\\x dst=C:\\app create
      C:\\:C:\\host                | bind src=C:\\ dst=C:\\host create
      """)
  void accepted(String input, String expected) {
    assertThat(describe(MountSyntax.VOLUME.parse(input, WINDOWS))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "-v {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
      <empty>                      | invalid empty volume spec
      /data                        | invalid volume specification: '/data'
      pgdata:/data                 | invalid volume specification
      C:\\src:C:\\app:z            | invalid volume specification
      C:\\src:C:\\app:nocopy       | invalid volume specification
      C:\\src:C:\\app:ro:rw        | invalid volume specification
      C:\\a*b:C:\\app              | invalid volume specification
      pgdata:C:                    | destination can't be 'C:'
      pgdata:C:\\                  | destination can't be 'C:\\'
      con:C:\\data                 | reserved name
      \\\\.\\pipe\\docker:\\\\.\\pipe\\docker | named pipe mounts are not modelled
      """)
  void rejected(String input, String message) {
    String in = input.equals("<empty>") ? "" : input;
    assertThatThrownBy(() -> MountSyntax.VOLUME.parse(in, WINDOWS)).isInstanceOf(InvalidMountSpecException.class)
        .hasMessageContaining(message);
  }

  @Test
  void otherFlagsAreRefusedForWindows() {
    assertThatThrownBy(() -> MountSyntax.TMPFS.parse("C:\\x", WINDOWS)).isInstanceOf(InvalidMountSpecException.class)
        .hasMessageContaining("--tmpfs is not supported on Windows");
    assertThatThrownBy(() -> MountSyntax.MOUNT.parse("type=bind,src=C:\\a,dst=C:\\b", WINDOWS))
        .isInstanceOf(InvalidMountSpecException.class).hasMessageContaining("not modelled");
  }

  @Test
  @Timeout(5)
  void longHostilePathsDoNotBacktrackForever() {
    String hostile = "C:\\" + "a\\".repeat(2000) + "*:C:\\x";
    assertThatThrownBy(() -> MountSyntax.VOLUME.parse(hostile, WINDOWS)).isInstanceOf(InvalidMountSpecException.class);
    String longName = "C:\\" + "a".repeat(3000) + "?";
    assertThatThrownBy(() -> MountSyntax.VOLUME.parse(longName, WINDOWS)).isInstanceOf(InvalidMountSpecException.class);
  }
}
