package io.github.volumes4j.docker;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.SmallHeapContract;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;

/**
 * Bombs and deep trees on the real daemon, in a JVM with a 256 MiB heap (every IT JVM has one): the
 * entry bomb is refused before anything is written, a 2,000-level tree moves on every path. The
 * 3 GiB entry and the bomb restored into a new volume are left to the in-memory run (here they would
 * write gigabytes, or a million files, to the daemon's disk).
 */
@EnabledIfDocker
class DockerSmallHeapIT extends SmallHeapContract {
  @Override
  protected VolumeEngine createEngine() {
    return DockerEngine.detect();
  }

  @Override
  protected boolean bigEntry() {
    return false;
  }

  @Override
  protected boolean restoreBomb() {
    return false;
  }
}
