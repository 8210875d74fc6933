package io.github.volumes4j.docker;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.HostileArchivesContract;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;

/** The hostile archives through the restore paths on the real daemon, with a canary on the host. */
@EnabledIfDocker
class DockerHostileArchivesIT extends HostileArchivesContract {
  @Override
  protected VolumeEngine createEngine() {
    return DockerEngine.detect();
  }

  @Override
  protected int pathStride() {
    return Integer.getInteger("volumes4j.hostile.stride", 3);
  }
}
