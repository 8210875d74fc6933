package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.LocalDriver;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.SharedStorageException;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.ForwardingVolumeEngine;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two engines over one shared directory, each with a local volume of {@code type=none,o=bind,device=DIR} (the stand-in
 * for NFS, which the CI kernel lacks): data written through one is read through the other; a migration onto the
 * shared storage finds the data there and copies nothing; a migration whose target storage holds other data, a
 * restore into a new volume over storage that holds data, and a clone with the source's options (which would be the
 * same files) and a REPLACE (re-creating the volume does not empty such storage) are refused before anything is written, the storage's files untouched, while a clone onto storage of its
 * own is a copy; a backup made consistent across both engines stops the
 * other engine's container too.
 */
abstract class SharedStorageScenarios extends DataFixture {

  private String shared(VolumeEngine on, String suffix, Path device) {
    Volume v = on.createVolume(LocalDriver.bind(device).volume(name(suffix)).withLabels(Map.of(TEST_LABEL, run)));
    return v.name();
  }

  private static long files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.count();
    }
  }

  /**
   * An image's content copied up into a volume over storage: a symbolic link there keeps the image's mtime and
   * owner (recorded on Docker 20.10: busybox's links copied up into a {@code type=none,o=bind} volume keep the
   * image's time; the in-memory engine gave them the time of the copy).
   */
  @Test
  void copyUpOntoStorageKeepsALinksMtimeAndOwner() throws IOException {
    Path device = Files.createDirectories(dir.resolve("seeded"));
    String v = shared(engine, "seeded", device);
    contentWith(v, "/seed", false);
    Path link = device.resolve("link");
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("hello.txt"));
    assertThat(Files.getLastModifiedTime(link, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis() / 1000)
        .isEqualTo(ContractImages.CONTENT_MTIME);
    if ("root".equals(System.getProperty("user.name"))) {
      assertThat(Files.getAttribute(link, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
    }
  }

  @Test
  void twoEnginesOverOneDirectory() throws IOException {
    VolumeEngine other = createOtherEngine();
    others.add(other);
    DataMovement there = DataMovement.on(other);
    Path device = Files.createDirectories(dir.resolve("shared"));
    String a = shared(engine, "a", device);
    String b = shared(other, "b", device);
    data.copyInto(a).tar(new ByteArrayInputStream(fixture()));
    // on the storage itself a symbolic link keeps its archived mtime and owner, not the link's own (recorded on
    // Docker 20.10: lutimes and lchown; the in-memory engine left the time of writing, and a copy that crossed a
    // second boundary then failed its verification)
    Path link = device.resolve("link");
    assertThat(Files.getLastModifiedTime(link, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis() / 1000).isEqualTo(MTIME);
    assertThat(Files.getLastModifiedTime(device.resolve("sub/deeper/up"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
        .toMillis() / 1000).isEqualTo(MTIME);
    if ("root".equals(System.getProperty("user.name"))) {
      assertThat(Files.getAttribute(link, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
      assertThat(Files.getAttribute(link, "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
    }
    TreeDigest written = data.digest(a);
    assertThat(there.copyFrom(b).string("/hello.txt")).isEqualTo("hello\n");
    assertThat(there.digest(b)).isEqualTo(written);
    there.copyInto(b).string("from the other engine\n", "/other.txt");
    assertThat(data.copyFrom(a).string("/other.txt")).isEqualTo("from the other engine\n");
    TreeDigest both = data.digest(a);
    long before = files(device);

    // migrate onto the shared storage: the data is there already
    TransferResult m = data.migrate(a).to(other);
    assertThat(m.path()).isEqualTo(TransferPath.SHARED_STORAGE);
    assertThat(m.created()).isTrue();
    assertThat(m.digest()).isEqualTo(both);
    assertThat(m.pathReason()).contains("nothing was copied");
    assertThat(other.inspectVolume(a).options()).containsEntry("device", device.toString());
    assertThat(files(device)).isEqualTo(before);

    // a clone would be the same files
    assertThatThrownBy(() -> data.clone(a).to(name("a-clone"))).isInstanceOfSatisfying(SharedStorageException.class,
        e -> assertThat(e.storage()).contains("device=" + device)).hasMessageContaining("nothing was created");
    assertThat(engine.listVolumes(VolumeFilter.name(name("a-clone")))).isEmpty();
    // onto storage of its own it is a copy: written to, the source does not change
    Path own = Files.createDirectories(dir.resolve("own"));
    String copy = name("a-copy");
    TransferResult c = data.clone(a).label("purpose", "copy").to(LocalDriver.bind(own).volume(copy));
    assertThat(c.digest()).isEqualTo(both);
    assertThat(engine.inspectVolume(copy).options()).containsEntry("device", own.toString());
    assertThat(engine.inspectVolume(copy).labels()).containsEntry(TEST_LABEL, run).containsEntry("purpose", "copy");
    data.copyInto(copy).string("only in the copy\n", "/copy.txt");
    assertThat(Files.exists(device.resolve("copy.txt"))).isFalse();
    assertThat(data.digest(a)).isEqualTo(both);
    // and onto storage that holds other files it is refused, those files untouched
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "keep\n");
    assertThatThrownBy(() -> data.clone(a).to(LocalDriver.bind(full).volume(name("a-full"))))
        .isInstanceOf(SharedStorageException.class).hasMessageContaining("already holds data");
    assertThat(engine.listVolumes(VolumeFilter.name(name("a-full")))).isEmpty();
    assertThat(Files.readString(full.resolve("keep.txt"))).isEqualTo("keep\n");
    long before2 = files(device);

    assertThat(files(device)).isEqualTo(before2);
    // the other host's storage at that path holds other files: refused, nothing written, its files untouched
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("theirs.txt"), "not yours\n");
    VolumeEngine remapped = new ForwardingVolumeEngine(other) {
      @Override
      public Volume createVolume(VolumeSpec spec) {
        Map<String, String> o = new LinkedHashMap<>(spec.driverOptions());
        o.computeIfPresent("device", (k, d) -> d.equals(device.toString()) ? elsewhere.toString() : d);
        return super.createVolume(spec.withDriverOptions(o));
      }

      @Override
      public void close() {
        // the other engine is closed by the fixture
      }
    };
    String moved = name("a-moved");
    assertThatThrownBy(() -> data.migrate(a).as(moved).to(remapped)).isInstanceOfSatisfying(SharedStorageException.class,
        e -> assertThat(e.volume()).isEqualTo(moved)).hasMessageContaining("already holds data that is not the source's");
    assertThat(other.listVolumes(VolumeFilter.name(moved))).isEmpty();
    assertThat(Files.readString(elsewhere.resolve("theirs.txt"))).isEqualTo("not yours\n");
    try (Stream<Path> s = Files.list(elsewhere)) {
      assertThat(s.count()).isEqualTo(1);
    }

    // a restore into a new volume over storage that holds data (a trusted manifest names the device)
    Path backup = dir.resolve("a.tar");
    data.backup(a).keepSecrets().to(backup);
    String restored = name("a-restored");
    assertThatThrownBy(() -> data.restore(backup).trustManifest().toNewVolume(restored))
        .isInstanceOf(SharedStorageException.class).hasMessageContaining("already holds data");
    assertThat(engine.listVolumes(VolumeFilter.name(restored))).isEmpty();
    assertThat(data.digest(a)).isEqualTo(both);
    // REPLACE re-creates a volume: over storage that exists outside it, that would merge, not replace
    data.copyInto(a).string("newer\n", "/newer.txt");
    assertThatThrownBy(() -> data.restore(backup).into(a, RestorePolicy.REPLACE))
        .isInstanceOf(SharedStorageException.class).hasMessageContaining("nothing was touched");
    assertThat(data.copyFrom(a).string("/newer.txt")).isEqualTo("newer\n");
    assertThat(engine.listVolumes(VolumeFilter.name(a + "-v4j-"))).isEmpty();
  }

  @Test
  void aBackupMadeConsistentAcrossBothEnginesStopsTheOtherEnginesContainer() throws IOException {
    assumeTrue(engine.supports(EngineFeature.RUN_PROCESSES));
    VolumeEngine other = createOtherEngine();
    others.add(other);
    Path device = Files.createDirectories(dir.resolve("shared"));
    String a = shared(engine, "a", device);
    String b = shared(other, "b", device);
    data.copyInto(a).tar(new ByteArrayInputStream(fixture()));
    ContractImages.ensure(engine);
    String writer = engine.createContainer(ContainerSpec.builder().image(ContractImages.BUSYBOX).addCommand("sleep", "3600")
        .network("none").putLabel(TEST_LABEL, run).addMount(VolumeMount.of(a, "/data")).build());
    engine.startContainer(writer);
    // the backup runs on the other engine: its own containers (none) and, named, this engine's
    DataMovement there = DataMovement.on(other);
    BackupResult alone = there.backup(b).consistent(Duration.ofSeconds(1)).to(dir.resolve("alone.tar"));
    assertThat(alone.restartedContainers()).isEmpty();
    BackupResult across = there.backup(b).consistent(Duration.ofSeconds(1)).sharedWith(engine).to(dir.resolve("across.tar"));
    assertThat(across.restartedContainers()).containsExactly(writer);
    assertThat(engine.inspectContainer(writer).state()).isEqualTo(ContainerState.RUNNING);
    assertThat(across.manifest().content()).isEqualTo(data.digest(a));
    assertThat(List.of(alone.path(), across.path())).doesNotContain(TransferPath.SHARED_STORAGE);
  }
}
