package io.github.volumes4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.MountType;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs every example on one engine and asserts what it claims; and that it leaves nothing behind.
 * One subclass per engine.
 */
abstract class ExamplesContract {

  protected abstract Volumes createVolumes();

  Volumes volumes;
  private Set<String> runsBefore;

  @BeforeEach
  void open() {
    volumes = createVolumes();
    runsBefore = runs();
  }

  @AfterEach
  void leftNothingBehind() {
    try {
      assertThat(runs()).as("example runs with volumes or containers left behind").isEqualTo(runsBefore);
    } finally {
      volumes.close();
    }
  }

  /** The values of the examples' label on every volume and container of the engine. */
  private Set<String> runs() {
    Set<String> runs = volumes.list(VolumeFilter.hasLabel(Lab.LABEL)).stream().map(v -> v.labels().get(Lab.LABEL))
        .collect(Collectors.toSet());
    volumes.engine().listContainers(Map.of(Lab.LABEL, "")).stream().map(ContainerInfo::labels)
        .map(l -> l.get(Lab.LABEL)).forEach(runs::add);
    return runs;
  }

  boolean docker() {
    return !(volumes.engine() instanceof InMemoryEngine);
  }

  @Test
  void nightlySnapshotsStoreOnlyWhatChangedKeepTheLastThreeAndRestore() {
    NightlySnapshots.Result r = NightlySnapshots.run(volumes);
    assertThat(r.nights()).hasSize(5);
    long first = r.nights().get(0).addedBytes();
    assertThat(first).isGreaterThan(8 * (256 << 10));
    // each later night rewrote one table and the log: a small fraction of the first night's bytes
    r.nights().subList(1, 5).forEach(n -> assertThat(n.addedBytes()).isLessThan(first / 4));
    assertThat(r.diff().changed()).contains("/base/table5.dat", "/wal/000001.log").doesNotContain("/base/table1.dat");
    assertThat(r.retention().kept()).hasSize(3);
    assertThat(r.retention().forgotten()).extracting(s -> s.id())
        .containsExactlyInAnyOrder(r.nights().get(0).id(), r.nights().get(1).id());
    assertThat(r.prune().chunksRemoved()).isPositive();
    assertThat(r.check().problems()).isEmpty();
    assertThat(r.check().snapshots()).isEqualTo(3);
    assertThat(r.restoredMatches()).isTrue();
    assertThat(r.dbRunningAfter()).isTrue();
    if (docker()) {
      // the mountpoint path: untouched files are not even read
      assertThat(r.nights().get(4).filesUnchanged()).isPositive();
    }
  }

  @Test
  void ephemeralContainersLoseTheirLayerButNotTheirVolume() {
    EphemeralContainers.Result r = EphemeralContainers.run(volumes);
    assertThat(r.layerFileBeforeRemove()).isTrue();
    assertThat(r.layerFileInNewContainer()).isFalse();
    assertThat(r.volumeFileInNewContainer()).isEqualTo("kept in the volume");
  }

  @Test
  void theDatabaseKeepsItsRecordsAcrossStopRemovalAndRecreation() {
    DatabaseStorage.Result r = DatabaseStorage.run(volumes);
    assertThat(r.records()).containsExactly("record 1 by db-1", "record 2 by db-1", "record 3 by db-2");
    boolean sqliteHere = (java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/sqlite3"))
        || java.nio.file.Files.isExecutable(java.nio.file.Path.of("/bin/sqlite3")))
        && (java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/busybox"))
        || java.nio.file.Files.isExecutable(java.nio.file.Path.of("/bin/busybox")));
    assertThat(r.database()).isEqualTo(!docker() ? "java twin" : sqliteHere ? "sqlite" : "shell");
    assertThat(r.removeWhileInUseRefused()).contains("volume is in use");
  }

  @Test
  void containersShareAVolumeAndVolumesFromReadOnlyRefusesWrites() {
    SharingData.Result r = SharingData.run(volumes);
    assertThat(r.writerRunningDuringRead()).isTrue();
    assertThat(r.readerSaw()).isEqualTo(r.message());
    assertThat(r.replySeenByWriterVolume()).isEqualTo("thanks from the reader");
    assertThat(r.inheritedSaw()).isEqualTo(r.message());
    assertThat(r.inheritedReadOnly()).isTrue();
    assertThat(r.inheritedWriteRefused()).isTrue();
  }

  @Test
  void configurationFromTheClassPathIsReadOnlyAndChangesWithoutANewImage() {
    Configuration.Result r = Configuration.run(volumes);
    assertThat(r.seededFiles()).containsExactly("app.properties", "logging.properties");
    assertThat(r.firstGreeting()).isEqualTo("Hello");
    assertThat(r.secondGreeting()).isEqualTo("Hej");
    assertThat(r.appWriteRefused()).isTrue();
    assertThat(r.sameImage()).isTrue();
  }

  @Test
  void logsOfSeveralContainersAreCollectedAndCopiedToTheHost() {
    Logs.Result r = Logs.run(volumes);
    assertThat(r.hostFiles()).containsOnly(Map.entry("cron/app.log", 3L), Map.entry("web/app.log", 3L),
        Map.entry("worker/app.log", 3L));
    assertThat(r.collected()).contains("== /logs/web/app.log", "web line 1", "worker line 3", "cron line 2")
        .hasSize(12);
    assertThat(r.hostDirectory()).doesNotExist();   // the temporary copy is deleted after the run
  }

  @Test
  void aBindMountShowsAHostEditWhereAVolumeKeepsItsCopy() {
    BindMountsVersusVolumes.Result r = BindMountsVersusVolumes.run(volumes);
    assertThat(r.bindReportedAsBind()).isTrue();
    assertThat(r.volumeAfterEdit()).isEqualTo("v1");
    assertThat(r.missingSourceRefused()).contains("bind source path does not exist");
    assertThat(r.hotReloadSeen()).isTrue();
  }

  @Test
  void aTmpfsSecretIsNeverOnDiskAndGoneAfterAStop() {
    TmpfsSecrets.Result r = TmpfsSecrets.run(volumes);
    assertThat(r.mountType()).isEqualTo(MountType.TMPFS);
    assertThat(r.processSawSecret()).isTrue();
    assertThat(r.onDiskWhileRunning()).isFalse();
    assertThat(r.onDiskAfterStop()).isFalse();
    assertThat(r.leftoverAfterRestart()).isFalse();
  }

  @Test
  void localDriverVolumesWorkAndThePasswordIsNeverPrinted() {
    VolumeDrivers.Result r = VolumeDrivers.run(volumes);
    assertThat(r.tmpfsSharedWhileRunning()).isEqualTo("in RAM");
    assertThat(r.tmpfsEmptyAfterStop()).isTrue();
    assertThat(r.bindHostSawContainerFile()).isEqualTo(docker() ? java.util.Optional.of(true) : java.util.Optional.empty());
    assertThat(r.nfsOptions()).containsEntry("type", "nfs").containsEntry("device", ":/exports/shared")
        .containsEntry("o", "addr=192.0.2.10,rw,nfsvers=4");
    assertThat(r.cifsInspected()).contains("password=" + io.github.volumes4j.LocalDriver.MASK).doesNotContain(VolumeDrivers.PASSWORD);
    assertThat(r.transcript()).doesNotContain(VolumeDrivers.PASSWORD).contains("not mounted");
    assertThat(r.invalidOptionRefused()).startsWith("invalid option: \"mode\"");
  }

  @Test
  void backupsByTheTarPatternAndByTheLibraryRestoreTheSameBytes() {
    Backups.Result r = Backups.run(volumes);
    Map<String, String> expected = new java.util.TreeMap<>(Backups.FILES);
    assertThat(r.patternArchive()).containsExactly("data/", "data/orders/", "data/orders/1.txt", "data/orders/2.txt",
        "data/settings.conf");
    assertThat(r.patternRestored()).isEqualTo(expected);
    assertThat(r.restoredFiles()).isEqualTo(expected);
    assertThat(r.restoredDigestMatches()).isTrue();
    assertThat(r.manifest().content().files()).isEqualTo(3);
    assertThat(r.manifest().content().bytes()).isEqualTo(expected.values().stream().mapToLong(String::length).sum());
    assertThat(r.consistentRestarted()).hasSize(1);
    assertThat(r.appRunningAfter()).isTrue();
    assertThat(r.compressedDigests()).containsOnlyKeys("gzip", "zstd")
        .allSatisfy((kind, sha) -> assertThat(sha).isEqualTo(r.manifest().content().sha256()));
  }

  @Test
  void housekeepingListsFiltersAndPrunesAsTheApiVersionSays() {
    Housekeeping.Result r = Housekeeping.run(volumes);
    assertThat(r.listed().get("label")).containsExactly("<anonymous>", "cache-a", "db-b", "in-use-a", "old-a");
    assertThat(r.listed().get("team=a")).containsExactly("<anonymous>", "cache-a", "in-use-a", "old-a");
    assertThat(r.listed().get("dangling")).containsExactly("<anonymous>", "cache-a", "db-b", "old-a");
    assertThat(r.listed().get("name")).containsExactly("cache-a", "in-use-a", "old-a");
    assertThat(r.sizes()).containsEntry("cache-a", 65536L).containsEntry("db-b", 16384L).containsEntry("old-a", 0L);
    assertThat(r.daemonUsage().get("cache-a").sizeBytes()).isEqualTo(65536L);
    assertThat(r.daemonUsage().get("in-use-a").refCount()).isEqualTo(1L);
    if (r.apiVersion().isAtLeast(ApiVersion.V1_42)) {
      assertThat(r.prunedByDefault()).contains(List.of("<anonymous>"));
      assertThat(r.defaultRefused()).isEmpty();
      assertThat(r.prunedWithAll()).containsExactly("cache-a", "old-a");
    } else {
      // an anonymous-only prune would take named volumes at 1.41: refused, nothing removed
      assertThat(r.prunedByDefault()).isEmpty();
      assertThat(r.defaultRefused()).contains("needs Engine API 1.42").contains("PruneOptions.all()");
      assertThat(r.prunedWithAll()).containsExactly("<anonymous>", "cache-a", "old-a");
    }
    assertThat(r.inUseKept()).isTrue();
  }

  @Test
  void composeProjectsAreReadLintedCreatedOnceAndRunAsComposeWould() throws java.io.IOException {
    java.util.Set<java.nio.file.Path> before = exampleDirs();
    ComposeProjects.Result r = ComposeProjects.run(volumes);
    assertThat(exampleDirs()).as("the example removes the project directory it wrote").isEqualTo(before);
    assertThat(r.project()).isEqualTo("shop");
    assertThat(r.mounts()).containsExactly("db /var/lib/postgresql/data <- Binds (-v text)", "db /run <- Tmpfs",
        "cache /data <- Mounts");
    assertThat(r.findings()).containsExactly("VOL011 compose.yaml:12", "VOL005 compose.yaml:16");
    assertThat(r.createdFirst()).containsExactly("shop_pgdata");
    assertThat(r.createdAgain()).isEmpty();
    assertThat(r.dbWrote()).isEqualTo("16");
    assertThat(r.backupRead()).isEqualTo("16");
    assertThat(r.backupCouldWrite()).as("compose drops the :ro of volumes_from").isTrue();
  }

  private static java.util.Set<java.nio.file.Path> exampleDirs() throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("volumes4j-compose-example"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void theReadmeQuickstartRunsAndRestoresWhatItBackedUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    assertThat(Quickstart.run(volumes, dir)).isEqualTo("port=5432\n");
    assertThat(volumes.list(VolumeFilter.hasLabel("app")).stream().filter(v -> v.name().startsWith("quickstart-")))
        .as("the quickstart's prune removed its volume").isEmpty();
  }

  @Test
  void aFailingExampleStillRemovesWhatItCreated() {
    String run;
    try (Lab lab = Lab.open(volumes, "failing")) {
      run = lab.run();
      Volume v = lab.createVolume("data");
      lab.startService(lab.container("svc").addMounts(io.github.volumes4j.VolumeMount.of(v.name(), "/data")),
          Lab.Step.of("true", (fs, out) -> { }));
      throw new IllegalStateException("the example failed");
    } catch (IllegalStateException expected) {
      assertThat(expected).hasMessage("the example failed");
      return;
    } finally {
      assertThat(volumes.list(VolumeFilter.hasLabel(Lab.LABEL)).stream()
          .filter(v -> v.labels().get(Lab.LABEL).startsWith("failing-"))
          .filter(v -> !runsBefore.contains(v.labels().get(Lab.LABEL)))).isEmpty();
    }
  }
}
