package io.github.volumes4j.docker.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

  static byte[] frame(int stream, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) stream, 0, 0, 0, (byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
    out.writeBytes(b);
    return out.toByteArray();
  }

  @Test
  void decodesMultiplexedLogs() throws IOException {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(frame(1, "out\n"));
    s.writeBytes(frame(2, "err\n"));
    s.writeBytes(frame(1, "x".repeat(70000)));
    assertThat(LogDecoder.decode(new ByteArrayInputStream(s.toByteArray()))).isEqualTo("out\nerr\n" + "x".repeat(70000));
    assertThat(LogDecoder.decode(new ByteArrayInputStream(new byte[0]))).isEmpty();
  }

  @Test
  void passesRawTtyLogsThrough() throws IOException {
    assertThat(LogDecoder.decode(new ByteArrayInputStream("plain tty text\n".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("plain tty text\n");
    assertThat(LogDecoder.decode(new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)))).isEqualTo("hi");
  }

  @Test
  void encodesFiltersAsDockerReadsThem() {
    Filters f = new Filters().add("label", List.of("a=b", "c")).add("label!", "d=e").add("dangling", "true");
    assertThat(f.json()).isEqualTo("{\"label\":[\"a=b\",\"c\"],\"label!\":[\"d=e\"],\"dangling\":[\"true\"]}");
    assertThat(f.query()).isEqualTo("filters=%7B%22label%22%3A%5B%22a%3Db%22%2C%22c%22%5D%2C%22label%21%22%3A%5B%22d%3De%22%5D"
        + "%2C%22dangling%22%3A%5B%22true%22%5D%7D");
    assertThat(new Filters().add("label", List.of()).query()).isEmpty();
    assertThat(Filters.segment("a b/c")).isEqualTo("a%20b%2Fc");
    for (String name : List.of("pgdata", "My_vol-1.2", "x", "a*b", "a~b", "ä", "..", "a%b", "a+b")) {
      assertThat(Filters.segment(name)).as(name).isEqualTo(Filters.encode(name));
    }
  }
}
