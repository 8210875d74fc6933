package io.github.volumes4j.testkit;

import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.SmallHeapContract;

/** Bombs and deep trees in memory, in a JVM with a 256 MiB heap (the small-heap surefire execution). */
class InMemorySmallHeapTest extends SmallHeapContract {
  @Override
  protected VolumeEngine createEngine() {
    return InMemoryEngine.dockerLike();
  }
}
