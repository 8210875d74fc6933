package io.github.volumes4j.docker;

import io.github.volumes4j.docker.internal.wire.Filters;

/** Test helpers that reach the daemon beyond the SPI. */
final class DockerTestSupport {

  private DockerTestSupport() {}

  static void removeImage(DockerEngine engine, String reference) {
    engine.transportForTests().call("DELETE", "/images/" + Filters.segment(reference) + "?force=1");
  }
}
