package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.InvalidVolumeSpecException;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnabledIfDocker
class DockerVolumesIT {

  static final String IMAGE = "volumes4j/busybox:test";
  static final String TEST_LABEL = "io.github.volumes4j.test";

  DockerEngine engine;
  String run;

  @BeforeEach
  void connect() {
    engine = DockerEngine.detect();
    run = "dv-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() {
    engine.listContainers(Map.of(TEST_LABEL, run)).forEach(c -> engine.removeContainer(c.id(), true, true));
    engine.listVolumes(VolumeFilter.label(TEST_LABEL, run)).forEach(v -> engine.removeVolume(v.name(), true));
    engine.close();
  }

  VolumeSpec named(String suffix) {
    return VolumeSpec.named(run + "-" + suffix).label(TEST_LABEL, run);
  }

  @Test
  void negotiatesTheDaemonsVersionAndPrefixesPaths() {
    assertThat(engine.info().apiVersion()).isEqualTo(ApiVersion.parse("1.41"));
    assertThat(engine.info().version()).startsWith("20.10");
    assertThat(engine.info().os()).isEqualTo("linux");
    assertThat(engine.info().product()).contains("Docker Engine"); // Debian's 20.10 leaves Platform.Name empty
    assertThat(engine.info().isPodman()).isFalse();
    assertThat(engine.ping()).isTrue();
  }

  @Test
  void createsAndInspectsEveryField() {
    Volume created = engine.createVolume(named("a").label("app", "billing").driverOption("type", "tmpfs")
        .driverOption("device", "tmpfs"));
    Volume v = engine.inspectVolume(run + "-a");
    assertThat(v).isEqualTo(created);
    assertThat(v.name()).isEqualTo(run + "-a");
    assertThat(v.driver()).isEqualTo("local");
    assertThat(v.mountpoint()).isEqualTo("/var/lib/docker/volumes/" + run + "-a/_data");
    assertThat(v.createdAt()).get().satisfies(t -> assertThat(t).isAfter(OffsetDateTime.now().minusMinutes(5)));
    assertThat(v.scope()).isEqualTo("local");
    assertThat(v.labels()).containsEntry("app", "billing").containsEntry(TEST_LABEL, run);
    assertThat(v.options()).containsEntry("type", "tmpfs").containsEntry("device", "tmpfs");
    assertThat(v.labelsReported()).isTrue();
    assertThat(v.optionsReported()).isTrue();
    assertThat(v.usage()).isEmpty();
  }

  @Test
  void tellsNullOptionsFromEmptyOnes() {
    Volume v = engine.createVolume(named("b"));
    assertThat(v.options()).isEmpty();
    assertThat(v.optionsReported()).isFalse();   // Docker answers "Options": null
    assertThat(v.labelsReported()).isTrue();
  }

  @Test
  void createsAnonymousVolumes() {
    Volume v = engine.createVolume(VolumeSpec.anonymous().label(TEST_LABEL, run));
    assertThat(v.anonymous()).isTrue();
    assertThat(v.name()).hasSize(64);
    // Docker 20.10 puts no com.docker.volume.anonymous label on it (ANCHORS.md)
    assertThat(v.labels()).containsOnlyKeys(TEST_LABEL);
  }

  @Test
  void recreatingANameReturnsTheOriginalUnchanged() {
    engine.createVolume(named("c").label("v", "1"));
    Volume again = engine.createVolume(named("c").label("v", "2"));
    assertThat(again.labels()).containsEntry("v", "1");
  }

  @Test
  void missingVolumesAreNotFoundWithTheDaemonsMessage() {
    assertThatThrownBy(() -> engine.inspectVolume(run + "-none"))
        .isInstanceOf(VolumeNotFoundException.class)
        .hasMessage("get " + run + "-none: no such volume")
        .satisfies(e -> assertThat(((VolumeNotFoundException) e).name()).isEqualTo(run + "-none"))
        .hasCauseInstanceOf(DockerErrorResponse.class)
        .satisfies(e -> assertThat(((DockerErrorResponse) e.getCause()).status()).isEqualTo(404));
    assertThatThrownBy(() -> engine.removeVolume(run + "-none", false))
        .isInstanceOf(VolumeNotFoundException.class)
        .hasMessage("get " + run + "-none: no such volume");
    engine.removeVolume(run + "-none", true);   // force forgives a missing volume
  }

  @Test
  void invalidNamesAreInvalidSpecs() {
    assertThatThrownBy(() -> engine.createVolume(VolumeSpec.named("bad!name")))
        .isInstanceOf(InvalidVolumeSpecException.class)
        .hasMessage("create bad!name: \"bad!name\" includes invalid characters for a local volume name, only"
            + " \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
  }

  @Test
  void listsWithEveryFilter() {
    engine.createVolume(named("l1").label("tier", "db"));
    engine.createVolume(named("l2").label("tier", "web"));
    assertThat(names(engine.listVolumes(VolumeFilter.label(TEST_LABEL, run)))).containsExactlyInAnyOrder(run + "-l1", run + "-l2");
    assertThat(names(engine.listVolumes(VolumeFilter.builder().addLabel(TEST_LABEL + "=" + run).addLabel("tier=db").build())))
        .containsExactly(run + "-l1");
    assertThat(names(engine.listVolumes(VolumeFilter.builder().addName(run + "-l[2]").build()))).containsExactly(run + "-l2");
    assertThat(names(engine.listVolumes(VolumeFilter.builder().addLabel(TEST_LABEL + "=" + run).addDriver("local").dangling(true).build())))
        .hasSize(2);
    assertThat(engine.listVolumes(VolumeFilter.builder().addLabel(TEST_LABEL + "=" + run).dangling(false).build())).isEmpty();
  }

  @Test
  void removingAVolumeInUseNamesTheContainers() {
    engine.createVolume(named("used"));
    String id = engine.createContainer(ContainerSpec.builder().image(IMAGE).addCommand("true").putLabel(TEST_LABEL, run)
        .addMount(VolumeMount.of(run + "-used", "/data")).build());
    assertThatThrownBy(() -> engine.removeVolume(run + "-used", false))
        .isInstanceOf(VolumeInUseException.class)
        .hasMessage("remove " + run + "-used: volume is in use - [" + id + "]")
        .satisfies(e -> assertThat(((VolumeInUseException) e).containerIds()).containsExactly(id));
    // force does not forgive use
    assertThatThrownBy(() -> engine.removeVolume(run + "-used", true)).isInstanceOf(VolumeInUseException.class);
  }

  @Test
  void prunesByLabelAndNotLabel() {
    engine.createVolume(named("p1").label("keep", "no"));
    engine.createVolume(named("p2").label("keep", "yes"));
    PruneResult r = engine.pruneVolumes(PruneOptions.all().label(TEST_LABEL, run).labelNot("keep", "yes"));
    assertThat(r.volumesDeleted()).containsExactly(run + "-p1");
    assertThat(r.spaceReclaimed()).isGreaterThanOrEqualTo(0);
    assertThat(names(engine.listVolumes(VolumeFilter.label(TEST_LABEL, run)))).containsExactly(run + "-p2");
  }

  @Test
  void anAnonymousOnlyPruneIsRefusedBelow142BeforeAnythingIsSent() {
    engine.createVolume(named("pa"));
    assertThatThrownBy(() -> engine.pruneVolumes(PruneOptions.defaults().label(TEST_LABEL, run)))
        .isExactlyInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("needs Engine API 1.42").hasMessageContaining("PruneOptions.all()")
        .hasNoCause();
    assertThat(engine.inspectVolume(run + "-pa").name()).isEqualTo(run + "-pa");
  }

  @Test
  void usageComesFromSystemDf() {
    engine.createVolume(named("u"));
    Volume v = engine.inspectVolumeWithUsage(run + "-u");
    assertThat(v.usage()).get().satisfies(u -> {
      assertThat(u.sizeBytes()).isEqualTo(0);
      assertThat(u.refCount()).isEqualTo(0);
    });
  }

  @Test
  void connectsThroughTheServiceLoader() {
    try (Volumes volumes = Volumes.connect()) {
      assertThat(volumes.engine()).isInstanceOf(DockerEngine.class);
      assertThat(volumes.find(run + "-nothing")).isEmpty();
    }
  }

  @Test
  void aPinnedVersionAboveTheDaemonsIsRefused() {
    assertThatThrownBy(() -> DockerEngine.builder().host(engine.host()).apiVersion(ApiVersion.V1_44).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("speaks 1.41");
  }

  @Test
  void aMissingSocketIsUnavailable() {
    assertThatThrownBy(() -> DockerEngine.builder().host("unix:///nonexistent/docker.sock").build())
        .isInstanceOf(io.github.volumes4j.EngineUnavailableException.class)
        .hasMessageContaining("unix:///nonexistent/docker.sock");
  }

  static List<String> names(List<Volume> vs) {
    return vs.stream().map(Volume::name).toList();
  }
}
