package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.testkit.contract.ContractImages;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's code, as it stands there: its Java blocks are compiled together and run, the Docker
 * quickstart on a daemon of its own (a second dockerd whose registry mirror is a registry this test
 * starts on 127.0.0.1, serving {@code busybox:1.36} as Docker Hub would: the pull really happens, and
 * nothing of it reaches the shared daemon), the in-memory one in this JVM; the dependency snippet names
 * modules and a version this build has.
 */
@EnabledIfDocker
class ReadmeIT {

  static final Path README = Path.of("..", "README.md");
  @TempDir
  Path dir;

  /**
   * The README's Java blocks, but for the Testcontainers ones (ReadmeTestcontainersIT of volumes-testcontainers runs
   * those) and the compose one (ReadmeComposeIT of volumes-compose).
   */
  static Map<String, String> javaBlocks() throws Exception {
    Map<String, String> blocks = DocBlocks.javaBlocks(README, "public class (\\w+)");
    blocks.values().removeIf(source -> source.contains("org.testcontainers") || source.contains("io.github.volumes4j.compose"));
    return blocks;
  }

  private URLClassLoader compile(Map<String, String> blocks) throws Exception {
    return DocBlocks.compile(blocks, dir, getClass().getClassLoader());
  }

  private static String runMain(ClassLoader loader, String className) throws Exception {
    Method main = loader.loadClass(className).getMethod("main", String[].class);
    PrintStream before = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(before);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    before.print(printed);
    return printed;
  }

  @Test
  void theNightlySnapshotJobRunsAsPastedInMemory() throws Exception {
    Map<String, String> blocks = javaBlocks();
    assertThat(blocks).containsKey("NightlySnapshot");
    io.github.volumes4j.testkit.InMemoryEngine engine = io.github.volumes4j.testkit.InMemoryEngine.dockerLike();
    try (URLClassLoader loader = compile(blocks); io.github.volumes4j.Volumes volumes = io.github.volumes4j.Volumes.using(engine)) {
      volumes.create(io.github.volumes4j.VolumeSpec.named("pgdata"));
      volumes.copyInto("pgdata").string("row 1\n", "/base/t1");
      Class<?> job = loader.loadClass("NightlySnapshot");
      Method run = job.getDeclaredMethod("run", io.github.volumes4j.Volumes.class, String.class, Path.class);
      run.setAccessible(true);
      Path repo = dir.resolve("repo");
      PrintStream before = System.out;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        run.invoke(null, volumes, "pgdata", repo);
        volumes.copyInto("pgdata").string("row 2\n", "/base/t2");
        run.invoke(null, volumes, "pgdata", repo);
      } finally {
        System.setOut(before);
      }
      assertThat(captured.toString(StandardCharsets.UTF_8).lines()).hasSize(2)
          .allSatisfy(l -> assertThat(l).contains(" bytes added, ").endsWith(" files not even read"));
      io.github.volumes4j.data.TreeDigest latest = volumes.digest("pgdata");
      volumes.copyInto("pgdata").string("damage\n", "/base/t1");
      Method restore = job.getDeclaredMethod("restoreLatest", io.github.volumes4j.Volumes.class, String.class, Path.class);
      restore.setAccessible(true);
      restore.invoke(null, volumes, "pgdata", repo);
      assertThat(volumes.digest("pgdata")).isEqualTo(latest);
      assertThat(io.github.volumes4j.data.SnapshotRepository.open(repo).list()).hasSize(2);
    }
  }

  @Test
  void theQuickstartRunsAsPastedInMemory() throws Exception {
    Map<String, String> blocks = javaBlocks();
    assertThat(blocks).containsKeys("Quickstart", "QuickstartInMemory");
    try (URLClassLoader loader = compile(blocks)) {
      String printed = runMain(loader, "QuickstartInMemory");
      assertThat(printed).contains("port=5432").contains("quickstart-data {app=quickstart}");
    }
  }

  @Test
  void theQuickstartRunsAsPastedOnDockerPullingBusyboxFromItsRegistry() throws Exception {
    String run = "v4jrd" + UUID.randomUUID().toString().substring(0, 6);
    byte[] layer;
    String arch;
    try (DockerEngine shared = DockerEngine.detect()) {
      ContractImages.ensure(shared);
      try (InputStream in = shared.transportForTests().stream("GET", "/images/volumes4j%2Fbusybox:test/get", null, Map.of())
          .body()) {
        layer = TestRegistry.withFile(TestRegistry.layerOf(in), "etc/v4j-run", run + "\n");
      }
      arch = shared.transportForTests().call("GET", "/info").text().contains("\"Architecture\":\"aarch64\"") ? "arm64" : "amd64";
    }
    try (TestRegistry hub = TestRegistry.start(Optional.empty());
        SecondDaemon daemon = SecondDaemon.start(Path.of("/tmp", run), List.of("--registry-mirror=http://" + hub.host()));
        URLClassLoader loader = compile(javaBlocks())) {
      hub.put("library/busybox", "1.36", layer, arch, Map.of());
      String previous = System.getProperty("DOCKER_HOST");
      System.setProperty("DOCKER_HOST", "unix://" + daemon.socket());
      String printed;
      try {
        printed = runMain(loader, "Quickstart");
      } finally {
        if (previous == null) {
          System.clearProperty("DOCKER_HOST");
        } else {
          System.setProperty("DOCKER_HOST", previous);
        }
      }
      assertThat(printed).contains("port=5432").contains("quickstart-data {app=quickstart}");
      assertThat(hub.requests()).as("busybox:1.36 came from the registry").contains("HEAD /v2/library/busybox/manifests/1.36");
      try (DockerEngine second = daemon.connect()) {
        assertThat(second.imageExists("busybox:1.36")).isTrue();
        assertThat(second.listVolumes(io.github.volumes4j.VolumeFilter.all())).as("the quickstart leaves no volume").isEmpty();
        assertThat(second.listContainers(Map.of())).as("nor a container").isEmpty();
      }
    }
  }

  @Test
  void theDependencySnippetNamesThisBuildsModulesAndVersion() throws Exception {
    String text = Files.readString(README);
    String version = Files.readString(Path.of("..", "volumes-bom", "pom.xml"))
        .replaceAll("(?s).*?<artifactId>volumes-bom</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
    Matcher xml = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(xml.find()).isTrue();
    Matcher artifacts = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(xml.group(1));
    while (artifacts.find()) {
      assertThat(Path.of("..", artifacts.group(1), "pom.xml")).as("module %s of the snippet", artifacts.group(1)).exists();
    }
    assertThat(xml.group(1)).contains("<version>" + version + "</version>");
    Matcher kotlin = Pattern.compile("```kotlin\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(kotlin.find()).isTrue();
    assertThat(kotlin.group(1)).contains("volumes-bom:" + version);
  }
}
