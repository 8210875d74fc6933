package io.github.volumes4j.data.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backup file's bytes, written with O_DIRECT where the file system takes it: every length (a tail that is not a
 * whole number of blocks is padded for the device and cut off again), every write size, nothing left on abort.
 */
class FileSinkTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 511, 512, 4095, 4096, 4097, (1 << 20) - 1, 1 << 20, (4 << 20) - 1, 4 << 20, (4 << 20) + 1,
      3 * (4 << 20) + 12345, 9 * (4 << 20) + 4096})
  void theFileHoldsExactlyWhatWasWritten(int length) throws IOException {
    Random rnd = new Random(length);
    byte[] want = new byte[length];
    rnd.nextBytes(want);
    Path target = dir.resolve("b" + length + ".tar");
    boolean direct;
    try (FileSink sink = new FileSink(target, false)) {
      direct = sink.direct();
      OutputStream out = sink.stream();
      int at = 0;
      while (at < length) {                       // writes of every size, single bytes included
        int n = Math.min(length - at, rnd.nextInt(4) == 0 ? 1 : rnd.nextInt(3 << 20));
        if (n == 1) {
          out.write(want[at]);
        } else {
          out.write(want, at, n);
        }
        at += n;
      }
      sink.commit();
      assertThat(sink.written()).isEqualTo(length);
    }
    assertThat(Files.size(target)).isEqualTo(length);
    assertThat(Files.readAllBytes(target)).isEqualTo(want);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly(target.getFileName().toString());
    }
    if (Files.getFileStore(dir).type().equals("ext4")) {
      assertThat(direct).as("O_DIRECT on ext4").isTrue();    // the path under test, where it can be checked
    }
  }

  @Test
  void anAbortedDirectWriteLeavesNothing() throws IOException {
    Path target = dir.resolve("gone.tar");
    Path temp;
    try (FileSink sink = new FileSink(target, false)) {
      sink.stream().write(new byte[(4 << 20) + 100]);
      temp = sink.temp();
    }
    assertThat(target).doesNotExist();
    assertThat(temp).doesNotExist();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void anOverwriteKeepsTheOldFileUntilTheCommit() throws IOException {
    Path target = dir.resolve("kept.tar");
    Files.writeString(target, "old");
    try (FileSink sink = new FileSink(target, true)) {
      sink.stream().write(new byte[10_000]);
      assertThat(Files.readString(target)).isEqualTo("old");
      sink.commit();
    }
    assertThat(Files.size(target)).isEqualTo(10_000);
  }
}
