package io.github.volumes4j.testkit;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.DataFaultsContract;

class InMemoryDataFaultsTest extends DataFaultsContract {
  @Override
  protected VolumeEngine createEngine() {
    return InMemoryEngine.dockerLike();
  }
}
