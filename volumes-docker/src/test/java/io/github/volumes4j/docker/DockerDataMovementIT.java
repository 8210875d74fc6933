package io.github.volumes4j.docker;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.DataMovementContract;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;

/** Data movement on the real daemon; migrations go to and from a fresh in-memory engine. */
@EnabledIfDocker
class DockerDataMovementIT extends DataMovementContract {
  @Override
  protected VolumeEngine createEngine() {
    return DockerEngine.detect();
  }
}
