package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeConflictException;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.data.Backup;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.CorruptArchiveException;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.Progress;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Backup and restore: formats, streams, policies, half-way failures, damaged backups, volumes in use. */
abstract class BackupScenarios extends DataFixture {

  @Test
  void backupAndRestoreRoundTripKeepsTreeAndMetadata() throws IOException {
    String v = filledVolume("src");
    TreeDigest before = data.digest(v);
    for (String compression : List.of("tar", "gz", "zst")) {
      Path file = dir.resolve("b." + compression);
      Backup backup = switch (compression) {
        case "gz" -> data.backup(v).gzip();
        case "zst" -> data.backup(v).zstd();
        default -> data.backup(v);
      };
      BackupResult b = backup.to(file);
      byte[] all = Files.readAllBytes(file);
      byte[] magic = Arrays.copyOf(all, 4);
      switch (compression) {
        case "gz" -> assertThat(magic).startsWith((byte) 0x1f, (byte) 0x8b);
        case "zst" -> assertThat(magic).containsExactly(0x28, 0xb5, 0x2f, 0xfd);
        default -> assertThat(new String(all, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
      }
      assertThat(b.manifest().content()).isEqualTo(before);
      assertThat(b.manifest().volumeName()).isEqualTo(v);
      assertThat(b.manifest().labels()).containsEntry("app", "contract");
      assertThat(b.file()).contains(file);
      assertThat(Files.size(file)).isEqualTo(b.archiveBytes());
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
      }
      BackupManifest verified = data.restore(file).verify();
      assertThat(verified.content()).isEqualTo(before);

      String copy = name(compression);
      List<Progress> progress = new CopyOnWriteArrayList<>();
      TransferResult r = data.restore(file).progress(progress::add).toNewVolume(copy);
      assertThat(progress).isNotEmpty();
      assertThat(progress.get(progress.size() - 1).fraction()).contains(1.0);
      if (compression.equals("tar")) {
        // one pass, nothing read ahead: the file's size stands in for the content's
        assertThat(progress.get(0).expectedBytes()).hasValue(Files.size(file));
      }
      assertThat(r.created()).isTrue();
      assertThat(data.digest(copy)).isEqualTo(before);
      Volume restored = engine.inspectVolume(copy);
      assertThat(restored.labels()).containsEntry("app", "contract").containsEntry(TEST_LABEL, run);
      assertThat(restored.driver()).isEqualTo("local");
    }
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void backupToAStreamRestoresFromAStream() {
    String v = filledVolume("stream");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Progress> progress = new CopyOnWriteArrayList<>();
    BackupResult b = data.backup(v).progress(progress::add).to(out);
    assertThat(b.file()).isEmpty();
    assertThat(progress).isNotEmpty();
    Progress last = progress.get(progress.size() - 1);
    assertThat(last.done()).isTrue();
    assertThat(last.bytes()).isEqualTo(b.manifest().content().bytes());
    assertThat(last.entries()).isEqualTo(b.manifest().content().entries());
    assertThat(last.estimatedRemaining()).contains(Duration.ZERO);
    String copy = name("fromstream");
    data.restore(new ByteArrayInputStream(out.toByteArray())).toNewVolume(copy);
    assertThat(data.digest(copy)).isEqualTo(b.manifest().content());
  }

  @Test
  void aStreamRestoresIntoAnExistingVolumeOnlyAfterItWasReadWhole() {
    String v = filledVolume("streamin");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BackupResult b = data.backup(v).to(out);
    String target = volume("streamtarget");
    data.restore(new ByteArrayInputStream(out.toByteArray())).into(target, RestorePolicy.FAIL_IF_NOT_EMPTY);
    assertThat(data.digest(target)).isEqualTo(b.manifest().content());
    // cut after the header: refused before the (now filled) target is touched
    byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), out.size() / 2);
    assertThatThrownBy(() -> data.restore(new ByteArrayInputStream(cut)).into(target, RestorePolicy.MERGE))
        .isInstanceOf(CorruptArchiveException.class);
    assertThat(data.digest(target)).isEqualTo(b.manifest().content());
  }

  @Test
  void aRestoreIntoAnEmptyVolumeThatFailsHalfWayLeavesItEmpty() throws IOException {
    String v = volume("halfsrc");
    byte[] big = new byte[3 << 20];
    new java.util.Random(7).nextBytes(big);
    data.copyInto(v).bytes(big, "/big.bin");
    data.copyInto(v).string("small\n", "/small.txt");
    Path backup = dir.resolve("half.tar");
    data.backup(v).to(backup);
    for (boolean fastPath : new boolean[] {true, false}) {
      Path file = Files.copy(backup, dir.resolve("half-" + fastPath + ".tar"));
      String target = volume("halfway-" + fastPath);
      TreeDigest empty = data.digest(target);
      // The archive is verified whole first; then, once the write has begun, the file is cut short.
      java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
      assertThatThrownBy(() -> data.restore(file).fastPath(fastPath).progress(p -> {
        if (!p.done() && cut.compareAndSet(false, true)) {
          try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(1024);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }).into(target, RestorePolicy.FAIL_IF_NOT_EMPTY)).as("fastPath %s", fastPath).isInstanceOf(DataMovementException.class);
      assertThat(cut).isTrue();
      assertThat(data.digest(target)).as("fastPath %s", fastPath).isEqualTo(empty);
      assertThat(engine.inspectVolume(target).labels()).containsEntry(TEST_LABEL, run);
    }
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void restoreRefusesAnExistingVolumeUnlessAPolicySaysOtherwise() throws IOException {
    String v = filledVolume("policy");
    Path file = dir.resolve("p.tar");
    BackupResult b = data.backup(v).to(file);
    assertThatThrownBy(() -> data.restore(file).toNewVolume()).isInstanceOf(VolumeConflictException.class)
        .hasMessageContaining(v).hasMessageContaining("RestorePolicy");

    String other = volume("other");
    data.copyInto(other).string("keep me\n", "/mine.txt");
    TreeDigest otherBefore = data.digest(other);
    assertThatThrownBy(() -> data.restore(file).into(other, RestorePolicy.FAIL_IF_NOT_EMPTY))
        .isInstanceOf(VolumeConflictException.class).hasMessageContaining("not empty");
    assertThat(data.digest(other)).isEqualTo(otherBefore);

    String empty = volume("empty");
    data.restore(file).into(empty, RestorePolicy.FAIL_IF_NOT_EMPTY);
    assertThat(data.digest(empty)).isEqualTo(b.manifest().content());

    data.restore(file).into(other, RestorePolicy.MERGE);
    assertThat(data.copyFrom(other).string("/mine.txt")).isEqualTo("keep me\n");
    assertThat(data.copyFrom(other).string("/hello.txt")).isEqualTo("hello\n");

    String replaced = volume("replaced");
    data.copyInto(replaced).string("old\n", "/old.txt");
    Map<String, String> labelsBefore = engine.inspectVolume(replaced).labels();
    data.restore(file).into(replaced, RestorePolicy.REPLACE);
    assertThat(data.digest(replaced)).isEqualTo(b.manifest().content());
    assertThat(engine.inspectVolume(replaced).labels()).isEqualTo(labelsBefore);
    assertThat(engine.listVolumes(VolumeFilter.label(TEST_LABEL, run)).stream().map(Volume::name))
        .noneMatch(n -> n.contains("-v4j-staging-") || n.contains("-v4j-rollback-"));
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void replaceIsRefusedWhileAContainerUsesTheVolume() throws IOException {
    assumeTrue(engine.supports(EngineFeature.CONTAINERS));
    String v = filledVolume("inuse");
    Path file = dir.resolve("i.tar");
    data.backup(v).to(file);
    String target = volume("target");
    data.copyInto(target).string("old\n", "/old.txt");
    TreeDigest before = data.digest(target);
    ContractImages.ensure(engine);
    engine.createContainer(ContainerSpec.builder().image(ContractImages.BUSYBOX).addCommand("sleep", "3600").network("none")
        .putLabel(TEST_LABEL, run).addMount(VolumeMount.of(target, "/data")).build());
    assertThatThrownBy(() -> data.restore(file).into(target, RestorePolicy.REPLACE))
        .isInstanceOf(VolumeInUseException.class).hasMessageContaining(target);
    assertThat(data.digest(target)).isEqualTo(before);
  }

  @Test
  void aTruncatedOrCorruptedBackupLeavesTheTargetUnchanged() throws IOException {
    String v = filledVolume("damaged");
    Path file = dir.resolve("d.tar");
    data.backup(v).to(file);
    byte[] full = Files.readAllBytes(file);
    String target = volume("target");
    data.copyInto(target).string("precious\n", "/precious.txt");
    TreeDigest before = data.digest(target);

    Path truncated = Files.write(dir.resolve("t.tar"), java.util.Arrays.copyOf(full, (full.length / 2) / 512 * 512));
    byte[] flipped = full.clone();
    int at = new String(full, StandardCharsets.ISO_8859_1).indexOf("hello\n");
    flipped[at] = 'j';
    Path corrupted = Files.write(dir.resolve("c.tar"), flipped);
    for (Path bad : List.of(truncated, corrupted)) {
      for (RestorePolicy policy : RestorePolicy.values()) {
        assertThatThrownBy(() -> data.restore(bad).into(target, policy)).as("%s %s", bad, policy)
            .isInstanceOf(CorruptArchiveException.class);
        assertThat(data.digest(target)).as("%s %s", bad, policy).isEqualTo(before);
      }
      String fresh = name("fresh");
      assertThatThrownBy(() -> data.restore(bad).toNewVolume(fresh)).isInstanceOf(CorruptArchiveException.class);
      assertThat(engine.listVolumes(VolumeFilter.all()).stream().map(Volume::name)).doesNotContain(fresh);
      // a one-shot stream into a new volume is checked while it is written: the new volume goes again
      assertThatThrownBy(() -> data.restore(Files.newInputStream(bad)).toNewVolume(fresh))
          .isInstanceOf(CorruptArchiveException.class);
      assertThat(engine.listVolumes(VolumeFilter.all()).stream().map(Volume::name)).doesNotContain(fresh);
    }
    assertThat(helpersLeft()).isEmpty();
  }
}
