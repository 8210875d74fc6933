package io.github.volumes4j.testkit;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.DataMovementContract;

/** Data movement on the in-memory engine. */
class InMemoryDataMovementTest extends DataMovementContract {
  @Override
  protected VolumeEngine createEngine() {
    return InMemoryEngine.dockerLike();
  }
}
