package io.github.volumes4j.docker;

import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.DataFaultsContract;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;

/**
 * Every data operation forced through started helpers ({@link TransferPath#HELPER_STREAM}) on the real
 * daemon, with one engine call failed: a helper's start cut, its answer lost (the helper runs on and
 * must be found by name), its streams broken half way either way; for every sixth call of each
 * operation (every third took 288 s here; {@code -Dvolumes4j.faults.stride=1} runs every call):
 * nothing left behind, no data mixed.
 */
@EnabledIfDocker
class DockerHelperFaultInjectionIT extends DataFaultsContract {
  @Override
  protected VolumeEngine createEngine() {
    return DockerEngine.detect();
  }

  @Override
  protected DataMovement dataMovement(VolumeEngine engine) {
    return DataMovement.on(engine).preferPath(TransferPath.HELPER_STREAM);
  }

  @Override
  protected int stride() {
    return Integer.getInteger("volumes4j.faults.stride", 6);
  }
}
