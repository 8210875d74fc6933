package io.github.volumes4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineUnavailableException;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** What each fault does to the call it hits, and to the engine behind it. */
class FaultInjectingEngineTest {

  final InMemoryEngine memory = InMemoryEngine.dockerLike();
  final FaultInjectingEngine faulty = FaultInjectingEngine.around(memory);

  @Test
  void cutBeforeNeverReachesTheEngine() {
    faulty.failCall(1, FaultInjectingEngine.Fault.CUT_BEFORE);
    assertThatThrownBy(() -> faulty.createVolume(VolumeSpec.named("vol-a"))).isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("before it reached the engine");
    assertThat(memory.listVolumes(VolumeFilter.all())).isEmpty();
    assertThat(faulty.fired()).hasValue("1 CUT_BEFORE createVolume");
  }

  @Test
  void aLostReplyDoesTheWorkAndLosesTheResult() {
    faulty.failCall(1, FaultInjectingEngine.Fault.LOST_REPLY);
    assertThatThrownBy(() -> faulty.createVolume(VolumeSpec.named("vol-a"))).isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("its answer was lost");
    assertThat(memory.inspectVolume("vol-a").name()).isEqualTo("vol-a");
  }

  @Test
  void aLostReplyLosesAnErrorAnswerToo() {
    // the engine says "no such volume", but over a cut connection the client hears only the cut
    faulty.failCall(1, FaultInjectingEngine.Fault.LOST_REPLY);
    assertThatThrownBy(() -> faulty.inspectVolume("missing")).isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("its answer was lost");
    faulty.failCall(1, FaultInjectingEngine.Fault.LOST_REPLY);
    assertThatThrownBy(() -> faulty.readArchive("no-such-container", "/")).isInstanceOf(EngineUnavailableException.class);
  }

  @Test
  void aLostReplyOfAnUploadStillWritesIt() throws Exception {
    memory.registerImage("img:1", fs -> { });
    memory.createVolume(VolumeSpec.named("vol-v"));
    String id = memory.createContainer(ContainerSpec.of("img:1").withMounts(VolumeMount.of("vol-v", "/data")));
    byte[] tar;
    try (InputStream in = memory.readArchive(id, "/data")) {
      tar = in.readAllBytes();
    }
    faulty.failCall(1, FaultInjectingEngine.Fault.LOST_REPLY);
    assertThatThrownBy(() -> faulty.writeArchive(id, "/", new ByteArrayInputStream(tar), false))
        .isInstanceOf(EngineUnavailableException.class);
    assertThat(faulty.fired()).hasValue("1 LOST_REPLY writeArchive");
    memory.removeContainer(id, false, true);
  }

  @Test
  void afterTheFaultCallsPassAndResetDisarms() {
    faulty.failCall(2, FaultInjectingEngine.Fault.CUT_BEFORE);
    faulty.createVolume(VolumeSpec.named("vol-a"));
    faulty.reset();
    faulty.createVolume(VolumeSpec.named("vol-b"));
    assertThat(faulty.fired()).isEmpty();
    assertThat(faulty.calls()).isEqualTo(1);
    assertThat(faulty.log()).containsExactly("createVolume");
  }
}
