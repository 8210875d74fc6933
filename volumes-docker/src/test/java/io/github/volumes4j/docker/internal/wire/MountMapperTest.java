package io.github.volumes4j.docker.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.Consistency;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.SelinuxLabel;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeMount;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountMapperTest {

  static final ApiVersion V141 = ApiVersion.MINIMUM;

  static String json(MountMapper.HostMounts m) {
    return WireMount.json(m.mounts()) + " " + m.binds() + " " + m.tmpfs();
  }

  @Test
  void volumesGoToMountsWithTheirOptions() {
    VolumeMount v = VolumeMount.builder().source("data").target("/d").readOnly(true).noCopy(true)
        .consistency(Consistency.CACHED).putLabel("a", "b").driver("local").putDriverOption("type", "tmpfs").build();
    assertThat(json(MountMapper.map(List.of(v), V141))).isEqualTo(
        "[{\"Type\":\"volume\",\"Target\":\"/d\",\"ReadOnly\":true,\"Consistency\":\"cached\",\"Source\":\"data\","
            + "\"VolumeOptions\":{\"NoCopy\":true,\"Labels\":{\"a\":\"b\"},\"DriverConfig\":{\"Name\":\"local\","
            + "\"Options\":{\"type\":\"tmpfs\"}}}}] [] {}");
    assertThat(json(MountMapper.map(List.of(VolumeMount.anonymous("/a")), V141)))
        .isEqualTo("[{\"Type\":\"volume\",\"Target\":\"/a\"}] [] {}");
  }

  @Test
  void subpathNeeds145() {
    VolumeMount v = VolumeMount.builder().source("data").target("/d").subpath("a/b").build();
    assertThatThrownBy(() -> MountMapper.map(List.of(v), ApiVersion.V1_44)).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage("volume-subpath needs Engine API 1.45 or newer (VolumeOptions.Subpath), but the engine speaks 1.44;"
            + " upgrade the daemon or leave volume-subpath out");
    assertThat(json(MountMapper.map(List.of(v), ApiVersion.V1_45))).contains("\"Subpath\":\"a/b\"");
  }

  @Test
  void bindsGoToMountsWithBindOptions() {
    BindMount b = BindMount.builder().source("/src").target("/dst").propagation(Propagation.RSHARED)
        .recursion(BindRecursion.DISABLED).build();
    assertThat(json(MountMapper.map(List.of(b), V141))).isEqualTo("[{\"Type\":\"bind\",\"Target\":\"/dst\",\"Source\":\"/src\","
        + "\"BindOptions\":{\"Propagation\":\"rshared\",\"NonRecursive\":true}}] [] {}");
  }

  @Test
  void readOnlyRecursionNeeds144() {
    for (BindRecursion r : List.of(BindRecursion.WRITABLE, BindRecursion.READONLY)) {
      BindMount b = BindMount.builder().source("/s").target("/t").readOnly(true).recursion(r)
          .propagation(Propagation.RPRIVATE).build();
      assertThatThrownBy(() -> MountMapper.map(List.of(b), ApiVersion.of(1, 43)))
          .isInstanceOf(UnsupportedFeatureException.class).hasMessageStartingWith("bind-recursive=")
          .hasMessageContaining("needs Engine API 1.44");
      assertThat(json(MountMapper.map(List.of(b), ApiVersion.V1_44)))
          .contains(r == BindRecursion.WRITABLE ? "\"ReadOnlyNonRecursive\":true" : "\"ReadOnlyForceRecursive\":true");
    }
  }

  @Test
  void createMountpointGoesToBindsBelow142() {
    BindMount b = BindMount.builder().source("/s").target("/t").createMountpoint(true).readOnly(true)
        .propagation(Propagation.SLAVE).consistency(Consistency.DELEGATED).build();
    assertThat(json(MountMapper.map(List.of(b), V141))).isEqualTo("[] [/s:/t:ro,slave,delegated] {}");
    assertThat(json(MountMapper.map(List.of(b), ApiVersion.V1_42))).contains("\"CreateMountpoint\":true").endsWith("[] {}");
  }

  @Test
  void selinuxLabelsAlwaysGoToBinds() {
    BindMount b = BindMount.builder().source("/s").target("/t").selinuxLabel(SelinuxLabel.PRIVATE).build();
    assertThat(json(MountMapper.map(List.of(b), ApiVersion.LATEST))).isEqualTo("[] [/s:/t:Z] {}");
  }

  @Test
  void createMountpointThatBindsCannotCarryNeeds142() {
    MountSpec b = BindMount.builder().source("/s").target("/t").createMountpoint(true).recursion(BindRecursion.DISABLED).build();
    assertThatThrownBy(() -> MountMapper.map(List.of(b), V141)).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageStartingWith("bind-create-src needs Engine API 1.42");
    assertThat(json(MountMapper.map(List.of(b), ApiVersion.V1_42))).contains("\"NonRecursive\":true,\"CreateMountpoint\":true");
  }

  @Test
  void selinuxLabelsThatBindsCannotCarryAreRefused() {
    MountSpec b = BindMount.builder().source("/s").target("/t").selinuxLabel(SelinuxLabel.SHARED).recursion(BindRecursion.DISABLED).build();
    assertThatThrownBy(() -> MountMapper.map(List.of(b), ApiVersion.LATEST)).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageStartingWith("an SELinux label travels only in the -v form (HostConfig.Binds), but -v cannot express bind-recursive=disabled");
    MountSpec v = VolumeMount.builder().source("data").target("/d").selinuxLabel(SelinuxLabel.PRIVATE).readOnly(true).build();
    assertThat(json(MountMapper.map(List.of(v), V141))).isEqualTo("[] [data:/d:ro,Z] {}");
  }

  /** Each syntax travels where the docker CLI 28 sends it (recordings/mount-specs.tsv, routing column). */
  @Test
  void parsedValuesTravelInTheCliFields() {
    assertThat(MountMapper.map(List.of(MountSyntax.VOLUME.parse("/x")), V141).volumes()).containsExactly("/x");
    assertThat(MountMapper.map(List.of(MountSyntax.VOLUME.parse("x/y")), V141).volumes()).containsExactly("x/y");
    assertThat(json(MountMapper.map(List.of(MountSyntax.VOLUME.parse("/x")), V141))).isEqualTo("[] [] {}");
    assertThat(json(MountMapper.map(List.of(MountSyntax.VOLUME.parse("data:/d:ro")), V141))).isEqualTo("[] [data:/d:ro] {}");
    assertThat(json(MountMapper.map(List.of(MountSyntax.VOLUME.parse("/srv:/d")), V141))).isEqualTo("[] [/srv:/d] {}");
    assertThat(json(MountMapper.map(List.of(MountSyntax.TMPFS.parse("/t:ro,size=1m")), V141)))
        .isEqualTo("[] [] {/t=ro,size=1048576}");
    assertThat(json(MountMapper.map(List.of(MountSyntax.TMPFS.parse("/t")), V141))).isEqualTo("[] [] {/t=}");
    assertThat(json(MountMapper.map(List.of(MountSyntax.MOUNT.parse("type=volume,dst=/x")), V141)))
        .startsWith("[{\"Type\":\"volume\"").endsWith("[] {}");
    assertThat(json(MountMapper.map(List.of(MountSyntax.MOUNT.parse("type=tmpfs,dst=/t")), V141)))
        .startsWith("[{\"Type\":\"tmpfs\"").endsWith("[] {}");
    // typed values travel in Mounts unless told otherwise
    assertThat(json(MountMapper.map(List.of(VolumeMount.anonymous("/x")), V141))).startsWith("[{\"Type\":\"volume\"");
    assertThat(MountMapper.map(List.of(VolumeMount.anonymous("/x").withOrigin(MountSpec.Origin.VOLUME_FLAG)), V141).volumes())
        .containsExactly("/x");
  }

  @Test
  void tmpfsWithOptionsGoesToTheTmpfsMapBelow146() {
    TmpfsMount t = TmpfsMount.builder().target("/t").sizeBytes(1024).mode(01777).addOption("noexec").addOption("nr_inodes=1k").build();
    assertThat(json(MountMapper.map(List.of(t), V141))).isEqualTo("[] [] {/t=size=1024,mode=1777,noexec,nr_inodes=1k}");
    assertThat(json(MountMapper.map(List.of(t), ApiVersion.V1_46))).isEqualTo("[{\"Type\":\"tmpfs\",\"Target\":\"/t\","
        + "\"TmpfsOptions\":{\"SizeBytes\":1024,\"Mode\":1023,\"Options\":[[\"noexec\"],[\"nr_inodes\",\"1k\"]]}}] [] {}");
    assertThat(json(MountMapper.map(List.of(TmpfsMount.at("/x").withSizeBytes(5).withReadOnly(true)), V141)))
        .isEqualTo("[{\"Type\":\"tmpfs\",\"Target\":\"/x\",\"ReadOnly\":true,\"TmpfsOptions\":{\"SizeBytes\":5}}] [] {}");
  }
}
