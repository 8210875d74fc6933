package io.github.volumes4j.docker;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.VolumeEngineContract;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;

/** The contract against the real daemon; where it and the in-memory engine disagree, Docker is right. */
@EnabledIfDocker
class DockerEngineContractIT extends VolumeEngineContract {
  @Override
  protected VolumeEngine createEngine() {
    return DockerEngine.detect();
  }
}
