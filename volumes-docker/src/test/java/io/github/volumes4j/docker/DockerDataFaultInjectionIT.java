package io.github.volumes4j.docker;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.DataFaultsContract;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;

/**
 * Every data operation on the real daemon with one engine call failed (cut, answer lost, stream
 * broken), for every second call it makes: nothing left behind, no data mixed.
 */
@EnabledIfDocker
class DockerDataFaultInjectionIT extends DataFaultsContract {
  @Override
  protected VolumeEngine createEngine() {
    return DockerEngine.detect();
  }

  @Override
  protected int stride() {
    return Integer.getInteger("volumes4j.faults.stride", 2);
  }
}
