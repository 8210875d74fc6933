package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ImageNotFoundException;
import io.github.volumes4j.PullPolicy;
import io.github.volumes4j.PullProgress;
import io.github.volumes4j.RegistryAuthenticationException;
import io.github.volumes4j.RegistryUnreachableException;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a registry the test starts on 127.0.0.1 (no other registry is reachable from CI), serving
 * an image made from the local test image's layer: every pull policy, credentials as the docker CLI
 * keeps them, and each typed failure, with the daemon's own answers (Docker 20.10 says 500 for all of
 * them: "manifest unknown", "name unknown", "no basic auth credentials", "unauthorized", "dial tcp ...
 * connection refused").
 */
@EnabledIfDocker
class DockerPullIT {

  static final String LABEL = "io.github.volumes4j.test";
  static TestRegistry open;
  static TestRegistry locked;
  static String run;
  final List<String> images = new ArrayList<>();
  final List<String> containers = new ArrayList<>();
  DockerEngine engine;
  @TempDir
  Path dir;

  @BeforeAll
  static void registries() throws Exception {
    run = "v4jp" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    open = TestRegistry.start(Optional.empty());
    locked = TestRegistry.start(Optional.of("ann:pull-s3cret-pw"));
    try (DockerEngine e = DockerEngine.detect()) {
      ContractImages.ensure(e);
      byte[] layer;
      try (InputStream in = e.transportForTests().stream("GET", "/images/" + "volumes4j%2Fbusybox:test" + "/get", null, Map.of())
          .body()) {
        layer = TestRegistry.withFile(TestRegistry.layerOf(in), "etc/v4j-run", run + "\n");
      }
      String arch = e.transportForTests().call("GET", "/info").text().contains("\"Architecture\":\"aarch64\"") ? "arm64" : "amd64";
      for (TestRegistry r : List.of(open, locked)) {
        r.put(run + "/busybox", "1", layer, arch, Map.of(LABEL, run));
      }
    }
  }

  @AfterAll
  static void stopRegistries() {
    open.close();
    locked.close();
  }

  @AfterEach
  void cleanUp() {
    if (engine != null) {
      for (String c : containers) {
        engine.removeContainer(c, true, true);
      }
      for (String i : images) {
        if (engine.imageExists(i)) {
          DockerTestSupport.removeImage(engine, i);
        }
      }
      engine.close();
    }
  }

  private Volumes volumes(Path dockerConfig) {
    engine = DockerEngine.builder().host(DockerEngine.detect().host()).dockerConfig(dockerConfig).build();
    return Volumes.using(engine);
  }

  private String image(TestRegistry r) {
    String ref = r.host() + "/" + run + "/busybox:1";
    images.add(ref);
    return ref;
  }

  private Path config(String json) throws Exception {
    Path d = Files.createDirectories(dir.resolve("config-" + UUID.randomUUID()));
    Files.writeString(d.resolve("config.json"), json);
    return d;
  }

  @Test
  void missingPullsOnceAlwaysPullsAgainNeverRefusesAndTheImageRuns() throws Exception {
    Volumes volumes = volumes(config("{}"));
    String ref = image(open);
    int before = open.manifestRequests();
    assertThatThrownBy(() -> volumes.containers().create(ContainerSpec.of(ref).withPullPolicy(PullPolicy.NEVER)))
        .isInstanceOf(ImageNotFoundException.class).hasMessageContaining(ref).hasMessageContaining("NEVER");
    assertThat(open.manifestRequests()).isEqualTo(before);

    List<PullProgress> steps = new CopyOnWriteArrayList<>();
    String id = volumes.containers().onPull(steps::add).create(ContainerSpec.builder().image(ref)
        .addCommand("sh", "-c", "echo pulled-and-ran").network("none").putLabel(LABEL, run).build());
    containers.add(id);
    assertThat(open.manifestRequests()).isGreaterThan(before);
    assertThat(steps).extracting(PullProgress::status).contains("Pull complete", "Status: Downloaded newer image for " + ref);
    assertThat(steps).anySatisfy(p -> {
      assertThat(p.status()).isEqualTo("Downloading");
      assertThat(p.current()).isPresent();
      assertThat(p.total()).isPresent();
    });
    engine.startContainer(id);
    assertThat(engine.waitContainer(id)).isZero();
    assertThat(engine.logs(id)).contains("pulled-and-ran");

    int afterFirst = open.manifestRequests();
    containers.add(volumes.containers().create(ContainerSpec.of(ref).withCommand("true")));
    assertThat(open.manifestRequests()).as("MISSING does not pull an image that is there").isEqualTo(afterFirst);
    List<PullProgress> again = new CopyOnWriteArrayList<>();
    containers.add(volumes.containers().onPull(again::add).create(ContainerSpec.of(ref).withCommand("true")
        .withPullPolicy(PullPolicy.ALWAYS)));
    assertThat(open.manifestRequests()).as("ALWAYS asks the registry again").isGreaterThan(afterFirst);
    assertThat(again).extracting(PullProgress::status).anyMatch(s -> s.startsWith("Status: Image is up to date for"));
  }

  @Test
  void credentialsComeFromTheDockerConfigAsTheCliKeepsThem() throws Exception {
    String ref = image(locked);
    String auth = Base64.getEncoder().encodeToString("ann:pull-s3cret-pw".getBytes(StandardCharsets.UTF_8));
    Volumes volumes = volumes(config("{\"auths\":{\"http://" + locked.host() + "/v2/\":{\"auth\":\"" + auth + "\"}}}"));
    volumes.images().pull(ref);
    assertThat(volumes.images().exists(ref)).isTrue();
  }

  @Test
  void noCredentialsAndWrongCredentialsAreRefusalsThatSayWhatToDo() throws Exception {
    String ref = image(locked);
    Volumes anonymous = volumes(config("{}"));
    assertThatThrownBy(() -> anonymous.images().pull(ref)).isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("no basic auth credentials").hasMessageContaining("docker login " + locked.host())
        .satisfies(e -> assertThat(((RegistryAuthenticationException) e).registry()).isEqualTo(locked.host()));
    engine.close();
    String wrong = Base64.getEncoder().encodeToString("ann:not-the-pw-123".getBytes(StandardCharsets.UTF_8));
    Volumes refused = volumes(config("{\"auths\":{\"" + locked.host() + "\":{\"auth\":\"" + wrong + "\"}}}"));
    assertThatThrownBy(() -> refused.images().pull(ref)).isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("unauthorized").hasMessageContaining("were refused").hasMessageNotContaining("not-the-pw-123");
    assertThat(refused.images().exists(ref)).isFalse();
  }

  @Test
  void aMissingTagAMissingRepositoryAndAnUnreachableRegistryAreTyped() throws Exception {
    Volumes volumes = volumes(config("{}"));
    assertThatThrownBy(() -> volumes.images().pull(open.host() + "/" + run + "/busybox:2"))
        .isInstanceOf(ImageNotFoundException.class).hasMessageContaining("manifest unknown");
    assertThatThrownBy(() -> volumes.containers().create(ContainerSpec.of(open.host() + "/" + run + "/nothing:1")))
        .isInstanceOf(ImageNotFoundException.class).hasMessageContaining("name unknown");
    assertThatThrownBy(() -> volumes.images().pull("127.0.0.1:1/" + run + "/busybox:1"))
        .isInstanceOf(RegistryUnreachableException.class).hasMessageContaining("connection refused")
        .hasMessageContaining("PullPolicy.NEVER");
    assertThatThrownBy(() -> volumes.images().pull("Not A Reference")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid image reference");
    assertThat(engine.listContainers(Map.of(LABEL, run))).isEmpty();
  }
}
