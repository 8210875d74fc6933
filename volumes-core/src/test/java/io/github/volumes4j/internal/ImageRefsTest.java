package io.github.volumes4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** References read as distribution/reference's ParseNormalizedNamed reads them (what docker pull sends). */
class ImageRefsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      busybox                                | docker.io      | library/busybox   | busybox                       | latest
      busybox:1.36                           | docker.io      | library/busybox   | busybox                       | 1.36
      library/busybox:1                      | docker.io      | library/busybox   | busybox                       | 1
      docker.io/library/busybox:1            | docker.io      | library/busybox   | busybox                       | 1
      index.docker.io/library/busybox        | docker.io      | library/busybox   | busybox                       | latest
      bitnami/postgresql:16                  | docker.io      | bitnami/postgresql| bitnami/postgresql            | 16
      localhost/app                          | localhost      | app               | localhost/app                 | latest
      localhost:5000/team/app:2              | localhost:5000 | team/app          | localhost:5000/team/app       | 2
      127.0.0.1:41234/v4j/busybox:1          | 127.0.0.1:41234| v4j/busybox       | 127.0.0.1:41234/v4j/busybox   | 1
      registry.example.com/a/b/c:v1.2_3      | registry.example.com | a/b/c       | registry.example.com/a/b/c    | v1.2_3
      my_app-1/x.y__z                        | docker.io      | my_app-1/x.y__z   | my_app-1/x.y__z               | latest
      """)
  void normalizesAsTheCliDoes(String ref, String registry, String repository, String familiar, String tag) {
    ImageRefs.Ref r = ImageRefs.parse(ref);
    assertThat(r.registry()).isEqualTo(registry);
    assertThat(r.repository()).isEqualTo(repository);
    assertThat(r.familiarName()).isEqualTo(familiar);
    assertThat(r.tagOrDigest()).isEqualTo(tag);
    assertThat(r.isDigest()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"busybox@sha256:2d0ba1c6c1a8f6d0a6f6d8a7b9b7a6f6d0a6f6d8a7b9b7a6f6d0a6f6d8a7b9b7a6",
      "busybox:1.36@sha256:2d0ba1c6c1a8f6d0a6f6d8a7b9b7a6f6d0a6f6d8a7b9b7a6f6d0a6f6d8a7b9b7a6"})
  void aDigestWinsOverATag(String ref) {
    ImageRefs.Ref r = ImageRefs.parse(ref);
    assertThat(r.isDigest()).isTrue();
    assertThat(r.tagOrDigest()).startsWith("sha256:2d0b");
    assertThat(r.normalized()).startsWith("busybox@sha256:");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " busybox", "BusyBox", "busybox:", "busybox:-x", "a//b", "/a", "a@sha256:xyz", "a b",
      "registry.example.com/", "busybox:" + "t" + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"})
  void whatDockerCallsAnInvalidReferenceFormatIsRefusedWithAnExample(String ref) {
    assertThatThrownBy(() -> ImageRefs.parse(ref)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid image reference").hasMessageContaining("busybox:1.36");
  }
}
