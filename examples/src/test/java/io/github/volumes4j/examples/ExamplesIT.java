package io.github.volumes4j.examples;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.docker.DockerEngine;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;

/** The examples on the real Docker daemon, with the local image volumes4j/busybox:test. */
@EnabledIfDocker
class ExamplesIT extends ExamplesContract {
  @Override
  protected Volumes createVolumes() {
    return Volumes.using(DockerEngine.detect());
  }
}
