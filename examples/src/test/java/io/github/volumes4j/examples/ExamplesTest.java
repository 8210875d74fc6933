package io.github.volumes4j.examples;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.InMemoryEngine;

/** The examples on the in-memory engine behaving like current Docker. */
class ExamplesTest extends ExamplesContract {
  @Override
  protected Volumes createVolumes() {
    return Volumes.using(InMemoryEngine.dockerLike());
  }
}
