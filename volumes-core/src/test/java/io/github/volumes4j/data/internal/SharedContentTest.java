package io.github.volumes4j.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.data.ArchiveLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A large file's first chunk is hashed once, with its content: by the lane or by the consumer. The tests give
 * the side that should not hash garbage in place of the bytes it should skip: the digests come out right only
 * if it did skip them and took the other side's work.
 */
class SharedContentTest {

  private static byte[] sha(byte[] b, int len) {
    return TreeSum.sha256(b, 0, len);
  }

  private static byte[] content(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Hands the lane {@code data} in pieces of {@code step} bytes. */
  private static void lane(SharedContent s, byte[] data, int step) {
    for (int off = 0; off < data.length; off += step) {
      int n = Math.min(step, data.length - off);
      s.laneUpdate(Arrays.copyOfRange(data, off, off + n), n);
    }
  }

  private static SharedContent share(long size) {
    return new SharedContent(TreeSum.newSha(), size);
  }

  @Test
  void aConsumerThatComesFirstHashesTheFirstChunkAndTheLaneGoesOnFromItsState() {
    byte[] file = content(1_000_000, 1);
    int cut = 600_123;
    for (int step : new int[] {262_144, 600_123, 7_000, 1_000_000}) {
      SharedContent s = share(file.length);
      s.firstChunk(cut);
      assertThat(s.firstChunkId(file, 0, cut)).isEqualTo(sha(file, cut));
      byte[] lanes = file.clone();
      Arrays.fill(lanes, 0, cut, (byte) 0); // what the lane must skip
      lane(s, lanes, step);
      assertThat(s.laneDigest()).as("step " + step).isEqualTo(sha(file, file.length));
    }
  }

  @Test
  void aLaneThatStartedFirstGivesTheFirstChunksIdAndTheConsumerHashesNothing() throws Exception {
    byte[] file = content(1_000_000, 2);
    int cut = 700_000;
    SharedContent s = share(file.length);
    lane(s, Arrays.copyOf(file, 262_144), 262_144); // the lane is on the file before the cut is known
    s.firstChunk(cut);
    List<byte[]> got = new ArrayList<>();
    CountDownLatch asking = new CountDownLatch(1);
    Thread consumer = new Thread(() -> {
      asking.countDown();
      got.add(s.firstChunkId(new byte[cut], 0, cut)); // zeros: the lane's id must be the one returned
    });
    consumer.start();
    asking.await();
    Thread.sleep(20); // the consumer waits meanwhile
    lane(s, Arrays.copyOfRange(file, 262_144, file.length), 262_144);
    consumer.join(5000);
    assertThat(got).singleElement().isEqualTo(sha(file, cut));
    assertThat(s.laneDigest()).isEqualTo(sha(file, file.length));
  }

  @Test
  void aFileThatIsOneChunkIsNamedByItsContentDigestHashedOnce() {
    byte[] file = content(300_000, 3);
    // the consumer first: the lane skips every byte and takes the consumer's state
    SharedContent s = share(file.length);
    s.firstChunk(file.length);
    assertThat(s.firstChunkId(file, 0, file.length)).isEqualTo(sha(file, file.length));
    lane(s, new byte[file.length], 262_144);
    assertThat(s.laneDigest()).isEqualTo(sha(file, file.length));
    // the lane first, done before the chunker ended the file: the consumer takes the content digest
    SharedContent t = share(file.length);
    lane(t, file, 262_144);
    assertThat(t.laneDigest()).isEqualTo(sha(file, file.length));
    t.firstChunk(file.length);
    assertThat(t.firstChunkId(new byte[file.length], 0, file.length)).isEqualTo(sha(file, file.length));
  }

  @Test
  @Timeout(10)
  void aLaneThatNeverGetsThereCostsTheConsumerAShortWaitNotAHang() {
    byte[] file = content(500_000, 4);
    SharedContent s = share(file.length);
    lane(s, Arrays.copyOf(file, 100_000), 100_000);
    s.firstChunk(file.length);
    long t0 = System.nanoTime();
    assertThat(s.firstChunkId(file, 0, file.length)).isEqualTo(sha(file, file.length));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
  }

  @Test
  @Timeout(10)
  void aConsumerThatFailsWhileHashingFailsTheLaneInsteadOfLeavingItWaiting() {
    SharedContent s = share(1_000_000);
    s.firstChunk(600_000);
    assertThatThrownBy(() -> s.firstChunkId(new byte[10], 0, 600_000)).isInstanceOf(RuntimeException.class);
    lane(s, new byte[1_000_000], 262_144); // returns: the lane does not wait for a state that never comes
    assertThatThrownBy(s::laneDigest).isInstanceOf(IllegalStateException.class).hasMessageContaining("consumer failed");
  }

  @Test
  void aFirstChunkOfAnotherLengthThanTheCutIsRefused() {
    SharedContent s = share(1_000_000);
    s.firstChunk(600_000);
    assertThatThrownBy(() -> s.firstChunkId(new byte[600_001], 0, 600_001)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("600001").hasMessageContaining("600000");
  }

  /**
   * Large files through a sharing tracker whose sink marks a first cut as a chunker would (while the bytes are
   * written, before the lane gets them), the consumer asking at a random moment: the tree digest and every
   * content digest equal those of a tracker that shares nothing, and every first chunk's id is right.
   */
  @Test
  @Timeout(60)
  void aSharingTrackerGivesTheSameDigestsWhoeverHashes() throws Exception {
    Random rnd = new Random(5);
    int files = 40;
    EntryTracker plain = new EntryTracker(ArchiveLimits.defaults());
    Map<String, byte[]> told = new ConcurrentHashMap<>();
    EntryTracker sharing = new EntryTracker(ArchiveLimits.defaults()).shareContent()
        .onContent((name, sha) -> told.put(name, sha));
    List<Thread> consumers = new ArrayList<>();
    Map<String, byte[]> content = new ConcurrentHashMap<>();
    List<AssertionError> wrong = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      byte[] c = content(70_000 + rnd.nextInt(1_500_000), 100 + i);
      String name = "f" + i;
      content.put(name, c);
      int cut = rnd.nextBoolean() ? c.length : 1 + rnd.nextInt(c.length - 1);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(c.length);
      e.setModTime(1_600_000_000_000L);
      plain.accept(e, name, new ByteArrayInputStream(c), OutputStream.nullOutputStream());
      long[] written = {0};
      sharing.accept(e, name, new ByteArrayInputStream(c), new OutputStream() {
        @Override
        public void write(int b) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void write(byte[] b, int off, int len) {
          written[0] += len;
          if (cut < c.length && written[0] >= cut) {
            sharing.lastShare().firstChunk(cut); // a chunker cuts while the bytes are written
          }
        }
      });
      SharedContent s = sharing.lastShare();
      assertThat(s).as("a file above the inline size is hashed on the lane, so it is shared").isNotNull();
      s.firstChunk(cut); // a file that is one chunk: marked when it ends
      int delay = rnd.nextInt(3);
      Thread t = new Thread(() -> {
        try {
          Thread.sleep(delay);
          byte[] id = s.firstChunkId(c, 0, cut);
          if (!Arrays.equals(id, sha(c, cut))) {
            synchronized (wrong) {
              wrong.add(new AssertionError(name + ": wrong first chunk id"));
            }
          }
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      consumers.add(t);
    }
    TarArchiveEntry small = new TarArchiveEntry("small");
    small.setSize(3);
    small.setModTime(1_600_000_000_000L);
    plain.accept(small, "small", new ByteArrayInputStream(new byte[] {1, 2, 3}), OutputStream.nullOutputStream());
    sharing.accept(small, "small", new ByteArrayInputStream(new byte[] {1, 2, 3}), OutputStream.nullOutputStream());
    assertThat(sharing.lastShare()).as("a small file is hashed as it is read: nothing to share").isNull();
    for (Thread t : consumers) {
      t.join();
    }
    assertThat(wrong).isEmpty();
    assertThat(Digests.of(sharing)).isEqualTo(Digests.of(plain));
    for (int i = 0; i < files; i++) {
      byte[] c = content.get("f" + i);
      assertThat(told.get("f" + i)).as("f" + i).isEqualTo(sha(c, c.length));
    }
  }

  @Test
  void theJdksSha256CanBeClonedMidStreamSoSnapshotsShare() {
    assertThat(SharedContent.POSSIBLE).isTrue();
  }

  @Test
  void aTrackerThatDoesNotShareHashesEverythingOnItsLane() throws IOException {
    EntryTracker t = new EntryTracker(ArchiveLimits.defaults());
    TarArchiveEntry e = new TarArchiveEntry("big");
    e.setSize(200_000);
    t.accept(e, "big", new ByteArrayInputStream(new byte[200_000]), OutputStream.nullOutputStream());
    assertThat(t.lastShare()).isNull();
  }
}
