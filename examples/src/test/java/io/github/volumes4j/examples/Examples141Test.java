package io.github.volumes4j.examples;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.InMemoryEngine;

/** The examples on the in-memory engine behaving like Docker 20.10 (API 1.41): prune removes named volumes. */
class Examples141Test extends ExamplesContract {
  @Override
  protected Volumes createVolumes() {
    return Volumes.using(InMemoryEngine.emulating(ApiVersion.of(1, 41)));
  }
}
