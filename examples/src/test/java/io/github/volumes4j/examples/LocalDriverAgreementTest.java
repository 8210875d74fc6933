package io.github.volumes4j.examples;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.InMemoryEngine;

class LocalDriverAgreementTest extends LocalDriverAgreementContract {
  @Override
  protected Volumes createVolumes() {
    return Volumes.using(InMemoryEngine.dockerLike());
  }
}
