package io.github.volumes4j.testkit;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.VolumeEngineContract;

/** The contract on the in-memory engine emulating Docker 20.10 (API 1.41), like the CI daemon. */
class InMemoryEngine141ContractTest extends VolumeEngineContract {
  @Override
  protected VolumeEngine createEngine() {
    return InMemoryEngine.emulating(ApiVersion.of(1, 41));
  }
}
