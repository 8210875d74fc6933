package io.github.volumes4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MountsTest {

  @ParameterizedTest
  @CsvSource({"/data,/data/", "/data,/data/./", "/data,//data", "/data/x/..,/data", "/a/b,/a/./b/"})
  void duplicateTargetsAfterCleaningAreRejected(String first, String second) {
    assertThatThrownBy(() -> Mounts.of(VolumeMount.of("one", first), TmpfsMount.at(second)))
        .isInstanceOf(InvalidMountSpecException.class)
        .hasMessageStartingWith("Duplicate mount point: " + io.github.volumes4j.internal.GoPaths.clean(second))
        .hasMessageContaining("(-v one:" + first + " and --tmpfs " + second + ")")   // both, as the user would write them
        .satisfies(e -> assertThat(((InvalidMountSpecException) e).token()).isEqualTo(second));
  }

  @Test
  void distinctTargetsAndVolumesFromAreKept() {
    Mounts m = Mounts.of(List.of(VolumeMount.of("one", "/a"), BindMount.of("/srv", "/a/b")), List.of(VolumesFrom.of("seed")));
    assertThat(m.mounts()).hasSize(2);
    assertThat(m.volumesFrom()).containsExactly(VolumesFrom.of("seed"));
  }

  @Test
  void containerSpecGivesItsMountSet() {
    ContainerSpec spec = ContainerSpec.builder().image("busybox").addMount(VolumeMount.of("vv", "/x"))
        .addVolumesFrom(VolumesFrom.of("c1")).build();
    assertThat(spec.mountSet().mounts()).containsExactly(VolumeMount.of("vv", "/x"));
    ContainerSpec dup = spec.withMounts(VolumeMount.of("vv", "/x"), TmpfsMount.at("/x/"));
    assertThatThrownBy(dup::mountSet).isInstanceOf(InvalidMountSpecException.class);
  }

  @Test
  void subpathNeeds145() {
    Mounts m = Mounts.of(VolumeMount.builder().source("vv").target("/x").subpath("a/b").build());
    assertThatThrownBy(() -> m.requireSupportedBy(ApiVersion.MINIMUM))
        .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> {
          assertThat(e.feature()).isEqualTo("volume-subpath");
          assertThat(e.requiredVersion()).contains(ApiVersion.V1_45);
          assertThat(e.actualVersion()).contains(ApiVersion.MINIMUM);
        });
    assertThatThrownBy(() -> m.requireSupportedBy(ApiVersion.of(1, 44))).isInstanceOf(UnsupportedFeatureException.class);
    assertThatCode(() -> m.requireSupportedBy(ApiVersion.V1_45)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({"WRITABLE,bind-recursive=writable", "READONLY,bind-recursive=readonly"})
  void readOnlyRecursionNeeds144(BindRecursion recursion, String feature) {
    Mounts m = Mounts.of(BindMount.builder().source("/srv").target("/x").readOnly(true).recursion(recursion)
        .propagation(Propagation.RPRIVATE).build());
    assertThatThrownBy(() -> m.requireSupportedBy(ApiVersion.of(1, 43)))
        .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> {
          assertThat(e.feature()).isEqualTo(feature);
          assertThat(e.requiredVersion()).contains(ApiVersion.V1_44);
        });
    assertThatCode(() -> m.requireSupportedBy(ApiVersion.V1_44)).doesNotThrowAnyException();
  }

  @Test
  void nonRecursiveWorksAt141() {
    Mounts m = Mounts.of(BindMount.builder().source("/srv").target("/x").recursion(BindRecursion.DISABLED).build());
    assertThatCode(() -> m.requireSupportedBy(ApiVersion.MINIMUM)).doesNotThrowAnyException();
  }

  @Test
  void createMountpointNeeds142OnlyWhenNotExpressibleAsVolumeFlag() {
    BindMount viaBinds = BindMount.builder().source("/srv").target("/x").createMountpoint(true).build();
    assertThat(MountSyntax.VOLUME.canWrite(viaBinds)).isTrue();
    assertThatCode(() -> Mounts.of(viaBinds).requireSupportedBy(ApiVersion.MINIMUM)).doesNotThrowAnyException();
    BindMount viaMounts = viaBinds.withRecursion(BindRecursion.DISABLED);
    assertThat(MountSyntax.VOLUME.canWrite(viaMounts)).isFalse();
    assertThatThrownBy(() -> Mounts.of(viaMounts).requireSupportedBy(ApiVersion.MINIMUM))
        .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> {
          assertThat(e.feature()).isEqualTo("bind-create-src");
          assertThat(e.requiredVersion()).contains(ApiVersion.V1_42);
        });
    assertThatCode(() -> Mounts.of(viaMounts).requireSupportedBy(ApiVersion.V1_42)).doesNotThrowAnyException();
  }

  @Test
  void tmpfsOptionsAndSelinuxWorkAt141() {
    Mounts m = Mounts.of(
        TmpfsMount.builder().target("/run").sizeBytes(64 << 20).mode(01777).readOnly(true).addOption("noexec").build(),
        BindMount.builder().source("/srv").target("/srv").selinuxLabel(SelinuxLabel.PRIVATE).build());
    assertThatCode(() -> m.requireSupportedBy(ApiVersion.MINIMUM)).doesNotThrowAnyException();
  }
}
