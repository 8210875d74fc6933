package io.github.volumes4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Verdicts the parser once got wrong, corrected from recordings/mount-specs.tsv (the docker CLI 28 and
 * Docker 20.10): each case names the recorded answer.
 */
class RecordedParserTest {

  @Test
  void anyConsistencyIsAcceptedAndIgnoredAsALinuxDaemonDoes() {
    // recorded: --mount type=volume,dst=/x,consistency=bogus creates and starts
    MountSpec m = MountSyntax.MOUNT.parse("type=volume,target=/x,consistency=foo");
    assertThat(m.consistency()).isEmpty();
    assertThat(MountSyntax.MOUNT.parse("type=volume,target=/x,consistency=cached").consistency()).contains(Consistency.CACHED);
  }

  @Test
  void tmpfsModesAboveTheSpecialBitsAreAccepted() {
    // recorded: --tmpfs /t:mode=77777 and tmpfs-mode=77777 start (the kernel keeps the permission bits)
    assertThat(((TmpfsMount) MountSyntax.TMPFS.parse("/x:mode=17777")).mode()).hasValue(017777);
    assertThat(((TmpfsMount) MountSyntax.MOUNT.parse("type=tmpfs,target=/x,tmpfs-mode=17777")).mode()).hasValue(017777);
    assertThatThrownBy(() -> MountSyntax.TMPFS.parse("/x:mode=77777777777")).isInstanceOf(InvalidMountSpecException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void anEmptyTmpfsOptionIsRefusedBeforeTheDaemonRefusesItAtStart() {
    // recorded: --tmpfs /t:ro, creates, then start fails: invalid tmpfs option [""]
    assertThatThrownBy(() -> MountSyntax.TMPFS.parse("/run:noexec,,size=1m")).isInstanceOf(InvalidMountSpecException.class)
        .hasMessageContaining("invalid tmpfs option [\"\"]").hasMessageContaining("remove the extra ','");
    // recorded: --tmpfs /t: sends Tmpfs {"/t": ""} and starts
    assertThat(MountSyntax.TMPFS.parse("/run:")).isEqualTo(TmpfsMount.at("/run"));
  }

  @Test
  void bindCreateSrcNeedsAValueAsTheCliSays() {
    // recorded: invalid field 'bind-create-src' must be a key=value pair
    assertThatThrownBy(() -> MountSyntax.MOUNT.parse("type=bind,src=/srv/app,dst=/app,bind-create-src"))
        .isInstanceOf(InvalidMountSpecException.class).hasMessageContaining("must be a key=value pair");
    assertThat(((BindMount) MountSyntax.MOUNT.parse("type=bind,src=/srv/app,dst=/app,bind-create-src=true")).createMountpoint())
        .isTrue();
  }

  @Test
  void volumesFromTakesSelinuxLabelsConsistencyAndAnyContainerText() {
    // recorded: :z, :ro,Z, :cached and /name start; other container texts answer "No such container" at create
    assertThat(VolumesFrom.parse("c1:z").selinuxLabel()).contains(SelinuxLabel.SHARED);
    VolumesFrom roZ = VolumesFrom.parse("c1:ro,Z");
    assertThat(roZ.readOnly()).contains(true);
    assertThat(roZ.selinuxLabel()).contains(SelinuxLabel.PRIVATE);
    assertThat(roZ.format()).isEqualTo("c1:ro,Z");
    assertThat(VolumesFrom.parse(roZ.format())).isEqualTo(roZ);
    assertThat(VolumesFrom.parse("c1:cached").readOnly()).isEqualTo(Optional.empty());
    assertThat(VolumesFrom.parse("/c1").container()).isEqualTo("/c1");
    assertThat(VolumesFrom.parse("c 1").container()).isEqualTo("c 1");
  }
}
