package io.github.volumes4j.docker;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.VolumeEngineContract;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;

/** The contract suite against the real daemon that {@link DockerEngine#detect()} finds. */
@EnabledIfDocker
class DockerEngineContractIT extends VolumeEngineContract {

  @Override
  protected VolumeEngine createEngine() {
    return DockerEngine.detect();
  }
}
