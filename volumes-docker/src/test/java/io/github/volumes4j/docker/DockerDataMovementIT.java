package io.github.volumes4j.docker;

import io.github.volumes4j.spi.ForwardingVolumeEngine;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.contract.DataMovementContract;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Data movement on the real daemon. Migrations go to a second dockerd that the scenario starts (its
 * own socket, data root and bridge; see {@link SecondDaemon}) and back: daemon to daemon, as a user
 * moving a volume to another host would, with the library's helper image imported there on first use.
 */
@EnabledIfDocker
class DockerDataMovementIT extends DataMovementContract {
  @Override
  protected VolumeEngine createEngine() {
    return DockerEngine.detect();
  }

  @Override
  protected VolumeEngine createOtherEngine() {
    SecondDaemon daemon;
    try {
      daemon = SecondDaemon.start(Path.of("/tmp", "v4jmig" + UUID.randomUUID().toString().substring(0, 8)), List.of());
    } catch (Exception e) {
      throw new IllegalStateException("could not start a second dockerd for the migration", e);
    }
    return new ForwardingVolumeEngine(daemon.connect()) {
      @Override
      public void close() {
        try {
          super.close();
        } finally {
          try {
            daemon.close();
          } catch (Exception e) {
            throw new IllegalStateException("could not stop the second dockerd", e);
          }
        }
      }
    };
  }
}
