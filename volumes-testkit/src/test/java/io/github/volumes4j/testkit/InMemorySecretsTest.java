package io.github.volumes4j.testkit;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.SecretsContract;

class InMemorySecretsTest extends SecretsContract {
  @Override
  protected VolumeEngine createEngine() {
    return InMemoryEngine.dockerLike();
  }
}
