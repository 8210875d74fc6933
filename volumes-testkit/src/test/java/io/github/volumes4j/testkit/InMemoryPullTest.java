package io.github.volumes4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ImageNotFoundException;
import io.github.volumes4j.PullPolicy;
import io.github.volumes4j.PullProgress;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Images in memory answer as Docker's do: a missing image is pulled from what the test put "in a registry". */
class InMemoryPullTest {

  final InMemoryEngine engine = InMemoryEngine.dockerLike();
  final Volumes volumes = Volumes.using(engine);

  @Test
  void aRemoteImageIsPulledOnFirstUseAsDockerRunDoes() {
    engine.registerRemoteImage("registry.example.com/team/app:2", fs -> fs.writeString("/app.conf", "port=1"));
    assertThat(volumes.images().exists("registry.example.com/team/app:2")).isFalse();
    List<PullProgress> steps = new ArrayList<>();
    String id = volumes.containers().onPull(steps::add).create(ContainerSpec.of("registry.example.com/team/app:2"));
    assertThat(steps).extracting(PullProgress::status).containsExactly("Pulling from registry.example.com/team/app",
        steps.get(1).status(), "Status: Downloaded newer image for registry.example.com/team/app:2");
    assertThat(steps.get(1).status()).startsWith("Digest: sha256:");
    assertThat(volumes.images().exists("registry.example.com/team/app:2")).isTrue();
    assertThat(engine.inspectContainer(id).image()).isEqualTo("registry.example.com/team/app:2");

    List<PullProgress> again = new ArrayList<>();
    volumes.containers().onPull(again::add).create(ContainerSpec.of("registry.example.com/team/app:2"));
    assertThat(again).as("MISSING does not pull what is there").isEmpty();
    volumes.containers().onPull(again::add).create(ContainerSpec.of("registry.example.com/team/app:2").withPullPolicy(PullPolicy.ALWAYS));
    assertThat(again).extracting(PullProgress::status).last().isEqualTo("Status: Image is up to date for registry.example.com/team/app:2");
  }

  @Test
  void anImageNobodyRegisteredSaysHowToProvideIt() {
    assertThatThrownBy(() -> volumes.containers().create(ContainerSpec.of("busybox")))
        .isInstanceOf(ImageNotFoundException.class).hasMessageContaining("registerRemoteImage(\"busybox\"")
        .hasMessageContaining("registerImage")
        .satisfies(e -> assertThat(((ImageNotFoundException) e).registry()).isEqualTo("docker.io"));
    // the SPI's create answers as the daemon does
    assertThatThrownBy(() -> engine.createContainer(ContainerSpec.of("busybox"))).hasMessage("No such image: busybox:latest");
  }

  @Test
  void neverDoesNotPullEvenWhatTheRegistryHas() {
    engine.registerRemoteImage("busybox:1.36", fs -> { });
    assertThatThrownBy(() -> volumes.containers().create(ContainerSpec.of("busybox:1.36").withPullPolicy(PullPolicy.NEVER)))
        .isInstanceOf(ImageNotFoundException.class).hasMessageContaining("NEVER").hasMessageContaining("busybox:1.36");
    assertThat(engine.listContainers(java.util.Map.of())).isEmpty();
  }

  @Test
  void aProgramAloneMakesItsImage() {
    engine.registerProgram("tool:1", (fs, command, out) -> {
      fs.writeString("/data/out.txt", "done");
      return 0;
    });
    String id = volumes.containers().run(ContainerSpec.of("tool:1").withMounts(VolumeMount.of("work", "/data")));
    assertThat(volumes.containers().waitFor(id)).isZero();
    assertThat(volumes.copyFrom("work").string("/out.txt")).isEqualTo("done");
    volumes.containers().removeWithVolumes(id);
    volumes.remove("work");
  }
}
