package io.github.volumes4j.data.internal.snap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  /** The chunks of {@code data} written in pieces of {@code step} bytes. */
  private static List<byte[]> chunks(byte[] data, int step) throws IOException {
    List<byte[]> out = new ArrayList<>();
    Chunker c = new Chunker((buf, len) -> out.add(java.util.Arrays.copyOf(buf, len)));
    for (int i = 0; i < data.length; i += step) {
      c.write(data, i, Math.min(step, data.length - i));
    }
    c.endFile();
    return out;
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void cutsDependOnTheContentNotOnHowItIsWritten() throws IOException {
    byte[] data = random(24 << 20, 1);
    List<byte[]> a = chunks(data, 1 << 20);
    for (int step : new int[] {1, 7, 4096, 65_537, 300_000, 8 << 20}) {
      List<byte[]> b = chunks(data, step);
      assertThat(b).as("step " + step).hasSameSizeAs(a);
      for (int i = 0; i < a.size(); i++) {
        assertThat(b.get(i)).isEqualTo(a.get(i));
      }
      if (step == 1) {
        break; // byte by byte is slow; once is enough
      }
    }
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 0; i < a.size(); i++) {
      if (i < a.size() - 1) { // the last one ends with the stream
        assertThat(a.get(i).length).isBetween(Chunker.MIN, Chunker.MAX);
      }
      joined.write(a.get(i));
    }
    assertThat(joined.toByteArray()).isEqualTo(data);
    // about 1 MiB on average
    assertThat(a.size()).isBetween(12, 40);
  }

  /**
   * The definition, one byte a step: a cut after byte i when the gear hash's low bits are zero there, no
   * earlier than MIN bytes and no later than MAX after the previous cut. The chunker's faster loop must cut
   * exactly here: a repository's chunks stay the same whatever the version that cut them.
   */
  private static List<Integer> referenceCuts(byte[] data) throws Exception {
    java.lang.reflect.Field f = Chunker.class.getDeclaredField("GEAR");
    f.setAccessible(true);
    long[] gear = (long[]) f.get(null);
    long mask = (1L << Chunker.MASK_BITS) - 1;
    List<Integer> cuts = new ArrayList<>();
    int start = 0;
    long h = 0;
    for (int i = 0; i < data.length; i++) {
      h = (h << 1) + gear[data[i] & 0xff];
      int len = i + 1 - start;
      if ((len > Chunker.MIN && (h & mask) == 0) || len == Chunker.MAX) {
        cuts.add(i + 1);
        start = i + 1;
        h = 0;
      }
    }
    return cuts;
  }

  @Test
  void theCutsAreThoseOfTheGearHashTakenOneByteAtATime() throws Exception {
    byte[] text = new byte[40 << 20];
    byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \n".getBytes();
    Random r = new Random(11);
    for (int i = 0; i < text.length; i++) {
      text[i] = alphabet[r.nextInt(alphabet.length)];
    }
    for (byte[] data : new byte[][] {random(40 << 20, 12), text}) {
      List<Integer> expected = referenceCuts(data);
      for (int step : new int[] {1 << 20, 65_537, 3}) {
        List<Integer> got = new ArrayList<>();
        int[] at = {0};
        Chunker c = new Chunker((buf, len) -> got.add(at[0] += len));
        for (int i = 0; i < data.length; i += step) {
          c.write(data, i, Math.min(step, data.length - i));
        }
        c.endFile();
        if (!expected.isEmpty() && expected.get(expected.size() - 1) != data.length) {
          expected.add(data.length); // the rest is the last chunk
        }
        assertThat(got).as("step " + step).isEqualTo(expected);
        assertThat(got.size()).isGreaterThan(20);
      }
    }
  }

  @Test
  void anInsertionChangesOnlyTheChunksAroundIt() throws Exception {
    byte[] data = random(32 << 20, 2);
    byte[] changed = new byte[data.length + 100];
    int at = 16 << 20;
    System.arraycopy(data, 0, changed, 0, at);
    System.arraycopy(random(100, 3), 0, changed, at, 100);
    System.arraycopy(data, at, changed, at + 100, data.length - at);
    Set<String> before = new HashSet<>();
    for (byte[] c : chunks(data, 65536)) {
      before.add(java.util.Arrays.toString(java.security.MessageDigest.getInstance("SHA-256").digest(c)));
    }
    int fresh = 0;
    List<byte[]> after = chunks(changed, 65536);
    for (byte[] c : after) {
      if (!before.contains(java.util.Arrays.toString(java.security.MessageDigest.getInstance("SHA-256").digest(c)))) {
        fresh++;
      }
    }
    assertThat(fresh).as("new chunks of %d", after.size()).isBetween(1, 2);
  }

  @Test
  void smallFilesAreOneChunkAndEmptyFilesNone() throws IOException {
    assertThat(chunks(new byte[0], 1)).isEmpty();
    assertThat(chunks(random(Chunker.MIN, 4), 4096)).hasSize(1);
    List<byte[]> two = new ArrayList<>();
    Chunker c = new Chunker((buf, len) -> two.add(java.util.Arrays.copyOf(buf, len)));
    c.write(random(10, 5));
    c.endFile();
    c.write(random(20, 6));
    c.endFile();
    assertThat(two).extracting(b -> b.length).containsExactly(10, 20);
  }

  @Test
  void uniformContentIsCutAtTheLimits() throws IOException {
    List<byte[]> c = chunks(new byte[(Chunker.MAX * 3) + 5], 1 << 20);
    assertThat(c).allSatisfy(b -> assertThat(b.length).isBetween(1, Chunker.MAX));
    assertThat(c.stream().mapToInt(b -> b.length).sum()).isEqualTo(Chunker.MAX * 3 + 5);
  }
}
