package io.github.volumes4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeConflictException;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.ReadOnlyFileSystemException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What only the in-memory engine offers (processes as Java code, presets), and its thread safety. */
class InMemoryEngineTest {

  final InMemoryEngine engine = InMemoryEngine.dockerLike();

  private String container(ContainerSpec.Builder b) {
    return engine.createContainer(b.build());
  }

  private ContainerSpec.Builder app() {
    if (!engine.imageExists("app:1")) {
      engine.registerImage("app:1", fs -> {
        fs.mkdirs("/etc/app");
        fs.writeString("/etc/app/app.conf", "port=8080\n");
        fs.chmod("/etc/app", 0750);
      });
    }
    return ContainerSpec.builder().image("app:1");
  }

  @Test
  void presetsReportTheirVersions() {
    assertThat(InMemoryEngine.dockerLike().info().apiVersion()).isEqualTo(ApiVersion.LATEST);
    assertThat(InMemoryEngine.emulating(ApiVersion.of(1, 41)).info().version()).isEqualTo("20.10.24");
    assertThat(InMemoryEngine.emulating(ApiVersion.of(1, 41)).info().name()).isEqualTo("in-memory");
    assertThatThrownBy(() -> InMemoryEngine.emulating(ApiVersion.of(1, 40)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("API version 1.40 is older than 1.41, the oldest volumes4j emulates; give 1.41 or newer");
  }

  @Test
  void createdAtComesFromTheClockInWholeSecondsUtc() {
    InMemoryEngine e = InMemoryEngine.builder()
        .clock(Clock.fixed(Instant.parse("2024-05-06T07:08:09.987Z"), ZoneOffset.ofHours(2))).build();
    assertThat(e.createVolume(VolumeSpec.named("aa")).createdAt())
        .hasValue(OffsetDateTime.parse("2024-05-06T07:08:09Z"));
  }

  @Test
  void anotherDriverOnAnExistingNameIsAConflict() {
    InMemoryEngine e = InMemoryEngine.builder().addDriver("nfs").build();
    e.createVolume(VolumeSpec.named("data"));
    assertThatThrownBy(() -> e.createVolume(VolumeSpec.named("data").withDriver("nfs")))
        .isExactlyInstanceOf(VolumeConflictException.class)
        .hasMessage("create data: driver 'local' already has volume 'data': volume name must be unique");
    assertThat(e.createVolume(VolumeSpec.named("other").withDriver("nfs")).driver()).isEqualTo("nfs");
    assertThat(e.listVolumes(VolumeFilter.builder().addDriver("nfs").build())).extracting(Volume::name)
        .containsExactly("other");
  }

  @Test
  void labelsAndOptionsAreNullUnlessGiven() {
    Volume plain = engine.createVolume(VolumeSpec.named("aa"));
    assertThat(plain.labelsReported()).isFalse();
    assertThat(plain.optionsReported()).isFalse();
    Volume anon = engine.createVolume(VolumeSpec.anonymous());
    assertThat(anon.labelsReported()).as("the anonymous label").isTrue();
    Volume anon141 = InMemoryEngine.emulating(ApiVersion.of(1, 41)).createVolume(VolumeSpec.anonymous());
    assertThat(anon141.labelsReported()).isFalse();
  }

  @Test
  void featuresCanBeLeftOut() {
    InMemoryEngine e = InMemoryEngine.builder().without(EngineFeature.TMPFS).build();
    assertThat(e.supports(EngineFeature.TMPFS)).isFalse();
    assertThat(e.supports(EngineFeature.CONTAINERS)).isTrue();
  }

  @Test
  void aProcessSeesTheMountsAndWritesIntoTheVolume() {
    engine.createVolume(VolumeSpec.named("data"));
    String id = container(app().addMount(VolumeMount.of("data", "/data")));
    engine.startContainer(id);
    engine.exec(id, fs -> {
      fs.mkdirs("/data/logs");
      fs.writeString("/data/logs/app.log", "started\n");
      assertThat(fs.readString("/etc/app/app.conf")).isEqualTo("port=8080\n");
    });
    String other = container(app().addMount(VolumeMount.of("data", "/mnt")));
    engine.startContainer(other);
    engine.exec(other, fs -> assertThat(fs.readString("/mnt/logs/app.log")).isEqualTo("started\n"));
  }

  @Test
  void execNeedsARunningContainer() {
    String id = container(app());
    assertThatThrownBy(() -> engine.exec(id, fs -> {})).isInstanceOf(EngineException.class)
        .hasMessage("Container " + id + " is not running");
  }

  @Test
  void aProcessCannotWriteThroughAReadOnlyMount() {
    engine.createVolume(VolumeSpec.named("data"));
    String id = container(app().addMount(VolumeMount.of("data", "/data").withReadOnly(true)));
    engine.startContainer(id);
    assertThatThrownBy(() -> engine.exec(id, fs -> fs.writeString("/data/x", "x")))
        .isInstanceOf(ReadOnlyFileSystemException.class);
  }

  @Test
  void aMissingFileIsNoSuchFile() {
    String id = container(app());
    engine.startContainer(id);
    assertThatThrownBy(() -> engine.exec(id, fs -> fs.read("/nope"))).isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  void tmpfsContentIsGoneWhenTheContainerStops() {
    String id = container(app().addMount(TmpfsMount.at("/scratch")));
    engine.startContainer(id);
    engine.exec(id, fs -> fs.writeString("/scratch/tmp.txt", "x"));
    engine.exec(id, fs -> assertThat(fs.list("/scratch")).containsExactly("tmp.txt"));
    engine.exec(id, fs -> assertThat(fs.mode("/scratch")).isEqualTo(01777));
    engine.stopContainer(id, java.time.Duration.ZERO);
    engine.startContainer(id);
    engine.exec(id, fs -> assertThat(fs.list("/scratch")).isEmpty());
  }

  @Test
  void aTmpfsBackedLocalVolumeLosesItsDataWhenTheLastUserStops() {
    engine.createVolume(VolumeSpec.named("fast").driverOption("type", "tmpfs").driverOption("device", "tmpfs"));
    String a = container(app().addMount(VolumeMount.of("fast", "/f")));
    String b = container(app().addMount(VolumeMount.of("fast", "/f")));
    engine.startContainer(a);
    engine.startContainer(b);
    engine.exec(a, fs -> fs.writeString("/f/x", "x"));
    engine.stopContainer(a, java.time.Duration.ZERO);
    engine.exec(b, fs -> assertThat(fs.exists("/f/x")).as("b still runs").isTrue());
    engine.stopContainer(b, java.time.Duration.ZERO);
    engine.startContainer(b);
    engine.exec(b, fs -> assertThat(fs.exists("/f/x")).isFalse());
  }

  @Test
  void aProgramRunsWhenTheContainerStartsAndSetsTheExitCodeAndLogs() {
    engine.registerImage("tool:1", fs -> fs.mkdirs("/data"));
    engine.registerProgram("tool:1", (fs, command, out) -> {
      fs.writeString("/data/done", String.join(" ", command));
      out.append("copied\n");
      return 3;
    });
    engine.createVolume(VolumeSpec.named("data"));
    String id = engine.createContainer(ContainerSpec.builder().image("tool:1").addCommand("copy", "all")
        .addMount(VolumeMount.of("data", "/data")).build());
    engine.startContainer(id);
    assertThat(engine.waitContainer(id)).isEqualTo(3);
    assertThat(engine.inspectContainer(id).state()).isEqualTo(ContainerState.EXITED);
    assertThat(engine.logs(id)).isEqualTo("copied\n");
    String reader = container(app().addMount(VolumeMount.of("data", "/d")));
    engine.startContainer(reader);
    engine.exec(reader, fs -> assertThat(fs.readString("/d/done")).isEqualTo("copy all"));
  }

  @Test
  void anAutoRemovedProgramContainerIsGoneWithItsAnonymousVolumes() {
    engine.registerImage("tool:1", fs -> {});
    engine.registerProgram("tool:1", (fs, command, out) -> 0);
    String id = engine.createContainer(ContainerSpec.builder().image("tool:1").autoRemove(true)
        .addMount(VolumeMount.anonymous("/x")).build());
    engine.startContainer(id);
    assertThat(engine.listContainers(Map.of())).isEmpty();
    assertThat(engine.listVolumes(VolumeFilter.all())).isEmpty();
  }

  @Test
  void waitBlocksUntilAnotherThreadStopsTheContainer() throws Exception {
    String id = container(app());
    engine.startContainer(id);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> code = pool.submit(() -> engine.waitContainer(id));
      Thread.sleep(50);
      assertThat(code.isDone()).isFalse();
      engine.stopContainer(id, java.time.Duration.ofSeconds(10));
      assertThat(code.get(5, TimeUnit.SECONDS)).isEqualTo(137);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void copyUpOfARegisteredImageKeepsTheDirectoryMode() {
    engine.createVolume(VolumeSpec.named("conf"));
    String id = container(app().addMount(VolumeMount.of("conf", "/etc/app")));
    engine.startContainer(id);
    engine.exec(id, fs -> {
      assertThat(fs.readString("/etc/app/app.conf")).isEqualTo("port=8080\n");
      assertThat(fs.mode("/etc/app")).isEqualTo(0750);
    });
  }

  @Test
  void manyThreadsCreateAndRemoveWithoutLosingAnything() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 2000; i++) {
            String n = "t" + thread + "-" + i;
            engine.createVolume(VolumeSpec.named(n));
            if (i % 2 == 0) {
              engine.removeVolume(n, false);
            }
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(engine.listVolumes(VolumeFilter.all())).hasSize(8 * 1000);
  }

  @Test
  void hardLinksWrittenByAProcessShareContent() {
    engine.createVolume(VolumeSpec.named("data"));
    String id = container(app().addMount(VolumeMount.of("data", "/data")));
    engine.startContainer(id);
    engine.exec(id, fs -> {
      fs.writeString("/data/a", "one");
      fs.hardLink("/data/b", "/data/a");
      fs.symlink("/data/c", "a");
      fs.writeString("/data/a", "two");
      assertThat(fs.readString("/data/b")).isEqualTo("two");
      assertThat(fs.list("/data")).containsExactly("a", "b", "c");
    });
  }

  @Test
  void usageCountsContentOnceAndReferencesAndLeavesOutVolumesWithOptions() {
    engine.createVolume(VolumeSpec.named("data"));
    engine.createVolume(VolumeSpec.named("fast").driverOption("type", "tmpfs").driverOption("device", "tmpfs"));
    String id = container(app().addMount(VolumeMount.of("data", "/data")));
    container(app().addMount(VolumeMount.of("data", "/again")));
    engine.startContainer(id);
    engine.exec(id, fs -> {
      fs.writeString("/data/a", "12345");
      fs.hardLink("/data/b", "/data/a");
      fs.mkdirs("/data/d");
      fs.writeString("/data/d/c", "123");
      fs.symlink("/data/l", "a");
    });
    assertThat(engine.volumeUsage()).containsOnlyKeys("data");
    assertThat(engine.inspectVolumeWithUsage("data").usage()).hasValue(io.github.volumes4j.VolumeUsage.of(9, 2));
    assertThat(engine.inspectVolumeWithUsage("fast").usage()).isEmpty();
  }

  @Test
  void theThreadProducingAnArchiveMayCallTheEngineWhileItIsWritten() throws Exception {
    engine.createVolume(VolumeSpec.named("piped"));
    String id = container(app().addMount(VolumeMount.of("piped", "/data")));
    java.io.PipedOutputStream out = new java.io.PipedOutputStream();
    java.io.PipedInputStream in = new java.io.PipedInputStream(out, 1024);
    ExecutorService producer = Executors.newSingleThreadExecutor();
    try {
      Future<?> produced = producer.submit(() -> {
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
            new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
          for (int i = 0; i < 3; i++) {
            // between entries the producer asks the engine: the engine must not hold its lock while it reads
            String name = "v" + engine.listVolumes(VolumeFilter.all()).size() + "-" + i;
            engine.createVolume(VolumeSpec.named("made-" + i));
            byte[] data = new byte[4096];
            org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
                new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name + ".bin");
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
          }
          tar.finish();
        }
        return null;
      });
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
        engine.writeArchive(id, "/data", in, false);
        produced.get();
      });
    } finally {
      producer.shutdownNow();
    }
    assertThat(engine.listVolumes(VolumeFilter.all())).extracting(Volume::name).contains("made-0", "made-1", "made-2");
    assertThat(engine.statPath(id, "/data/v3-2.bin")).isPresent();
  }

  /** {@code tar -cf - f.txt | xz}: Docker extracts it (recorded on 20.10); this engine has no xz decoder. */
  private static final String XZ_TAR = "/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4Cf/AGtdADMLiofEDvKXpPh1PcWp7dmXqh6FF5OkQVvAsJSz6JvJx9DRX/RKrmTfmAwrrabEeVigZ5/Le1+YtQ2umm5zUFR2XdqmR9rEpO0nC0+GATXRsKmCNvk5GTd8axXgLEaaXgRQqi1PNfdrhQoAAADBQrOl2SUu/QABhwGAUAAAhkFlfLHEZ/sCAAAAAARZWg==";

  @Test
  void anXzCompressedUploadFailsLoudlyAndWritesNothing() {
    io.github.volumes4j.testkit.contract.ContractImages.ensure(engine);
    engine.createVolume(VolumeSpec.named("xz"));
    String id = engine.createContainer(ContainerSpec.builder().image(io.github.volumes4j.testkit.contract.ContractImages.BUSYBOX)
        .addMount(VolumeMount.of("xz", "/x")).build());
    byte[] xz = java.util.Base64.getDecoder().decode(XZ_TAR);
    assertThatThrownBy(() -> engine.writeArchive(id, "/x", new java.io.ByteArrayInputStream(xz), false))
        .isInstanceOf(io.github.volumes4j.UnsupportedFeatureException.class)
        .hasMessageContaining("not xz").hasMessageContaining("EngineKind.DOCKER");
    assertThat(engine.statPath(id, "/x/f.txt")).isEmpty();
  }
}
