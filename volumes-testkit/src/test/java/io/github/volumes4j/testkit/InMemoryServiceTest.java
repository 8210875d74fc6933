package io.github.volumes4j.testkit;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.contract.ServiceContract;

/** The service contract on the in-memory engine as current Docker (API 1.52 rules: bind-create-src, subpath allowed). */
class InMemoryServiceTest extends ServiceContract {

  @Override
  protected VolumeEngine managerEngine() {
    InMemoryEngine e = InMemoryEngine.builder().swarmManager().build();
    ContractImages.ensure(e);
    return e;
  }

  @Override
  protected VolumeEngine nonManagerEngine() {
    return InMemoryEngine.dockerLike();
  }
}
