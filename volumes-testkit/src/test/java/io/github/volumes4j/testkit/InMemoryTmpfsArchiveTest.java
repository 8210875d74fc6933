package io.github.volumes4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.TmpfsMount;
import org.junit.jupiter.api.Test;

/** As on Docker 20.10: a process sees its tmpfs mount, the archive endpoints do not. */
class InMemoryTmpfsArchiveTest {

  @Test
  void theArchiveEndpointsDoNotSeeIntoARunningContainersTmpfs() {
    InMemoryEngine engine = InMemoryEngine.dockerLike();
    engine.registerImage("img:1", fs -> fs.mkdirs("/run"));
    String id = engine.createContainer(ContainerSpec.of("img:1").withMounts(TmpfsMount.at("/run/secrets")));
    engine.startContainer(id);
    engine.exec(id, fs -> fs.writeString("/run/secrets/token", "s3cr3t"));
    engine.exec(id, fs -> assertThat(fs.readString("/run/secrets/token")).isEqualTo("s3cr3t"));

    assertThat(engine.statPath(id, "/run/secrets/token")).isEmpty();
    assertThatThrownBy(() -> engine.readArchive(id, "/run/secrets/token")).isInstanceOf(EngineException.class)
        .hasMessageContaining("Could not find the file /run/secrets/token");
    assertThat(engine.statPath(id, "/run/secrets")).isPresent();
  }
}
