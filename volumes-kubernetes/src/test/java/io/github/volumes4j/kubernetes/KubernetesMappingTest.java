package io.github.volumes4j.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.VolumeSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** One test per mapping rule of docs/kubernetes.md, and one per refusal. */
class KubernetesMappingTest {

  private final KubernetesMapping mapping = KubernetesMapping.builder().claimStorage("10Gi").build();

  private static List<MountSpec> v(String... specs) {
    return Arrays.stream(specs).map(MountSyntax.VOLUME::parse).toList();
  }

  private static List<MountSpec> mount(String... specs) {
    return Arrays.stream(specs).map(MountSyntax.MOUNT::parse).toList();
  }

  private static List<MountSpec> tmpfs(String... specs) {
    return Arrays.stream(specs).map(MountSyntax.TMPFS::parse).toList();
  }

  @Test
  void tmpfsIsAMemoryEmptyDirWithItsSizeAsSizeLimit() {
    PodVolumes p = mapping.map(tmpfs("/run:size=64m"));
    assertThat(p.volumes()).containsExactly(Map.of("name", "tmpfs-run", "emptyDir",
        Map.of("medium", "Memory", "sizeLimit", "64Mi")));
    assertThat(p.volumeMounts()).containsExactly(Map.of("name", "tmpfs-run", "mountPath", "/run"));
    assertThat(p.notes()).isEmpty();
    assertThat(KubernetesMapping.quantity(1000)).isEqualTo("1000");
    assertThat(KubernetesMapping.quantity(3L << 30)).isEqualTo("3Gi");
  }

  @Test
  void aTmpfsWithoutSizeHasNoLimitAndSaysSoAndReadOnlyIsKept() {
    PodVolumes p = mapping.map(mount("type=tmpfs,dst=/scratch,readonly"));
    assertThat(p.volumes().get(0).get("emptyDir")).isEqualTo(Map.of("medium", "Memory"));
    assertThat(p.volumeMounts().get(0)).containsEntry("readOnly", true);
    assertThat(p.notes()).singleElement().asString().contains("no sizeLimit");
  }

  @Test
  void aTmpfsModeOrOptionHasNoEquivalent() {
    assertThatThrownBy(() -> mapping.map(mount("type=tmpfs,dst=/t,tmpfs-mode=0700")))
        .isInstanceOf(UnmappableMountException.class).hasMessageContaining("tmpfs /t: tmpfs-mode=700")
        .hasMessageContaining("always 0777");
    assertThatThrownBy(() -> mapping.map(tmpfs("/t:noexec")))
        .isInstanceOf(UnmappableMountException.class).hasMessageContaining("[noexec]");
  }

  @Test
  void aBindIsAHostPathDirectoryOrCreateFromDashVAndDirectoryFromMount() {
    assertThat(mapping.map(v("/srv/conf:/etc/app")).volumes()).containsExactly(Map.of("name", "host-srv-conf",
        "hostPath", Map.of("path", "/srv/conf", "type", "DirectoryOrCreate")));
    assertThat(mapping.map(mount("type=bind,src=/srv/conf,dst=/etc/app")).volumes().get(0).get("hostPath"))
        .isEqualTo(Map.of("path", "/srv/conf", "type", "Directory"));
    assertThat(mapping.map(mount("type=bind,src=/srv/conf,dst=/etc/app,bind-create-src=true")).volumes().get(0)
        .get("hostPath")).isEqualTo(Map.of("path", "/srv/conf", "type", "DirectoryOrCreate"));
  }

  @Test
  void readOnlyAndRecursiveReadOnlyMap() {
    assertThat(mapping.map(v("/srv:/srv:ro")).volumeMounts().get(0)).containsEntry("readOnly", true)
        .doesNotContainKey("recursiveReadOnly");
    assertThat(mapping.map(mount("type=bind,src=/srv,dst=/srv,readonly,bind-recursive=readonly,"
        + "bind-propagation=rprivate")).volumeMounts().get(0)).containsEntry("readOnly", true)
        .containsEntry("recursiveReadOnly", "Enabled").containsEntry("mountPropagation", "None");
    assertThat(mapping.map(mount("type=bind,src=/srv,dst=/srv,readonly,bind-recursive=writable")).volumeMounts()
        .get(0)).containsEntry("recursiveReadOnly", "Disabled");
  }

  @Test
  void aNonRecursiveBindHasNoEquivalent() {
    assertThatThrownBy(() -> mapping.map(mount("type=bind,src=/srv,dst=/srv,bind-recursive=disabled")))
        .isInstanceOf(UnmappableMountException.class).hasMessageContaining("bind /srv -> /srv")
        .hasMessageContaining("always bound recursively");
  }

  @Test
  void recursivePropagationMapsAndTheNonRecursiveKindsAreRefused() {
    assertThat(mapping.map(v("/mnt:/mnt:rslave")).volumeMounts().get(0)).containsEntry("mountPropagation",
        "HostToContainer");
    PodVolumes shared = mapping.map(v("/mnt:/mnt:rshared"));
    assertThat(shared.volumeMounts().get(0)).containsEntry("mountPropagation", "Bidirectional");
    assertThat(shared.notes()).singleElement().asString().contains("privileged");
    assertThat(mapping.map(v("/mnt:/mnt:rprivate")).volumeMounts().get(0)).containsEntry("mountPropagation", "None");
    assertThatThrownBy(() -> mapping.map(v("/mnt:/mnt:slave"))).isInstanceOf(UnmappableMountException.class)
        .hasMessageContaining("bind-propagation=slave").hasMessageContaining("use rslave");
  }

  @Test
  void anSelinuxRelabelHasNoPerMountEquivalent() {
    assertThatThrownBy(() -> mapping.map(v("/srv:/srv:z"))).isInstanceOf(UnmappableMountException.class)
        .hasMessageContaining(":z").hasMessageContaining("seLinuxOptions");
    assertThatThrownBy(() -> mapping.map(v("data:/data:Z"))).isInstanceOf(UnmappableMountException.class)
        .hasMessageContaining(":Z");
  }

  @Test
  void aNamedVolumeIsAClaimAndItsMountsShareOnePodVolume() {
    KubernetesMapping m = KubernetesMapping.builder().claimStorage("5Gi").storageClass("fast").accessMode("ReadWriteMany")
        .build();
    PodVolumes p = m.map(mount("type=volume,src=app.data,dst=/data,volume-subpath=db,volume-nocopy",
        "type=volume,src=app.data,dst=/logs,volume-subpath=logs,readonly,volume-nocopy"));
    assertThat(p.volumes()).containsExactly(Map.of("name", "app-data", "persistentVolumeClaim",
        Map.of("claimName", "app.data")));
    assertThat(p.volumeMounts()).containsExactly(Map.of("name", "app-data", "mountPath", "/data", "subPath", "db"),
        Map.of("name", "app-data", "mountPath", "/logs", "subPath", "logs", "readOnly", true));
    assertThat(p.claims()).containsExactly(Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
        "metadata", Map.of("name", "app.data"), "spec", Map.of("accessModes", List.of("ReadWriteMany"),
            "resources", Map.of("requests", Map.of("storage", "5Gi")), "storageClassName", "fast")));
    assertThat(p.notes()).isEmpty();
  }

  @Test
  void dockersCopyOfTheImagesFilesIsNotedAndAnAnonymousVolumeIsAnEmptyDir() {
    PodVolumes p = mapping.map(v("pgdata:/var/lib/postgresql/data", "/cache"));
    assertThat(p.notes()).hasSize(2);
    assertThat(p.notes().get(0)).contains("volume pgdata").contains("Kubernetes never does");
    assertThat(p.notes().get(1)).contains("anonymous volume").contains("as long as the Pod");
    assertThat(p.volumes().get(1)).isEqualTo(Map.of("name", "anon-cache", "emptyDir", Map.of()));
  }

  @Test
  void aVolumeNameThatIsNoClaimNameIsRefusedWithASuggestionOrMapped() {
    assertThatThrownBy(() -> mapping.map(v("My_Data:/data"))).isInstanceOf(UnmappableMountException.class)
        .hasMessageContaining("\"My_Data\"").hasMessageContaining("claimName(\"My_Data\", \"my-data\")");
    PodVolumes p = KubernetesMapping.builder().claimStorage("1Gi").claimName("My_Data", "my-data").build()
        .map(v("My_Data:/data"));
    assertThat(p.claims().get(0)).extracting(c -> ((Map<?, ?>) c.get("metadata")).get("name")).isEqualTo("my-data");
  }

  @Test
  void aClaimNeedsAStorageRequestThatIsNeverGuessed() {
    assertThatThrownBy(() -> KubernetesMapping.builder().build().map(v("pgdata:/data")))
        .isInstanceOf(UnmappableMountException.class).hasMessageContaining("claimStorage(\"10Gi\")");
    assertThatThrownBy(() -> KubernetesMapping.builder().claimStorage("ten gigs"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"ten gigs\"");
  }

  @Test
  void driverOptionsAreRefusedWithoutShowingTheirValues() {
    assertThatThrownBy(() -> mapping.map(mount("type=volume,src=share,dst=/s,volume-opt=type=cifs,"
        + "\"volume-opt=o=username=u,password=hunter2\"")))
        .isInstanceOf(UnmappableMountException.class).hasMessageContaining("[type, o]")
        .hasMessageContaining("StorageClass").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> mapping.map(v("nfsvol:/data"), List.of(VolumeSpec.builder().name("nfsvol")
        .driverOptions(Map.of("type", "nfs", "o", "addr=10.0.0.1", "device", ":/export")).build())))
        .isInstanceOf(UnmappableMountException.class).hasMessageContaining("volume nfsvol")
        .hasMessageNotContaining("10.0.0.1");
  }

  @Test
  void labelsThatKubernetesTakesAreLabelsTheOthersAnnotations() {
    PodVolumes p = mapping.map(v("db:/data"), List.of(VolumeSpec.named("db").label("app", "shop")
        .label("com.example.note", "a value with spaces")));
    Map<?, ?> meta = (Map<?, ?>) p.claims().get(0).get("metadata");
    assertThat(meta.get("labels")).isEqualTo(Map.of("app", "shop"));
    assertThat(meta.get("annotations")).isEqualTo(Map.of("com.example.note", "a value with spaces"));
    assertThat(p.notes()).anyMatch(n -> n.contains("annotations"));
  }

  @Test
  void aDuplicateTargetIsRefusedAndPodVolumeNamesAreUnique() {
    assertThatThrownBy(() -> mapping.map(v("/a:/x", "/b:/x"))).isInstanceOf(UnmappableMountException.class)
        .hasMessageContaining("already has the target /x");
    PodVolumes p = mapping.map(v("/srv:/a", "/srv:/b"));
    assertThat(p.volumes()).extracting(x -> x.get("name")).containsExactly("host-srv", "host-srv-2");
  }

  @Test
  void thePodYamlIsKubernetesYamlThatReadsBack() {
    PodVolumes p = mapping.map(List.of(MountSyntax.VOLUME.parse("pgdata:/var/lib/postgresql/data"),
        MountSyntax.TMPFS.parse("/run:size=64m"), MountSyntax.VOLUME.parse("/srv/conf:/etc/app:ro")));
    String yaml = p.podYaml("db", "postgres:16");
    List<Object> docs = new java.util.ArrayList<>();
    new Load(LoadSettings.builder().build()).loadAllFromString(yaml).forEach(docs::add);
    assertThat(docs).hasSize(2);
    assertThat(docs.get(0)).isEqualTo(p.claims().get(0));
    Map<?, ?> pod = (Map<?, ?>) docs.get(1);
    assertThat(pod.get("kind")).isEqualTo("Pod");
    Map<?, ?> spec = (Map<?, ?>) pod.get("spec");
    assertThat(spec.get("volumes")).isEqualTo(p.volumes());
    assertThat(((Map<?, ?>) ((List<?>) spec.get("containers")).get(0)).get("volumeMounts")).isEqualTo(p.volumeMounts());
    assertThat(yaml).contains("kind: PersistentVolumeClaim").contains("    medium: Memory");
    Map<?, ?> fragment = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(p.fragmentYaml());
    assertThat(fragment.get("volumeMounts")).isEqualTo(p.volumeMounts());
    assertThatThrownBy(() -> p.podYaml("Bad_Name", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DNS-1123");
  }

  @Test
  void resultsAreImmutable() {
    PodVolumes p = mapping.map(v("/srv:/srv"));
    assertThatThrownBy(() -> p.volumes().clear()).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> host = (Map<String, Object>) p.volumes().get(0).get("hostPath");
    assertThatThrownBy(() -> host.put("path", "/etc")).isInstanceOf(UnsupportedOperationException.class);
  }
}
