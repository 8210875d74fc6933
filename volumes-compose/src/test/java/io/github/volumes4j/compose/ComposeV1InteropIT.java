package io.github.volumes4j.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.docker.DockerEngine;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real compose takes the volumes {@link ComposeVolumes} creates as its own. The compose here is Debian's
 * docker-compose 1.29.2 (the Python compose v1; scripts/docker-engine.sh installs it next to the daemon): no compose
 * v2 binary can be had on these machines. v1 finds a project's volumes by the same name and labels and warns about a
 * volume whose labels differ from the file; it is not compose-go, so only that agreement is claimed.
 */
@EnabledIfDocker
class ComposeV1InteropIT {

  static final String IMAGE = "volumes4j/busybox:test";

  @TempDir
  Path dir;

  Volumes volumes;
  String project;

  static boolean haveComposeV1() {
    try {
      Process p = new ProcessBuilder("docker-compose", "version").redirectErrorStream(true).start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @BeforeEach
  void setUp() {
    boolean required = "true".equalsIgnoreCase(System.getenv("VOLUMES4J_DOCKER_REQUIRED"))
        || Boolean.getBoolean("volumes4j.docker.required");
    if (required) {
      assertThat(haveComposeV1()).as("docker-compose (v1) is installed by scripts/docker-engine.sh in CI").isTrue();
    } else {
      assumeTrue(haveComposeV1(), "docker-compose is not installed: run scripts/docker-engine.sh start (it installs"
          + " Debian's docker-compose) to run this test");
    }
    volumes = Volumes.using(DockerEngine.detect());
    project = "v4jv1" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (volumes == null) {
      return;
    }
    compose("down");
    volumes.list(VolumeFilter.name("^" + project + "_")).forEach(v -> volumes.removeIfExists(v.name()));
    volumes.close();
  }

  String compose(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker-compose", "--no-ansi", "-p", project, "-f",
        dir.resolve("compose.yaml").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("docker-compose %s:%n%s", args, out).isZero();
    return out;
  }

  void write() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), """
        services:
          db:
            image: %s
            command: ["true"]
            volumes:
              - pgdata:/data
              - cache:/cache:ro
        volumes:
          pgdata:
            labels:
              tier: db
          cache:
        """.formatted(IMAGE));
  }

  @Test
  void composeUsesTheVolumesComposeVolumesCreatedWithoutAWord() throws Exception {
    write();
    ComposeProject p = Compose.loader().withFiles(dir.resolve("compose.yaml")).withProjectName(project)
        .withEnvironment(Map.of()).load();
    assertThat(ComposeVolumes.create(volumes, p).created()).containsExactly(project + "_pgdata", project + "_cache");
    String up = compose("up", "--no-start");
    assertThat(up).doesNotContain("Creating volume").doesNotContain("has changed")
        .doesNotContain("not created by Docker Compose");
    // and the other way round: what compose created, volumes4j takes as the project's, creating nothing
    compose("down");
    volumes.list(VolumeFilter.name("^" + project + "_")).forEach(v -> volumes.remove(v.name()));
    assertThat(compose("up", "--no-start")).contains("Creating volume \"" + project + "_pgdata\"");
    ComposeVolumes.Result again = ComposeVolumes.create(volumes, p);
    assertThat(again.created()).isEmpty();
    assertThat(again.warnings()).isEmpty();
    assertThat(volumes.inspect(project + "_pgdata").labels()).containsEntry("com.docker.compose.project", project)
        .containsEntry("com.docker.compose.volume", "pgdata").containsEntry("tier", "db");
  }

  /**
   * The reading itself, held to compose v1's {@code config} on what v1 and compose-go agree on (v1 keeps the mode of
   * {@code volumes_from}, which compose-go drops, so that is left out): for every service, each target's type,
   * source (bind paths resolved, {@code ~}, {@code .env}, defaults, override by target, anchors) and read-only flag,
   * and the tmpfs key's entries.
   */
  @Test
  void theReadingAgreesWithComposeConfigOnWhatBothRead() throws Exception {
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve(".env"), "DATA=dotenv-data\nMODE=ro\n");
    Files.writeString(dir.resolve("compose.yaml"), """
        x-common: &common
          volumes:
            - shared:/shared
        services:
          a:
            image: busybox
            <<: *common
          b:
            image: busybox
            volumes:
              - ./src:/src:ro
              - ~/cache:/cache
              - ${DATA}:/data:${MODE}
              - ${UNSET:-./def}:/def
              - /abs/path:/abs:rshared
              - ../up:/up:ro,z
              - type: bind
                source: ./long
                target: /long
                read_only: true
              - type: volume
                source: shared
                target: /vol
                volume:
                  nocopy: true
              - type: tmpfs
                target: /t
                tmpfs:
                  size: 1000
              - /anon
            tmpfs:
              - /run:size=1m
              - /tmp
        volumes:
          shared:
          dotenv-data:
            name: custom-name
        """);
    Files.writeString(dir.resolve("compose.override.yaml"), "services:\n  b:\n    volumes:\n      - ./override:/src\n");
    String home = System.getProperty("user.home");
    List<String> cmd = List.of("docker-compose", "-p", project, "-f", dir.resolve("compose.yaml").toString(), "-f",
        dir.resolve("compose.override.yaml").toString(), "config");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("HOME", home);
    pb.environment().remove("DATA");
    pb.environment().remove("MODE");
    pb.environment().remove("UNSET");
    Process proc = pb.start();
    String config = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(proc.exitValue()).as(config).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> v1 = (Map<String, Object>) new org.snakeyaml.engine.v2.api.Load(
        org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).loadFromString(config);
    ComposeProject ours = Compose.loader().withFiles(dir.resolve("compose.yaml"), dir.resolve("compose.override.yaml"))
        .withProjectName(project).withEnvironment(Map.of("HOME", home)).load();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) v1.get("services");
    assertThat(ours.services().keySet()).containsExactlyInAnyOrderElementsOf(services.keySet());
    for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
      java.util.TreeMap<String, String> theirs = new java.util.TreeMap<>();
      @SuppressWarnings("unchecked")
      List<Object> vols = (List<Object>) s.getValue().getOrDefault("volumes", List.of());
      for (Object v : vols) {
        if (v instanceof String text) {
          String[] parts = text.split(":");
          if (parts.length == 1) {
            theirs.put(parts[0], "volume  ro=false");
          } else {
            boolean ro = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
            String type = parts[0].startsWith("/") ? "bind" : "volume";
            theirs.put(parts[1], type + " " + parts[0] + " ro=" + ro);
          }
        } else {
          @SuppressWarnings("unchecked")
          Map<String, Object> m = (Map<String, Object>) v;
          theirs.put((String) m.get("target"), m.get("type") + " " + m.getOrDefault("source", "") + " ro="
              + Boolean.TRUE.equals(m.get("read_only")));
        }
      }
      java.util.TreeMap<String, String> mine = new java.util.TreeMap<>();
      List<String> myTmpfs = new ArrayList<>();
      for (ServiceMount m : ours.service(s.getKey()).mounts()) {
        if (m.syntax().equals("tmpfs")) {
          myTmpfs.add(m.text().orElseThrow());
          continue;
        }
        String source = m.type().equals("volume") ? m.volumeKey().orElse("") : m.source().orElse("");
        mine.put(m.spec().orElseThrow().target(), m.type() + " " + source + " ro=" + m.spec().get().readOnly());
      }
      assertThat(mine).as("service %s: volumes4j vs docker-compose config", s.getKey()).isEqualTo(theirs);
      assertThat(myTmpfs).as("service %s tmpfs", s.getKey()).isEqualTo(s.getValue().getOrDefault("tmpfs", List.of()));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> v1Volumes = (Map<String, Object>) v1.get("volumes");
    assertThat(ours.volumes().keySet()).containsExactlyInAnyOrderElementsOf(v1Volumes.keySet());
    assertThat(ours.volumes().get("dotenv-data").name()).isEqualTo("custom-name");
  }

  @Test
  void aVolumeMadeOutsideComposeIsFlaggedByBoth() throws Exception {
    write();
    volumes.create(VolumeSpec.named(project + "_pgdata"));
    ComposeProject p = Compose.loader().withFiles(dir.resolve("compose.yaml")).withProjectName(project)
        .withEnvironment(Map.of()).load();
    ComposeVolumes.Result r = ComposeVolumes.create(volumes, p);
    assertThat(r.warnings()).singleElement().asString().contains("was not created by Docker Compose");
    assertThat(compose("up", "--no-start")).contains("Volume pgdata: label \"tier\" has changed");
  }
}
