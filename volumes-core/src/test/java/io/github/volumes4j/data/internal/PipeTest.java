package io.github.volumes4j.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PipeTest {

  @Test
  void aConsumerThatReadsToTheEndAndReturnsAtOnceIsNotAFailure() {
    // The consumer takes EOF and returns while the producer is still between its last offer and its
    // check of the consumer: that was reported as "the reader of the stream stopped" (seen with Docker).
    for (int i = 0; i < 3000; i++) {
      AtomicReference<String> read = new AtomicReference<>();
      Pipe.run("test", out -> out.write("small".getBytes(StandardCharsets.UTF_8)),
          in -> {
            try {
              read.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      assertThat(read.get()).isEqualTo("small");
    }
  }

  @Test
  void aConsumerThatFailsIsReported() {
    assertThatThrownBy(() -> Pipe.run("test", out -> {
      for (int i = 0; i < 1000; i++) {
        out.write(new byte[64 * 1024]);
      }
    }, in -> {
      try {
        in.read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      throw new IllegalStateException("consumer broke");
    })).hasMessageContaining("consumer broke");
  }
}
