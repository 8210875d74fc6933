package io.github.volumes4j.testkit;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.VolumeEngineContract;

/** The contract on the in-memory engine at its default (newest) API version. */
class InMemoryEngineContractTest extends VolumeEngineContract {
  @Override
  protected VolumeEngine createEngine() {
    return InMemoryEngine.dockerLike();
  }
}
