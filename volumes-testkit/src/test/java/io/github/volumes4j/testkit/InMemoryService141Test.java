package io.github.volumes4j.testkit;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.contract.ServiceContract;

/** The service contract on the in-memory engine as Docker 20.10 (API 1.41), the daemon it is recorded against. */
class InMemoryService141Test extends ServiceContract {

  @Override
  protected VolumeEngine managerEngine() {
    InMemoryEngine e = InMemoryEngine.builder().apiVersion(ApiVersion.of(1, 41)).swarmManager().build();
    ContractImages.ensure(e);
    return e;
  }

  @Override
  protected VolumeEngine nonManagerEngine() {
    return InMemoryEngine.emulating(ApiVersion.of(1, 41));
  }
}
