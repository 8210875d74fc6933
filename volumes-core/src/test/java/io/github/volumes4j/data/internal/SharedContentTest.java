package io.github.volumes4j.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.TreeDigest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A large file's content digest is hashed once, by the lane or by the consumer, and the tree digest is the same. */
class SharedContentTest {

  private static byte[] sha(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  @Test
  void theConsumerThatComesFirstHashesAndTheLaneSkipsTheBytesAndTakesItsDigest() throws Exception {
    SharedContent s = new SharedContent();
    byte[] mine = sha(new byte[] {7});
    AtomicInteger hashed = new AtomicInteger();
    assertThat(s.digest(() -> {
      hashed.incrementAndGet();
      return mine;
    })).isSameAs(mine);
    assertThat(s.laneMay()).as("the lane skips a file taken").isFalse();
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    assertThat(s.laneDigest(md)).as("the lane takes the consumer's digest, not its own").isSameAs(mine);
    assertThat(hashed).hasValue(1);
  }

  @Test
  void aLaneThatStartedFirstIsWaitedForAndItsDigestServesTheConsumer() throws Exception {
    SharedContent s = new SharedContent();
    byte[] content = new byte[100_000];
    new Random(1).nextBytes(content);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    assertThat(s.laneMay()).isTrue();
    md.update(content, 0, 50_000);
    CountDownLatch asking = new CountDownLatch(1);
    List<byte[]> got = new ArrayList<>();
    Thread consumer = new Thread(() -> {
      asking.countDown();
      got.add(s.digest(() -> {
        throw new AssertionError("the consumer must not hash a file the lane is hashing");
      }));
    });
    consumer.start();
    asking.await();
    Thread.sleep(20); // the consumer waits meanwhile
    assertThat(s.laneMay()).isTrue();
    md.update(content, 50_000, 50_000);
    byte[] d = s.laneDigest(md);
    consumer.join(5000);
    assertThat(d).isEqualTo(sha(content));
    assertThat(got).singleElement().isEqualTo(d);
  }

  @Test
  @Timeout(10)
  void aLaneThatNeverFinishesCostsTheConsumerAShortWaitNotAHang() {
    SharedContent s = new SharedContent();
    assertThat(s.laneMay()).isTrue();
    byte[] own = new byte[] {1, 2, 3};
    long t0 = System.nanoTime();
    assertThat(s.digest(() -> own)).isSameAs(own);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
  }

  @Test
  @Timeout(10)
  void aConsumerThatFailsWhileHashingFailsTheLaneInsteadOfLeavingItWaiting() throws Exception {
    SharedContent s = new SharedContent();
    assertThatThrownBy(() -> s.digest(() -> {
      throw new OutOfMemoryError("a test");
    })).isInstanceOf(OutOfMemoryError.class);
    assertThatThrownBy(() -> s.laneDigest(MessageDigest.getInstance("SHA-256")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("consumer failed");
  }

  /**
   * Large files through a sharing tracker, each asked for by a consumer at a random moment (before, while and
   * after the lane hashes it): the tree digest and every content digest equal those of a tracker that shares
   * nothing, whoever hashed.
   */
  @Test
  @Timeout(60)
  void aSharingTrackerGivesTheSameDigestsWhoeverHashes() throws Exception {
    Random rnd = new Random(5);
    int files = 40;
    byte[][] content = new byte[files][];
    for (int i = 0; i < files; i++) {
      content[i] = new byte[70_000 + rnd.nextInt(1_500_000)];
      rnd.nextBytes(content[i]);
    }
    EntryTracker plain = new EntryTracker(ArchiveLimits.defaults());
    Map<String, byte[]> told = new ConcurrentHashMap<>();
    EntryTracker sharing = new EntryTracker(ArchiveLimits.defaults()).shareContent()
        .onContent((name, sha) -> told.put(name, sha));
    List<Thread> consumers = new ArrayList<>();
    OutputStream nowhere = OutputStream.nullOutputStream();
    for (int i = 0; i < files; i++) {
      TarArchiveEntry e = new TarArchiveEntry("f" + i);
      e.setSize(content[i].length);
      e.setModTime(1_600_000_000_000L);
      plain.accept(e, "f" + i, new ByteArrayInputStream(content[i]), nowhere);
      sharing.accept(e, "f" + i, new ByteArrayInputStream(content[i]), nowhere);
      SharedContent s = sharing.lastShare();
      assertThat(s).as("a file above the inline size is hashed on the lane, so it is shared").isNotNull();
      byte[] c = content[i];
      int delay = rnd.nextInt(3);
      Thread t = new Thread(() -> {
        try {
          Thread.sleep(delay);
          byte[] d = s.digest(() -> {
            try {
              return sha(c);
            } catch (Exception x) {
              throw new AssertionError(x);
            }
          });
          assertThat(d).isEqualTo(sha(c));
        } catch (Exception x) {
          throw new AssertionError(x);
        }
      });
      t.start();
      consumers.add(t);
    }
    TarArchiveEntry small = new TarArchiveEntry("small");
    small.setSize(3);
    small.setModTime(1_600_000_000_000L);
    plain.accept(small, "small", new ByteArrayInputStream(new byte[] {1, 2, 3}), nowhere);
    sharing.accept(small, "small", new ByteArrayInputStream(new byte[] {1, 2, 3}), nowhere);
    assertThat(sharing.lastShare()).as("a small file is hashed as it is read: nothing to share").isNull();
    for (Thread t : consumers) {
      t.join();
    }
    TreeDigest expected = Digests.of(plain);
    assertThat(Digests.of(sharing)).isEqualTo(expected);
    for (int i = 0; i < files; i++) {
      assertThat(told.get("f" + i)).as("f" + i).isEqualTo(sha(content[i]));
    }
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
