package io.github.volumes4j.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesFrom;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

/** The docker-java model, both ways, without a daemon. */
class DockerJavaMountsTest {

  @Provide
  Arbitrary<MountSpec> mounts() {
    return MountArbitraries.mounts();
  }

  /** Every Mounts entry reads back as the value that made it (the raw fields included). */
  @Property(tries = 500)
  void aMountsEntryReadsBackAsItsValue(@ForAll("mounts") MountSpec spec) {
    MountSpec plain = withoutOrigin(spec);
    if ((plain instanceof VolumeMount v && v.selinuxLabel().isPresent()) || (plain instanceof BindMount b && b.selinuxLabel().isPresent())) {
      assertThatThrownBy(() -> DockerJavaMounts.toMount(plain, ApiVersion.LATEST)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("SELinux label");
      return;  // only -v carries a label: never dropped silently
    }
    MountSpec back = DockerJavaMounts.fromMount(DockerJavaMounts.toMount(plain, ApiVersion.LATEST));
    if (plain instanceof VolumeMount v && v.driver().isEmpty() && !v.driverOptions().isEmpty()) {
      // Docker's DriverConfig has a name: options without a driver are sent for "local"
      assertThat(back).isEqualTo(v.withDriver("local"));
    } else {
      assertThat(back).isEqualTo(plain);
    }
  }

  /** Every -v text travels as written and reads back as the same value. */
  @Property(tries = 500)
  void aBindsEntryIsTheMinusVTextAndReadsBack(@ForAll("mounts") MountSpec spec) {
    if (spec instanceof TmpfsMount || (spec instanceof VolumeMount v && v.anonymous()) || !MountSyntax.VOLUME.canWrite(spec)) {
      return;
    }
    Bind b = DockerJavaMounts.toBind(spec, ApiVersion.LATEST);
    assertThat(b.toString()).isEqualTo(MountSyntax.VOLUME.format(spec));
    assertThat(withoutOrigin(DockerJavaMounts.fromBind(b))).isEqualTo(withoutOrigin(MountSyntax.VOLUME.parse(MountSyntax.VOLUME.format(spec))));
  }

  @Test
  void docker_javasOwnModelLosesWhatTheTextSays() {
    // docker-java's own VolumesFrom turns "c:ro" into "c:ro:rw"; ours is sent as written
    assertThat(new com.github.dockerjava.api.model.VolumesFrom("c:ro").toString()).isEqualTo("c:ro:rw");
    assertThat(DockerJavaMounts.toVolumesFrom(VolumesFrom.parse("c:ro")).toString()).isEqualTo("c:ro");
    assertThat(DockerJavaMounts.toVolumesFrom(VolumesFrom.parse("c")).toString()).isEqualTo("c");
    assertThat(DockerJavaMounts.toVolumesFrom(VolumesFrom.parse("c:ro,z")).toString()).isEqualTo("c:ro,z");
    // a -v with nocopy and a label: one text, not docker-java's re-formatting
    MountSpec v = MountSyntax.VOLUME.parse("data:/data:ro,nocopy,Z");
    assertThat(DockerJavaMounts.toBind(v, ApiVersion.MINIMUM).toString()).isEqualTo(MountSyntax.VOLUME.format(v))
        .isEqualTo("data:/data:ro,Z,nocopy");
  }

  @Test
  void whatOnlyMountSyntaxCanSayIsRefusedAsBindsText() {
    assertThatThrownBy(() -> DockerJavaMounts.toBind(TmpfsMount.at("/t"), ApiVersion.LATEST))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toTmpfs");
    assertThatThrownBy(() -> DockerJavaMounts.toBind(VolumeMount.anonymous("/a"), ApiVersion.LATEST))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Config.Volumes");
    assertThatThrownBy(() -> DockerJavaMounts.toBind(VolumeMount.of("dd", "/d").withSubpath("x"), ApiVersion.LATEST))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toMount");
  }

  @Test
  void theVersionGatesOfDockerEngineApply() {
    assertThatThrownBy(() -> DockerJavaMounts.toMount(VolumeMount.of("dd", "/d").withSubpath("x"), ApiVersion.MINIMUM))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("1.45");
    assertThatThrownBy(() -> DockerJavaMounts.toMount(TmpfsMount.at("/t").withOptions("noexec"), ApiVersion.MINIMUM))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("1.46").hasMessageContaining("toTmpfs");
    // apply routes them where the version can carry them, as DockerEngine does
    // a command of Testcontainers' own client, never executed (nothing listens on port 9)
    var client = org.testcontainers.dockerclient.DockerClientProviderStrategy.getClientForConfig(
        org.testcontainers.dockerclient.TransportConfig.builder().dockerHost(java.net.URI.create("tcp://127.0.0.1:9")).build());
    var cmd = client.createContainerCmd("busybox");
    DockerJavaMounts.apply(cmd, List.of(TmpfsMount.at("/t").withOptions("noexec").withSizeBytes(4096)), List.of(), ApiVersion.MINIMUM);
    assertThat(cmd.getHostConfig().getTmpFs()).isEqualTo(Map.of("/t", "size=4096,noexec"));
    assertThat(cmd.getHostConfig().getMounts()).isNull();
  }

  @Test
  void aHostConfigReadsAsItsMounts() {
    HostConfig hc = new HostConfig().withBinds(Bind.parse("/srv:/srv:ro"))
        .withMounts(List.of(new Mount().withType(com.github.dockerjava.api.model.MountType.VOLUME).withSource("data").withTarget("/data")))
        .withTmpFs(Map.of("/run", "size=64m,noexec"));
    assertThat(DockerJavaMounts.fromHostConfig(hc)).containsExactly(
        MountSyntax.VOLUME.parse("/srv:/srv:ro"),  // -v semantics: createMountpoint
        VolumeMount.of("data", "/data"),
        TmpfsMount.at("/run").withSizeBytes(64L << 20).withOptions("noexec").withOrigin(MountSpec.Origin.TMPFS_FLAG));
  }

  static MountSpec withoutOrigin(MountSpec m) {
    if (m instanceof VolumeMount v) {
      return v.withOrigin(java.util.Optional.empty());
    }
    if (m instanceof BindMount b) {
      return b.withOrigin(java.util.Optional.empty());
    }
    return ((TmpfsMount) m).withOrigin(java.util.Optional.empty());
  }
}
