package io.github.volumes4j.examples;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.docker.DockerEngine;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;

/** LocalDriver against the real local driver of the daemon (checked on Docker 20.10). */
@EnabledIfDocker
class LocalDriverAgreementIT extends LocalDriverAgreementContract {
  @Override
  protected Volumes createVolumes() {
    return Volumes.using(DockerEngine.detect());
  }
}
