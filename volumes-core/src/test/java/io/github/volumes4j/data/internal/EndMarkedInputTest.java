package io.github.volumes4j.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EndMarkedInputTest {

  private static final byte[] MARK = "v4j-end-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** A connection that hands out at most {@code chunk} bytes per read, as a socket may. */
  private static InputStream trickle(byte[] all, int chunk) {
    return new ByteArrayInputStream(all) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  @Test
  void endsAtTheMarkerWhateverTheReadsSizesAndDropsWhatFollows() throws IOException {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    // data that holds every proper prefix of the marker, the hardest case for a hold-back
    for (int i = 1; i < MARK.length; i++) {
      System.arraycopy(MARK, 0, data, 1000 * i, i);
    }
    for (int chunk : new int[] {1, 2, 3, 7, MARK.length - 1, MARK.length, 4096, 1 << 20}) {
      EndMarkedInput in = new EndMarkedInput(trickle(concat(data, MARK, "after".getBytes()), chunk), MARK);
      assertThat(in.readAllBytes()).as("chunk %d", chunk).isEqualTo(data);
      assertThat(in.complete()).isTrue();
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  /**
   * The helper's marker: 88 UTF-8 bytes, none ASCII after its prefix, different every time; found after text
   * made of the bytes a hex marker shared with it, and after such text holding the marker's prefix and its
   * every proper prefix (split across reads).
   */
  @Test
  void theHelpersMarkerIsFoundAfterTextAndDataRarelyResemblesIt() throws IOException {
    String m = HelperStream.endMarker();
    byte[] mark = m.getBytes(StandardCharsets.UTF_8);
    assertThat(mark).hasSize(88);
    assertThat(m).startsWith("v4j-end-").isNotEqualTo(HelperStream.endMarker());
    for (int i = 8; i < mark.length; i++) {
      assertThat(mark[i] & 0x80).as("byte %d", i).isNotZero();
    }
    byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \n".getBytes(StandardCharsets.US_ASCII);
    byte[] text = new byte[200_000];
    Random r = new Random(3);
    for (int i = 0; i < text.length; i++) {
      text[i] = alphabet[r.nextInt(alphabet.length)];
    }
    for (int i = 1; i < mark.length; i++) {
      System.arraycopy(mark, 0, text, 1000 * i, i);
    }
    for (int chunk : new int[] {1, 13, 4096}) {
      EndMarkedInput in = new EndMarkedInput(trickle(concat(text, mark), chunk), mark);
      assertThat(in.readAllBytes()).as("chunk %d", chunk).isEqualTo(text);
      assertThat(in.complete()).isTrue();
    }
  }

  @Test
  void anEmptyOutputIsJustTheMarker() throws IOException {
    EndMarkedInput in = new EndMarkedInput(trickle(MARK, 5), MARK);
    assertThat(in.readAllBytes()).isEmpty();
    assertThat(in.complete()).isTrue();
  }

  @Test
  void aConnectionThatEndsBeforeTheMarkerFailsAfterDeliveringWhatCame() throws IOException {
    byte[] data = "a tar cut at an entry's boundary".getBytes(StandardCharsets.US_ASCII);
    byte[] half = java.util.Arrays.copyOf(MARK, MARK.length / 2);
    EndMarkedInput in = new EndMarkedInput(trickle(concat(data, half), 3), MARK);
    byte[] got = new byte[data.length + half.length];
    int n = 0;
    for (int r; n < got.length && (r = in.read(got, n, got.length - n)) > 0; ) {
      n += r;
    }
    assertThat(n).isEqualTo(got.length);     // a marker's prefix that never completes is data
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("before its end marker");
    assertThat(in.complete()).isFalse();
  }

  @Test
  void singleByteReadsSeeTheSameBytes() throws IOException {
    byte[] data = concat("xv4j-end-01".getBytes(), MARK);
    EndMarkedInput in = new EndMarkedInput(trickle(data, 2), MARK);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      o.write(b);
    }
    assertThat(o.toString(StandardCharsets.US_ASCII)).isEqualTo("xv4j-end-01");
  }
}
