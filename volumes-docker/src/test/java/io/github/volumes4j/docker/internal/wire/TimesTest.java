package io.github.volumes4j.docker.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimesTest {

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-28T11:42:21Z", "2026-11-28T11:42:21.5Z", "2026-11-28T11:42:21.123456789+01:00",
      "2026-02-28T23:59:59.000000001-05:30", "1999-12-31T00:00:00+00:00", "2026-11-28T11:42:21.1234567891Z"})
  void readsWhatTheJdkReads(String text) {
    OffsetDateTime expected = text.length() > 30 && text.endsWith("1Z") ? OffsetDateTime.parse("2026-11-28T11:42:21.123456789Z")
        : OffsetDateTime.parse(text);
    assertThat(Times.fast(text)).isEqualTo(expected);
    assertThat(Times.parse(text)).hasValue(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13-28T11:42:21Z", "2026-11-28 11:42:21Z", "2026-11-28T11:42:21", "2026-11-28T11:42:21.Z",
      "2026-11-28T11:42:21+0100", "garbage-that-is-long-enough"})
  void leavesTheRestToTheJdk(String text) {
    assertThat(Times.fast(text)).isNull();
  }
}
