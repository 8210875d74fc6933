package io.github.volumes4j.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountType;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.docker.DockerEngine;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compose project's volumes created on the real daemon as compose creates them, and each service's mounts sent as
 * compose sends them (Binds for plain binds and volumes, Mounts for the rest, Tmpfs for the tmpfs key): the daemon
 * takes every one and mounts what the file says.
 */
@EnabledIfDocker
class ComposeDockerIT {

  static final String IMAGE = "volumes4j/busybox:test";
  static final String TEST_LABEL = "io.github.volumes4j.test";

  @TempDir
  Path dir;

  Volumes volumes;
  String project;

  @BeforeEach
  void connect() {
    volumes = Volumes.using(DockerEngine.detect());
    project = "v4jc" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() {
    volumes.containers().list(Map.of(TEST_LABEL, project)).forEach(c -> volumes.containers().removeWithVolumes(c.id()));
    volumes.list(VolumeFilter.label(ComposeVolume.PROJECT_LABEL, project)).forEach(v -> volumes.remove(v.name()));
    volumes.list(VolumeFilter.label(TEST_LABEL, project)).forEach(v -> volumes.remove(v.name()));
    volumes.close();
  }

  @Test
  void theDaemonMountsWhatTheFileSays() throws IOException {
    Files.createDirectories(dir.resolve("seed"));
    Files.writeString(dir.resolve("seed/init.sql"), "select 1;\n");
    Path f = dir.resolve("compose.yaml");
    Files.writeString(f, """
        services:
          db:
            volumes:
              - pgdata:/data
              - ./seed:/seed:ro
            tmpfs: /run:size=1m
          app:
            volumes:
              - ./made-by-docker:/made
              - type: volume
                source: cache
                target: /cache
                volume: {nocopy: true}
              - type: tmpfs
                target: /t
                tmpfs: {size: 1048576, mode: 0700}
              - /anon
        volumes:
          pgdata:
          cache:
            labels: {tier: cache}
        """);
    ComposeProject p = Compose.loader().withFiles(f).withProjectName(project).withEnvironment(Map.of()).load();
    ComposeVolumes.Result created = ComposeVolumes.create(volumes, p);
    assertThat(created.created()).containsExactly(project + "_pgdata", project + "_cache");
    Volume cache = volumes.inspect(project + "_cache");
    assertThat(cache.labels()).containsEntry("com.docker.compose.project", project)
        .containsEntry("com.docker.compose.volume", "cache").containsEntry("tier", "cache");
    assertThat(ComposeVolumes.create(volumes, p).created()).isEmpty();

    Map<String, ContainerInfo> running = p.services().values().stream().collect(Collectors.toMap(ComposeService::name,
        s -> volumes.containers().inspect(volumes.containers().run(s.containerSpec(IMAGE)
            .withCommand("sh", "-c", "cat /proc/mounts; echo END; sleep 60").withLabels(Map.of(TEST_LABEL, project))))));
    Map<String, MountPoint> db = byDestination(running.get("db").mounts());
    assertThat(db.get("/data").name()).contains(project + "_pgdata");
    assertThat(db.get("/seed").readWrite()).isFalse();
    assertThat(db.get("/seed").type()).isEqualTo(MountType.BIND);
    Map<String, MountPoint> app = byDestination(running.get("app").mounts());
    assertThat(app.get("/made").type()).isEqualTo(MountType.BIND);
    // sent as -v text, so the daemon created the missing host directory, as compose's short syntax promises
    assertThat(dir.resolve("made-by-docker")).isDirectory();
    assertThat(app.get("/cache").name()).contains(project + "_cache");
    assertThat(app.get("/anon").type()).isEqualTo(MountType.VOLUME);
    String mounts = logs(running.get("app").id());
    assertThat(mounts).containsPattern("tmpfs /t tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k,mode=700");
    String dbMounts = logs(running.get("db").id());
    assertThat(dbMounts).containsPattern("tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k");
    // docker rm -v removes the anonymous volume and keeps the project's named ones, as compose down does
    volumes.containers().list(Map.of(TEST_LABEL, project)).forEach(c -> volumes.containers().removeWithVolumes(c.id()));
    assertThat(volumes.find(app.get("/anon").name().orElseThrow())).isEmpty();
    List<String> left = volumes.list(VolumeFilter.label(ComposeVolume.PROJECT_LABEL, project)).stream().map(Volume::name)
        .toList();
    assertThat(left).containsExactlyInAnyOrder(project + "_pgdata", project + "_cache");
  }

  String logs(String container) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    String l = "";
    while (System.nanoTime() < deadline) {
      l = volumes.containers().logs(container);
      if (l.contains("END")) {
        return l;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("the container printed no mount table in 20 s: " + l);
  }

  static Map<String, MountPoint> byDestination(List<MountPoint> mounts) {
    return mounts.stream().collect(Collectors.toMap(MountPoint::destination, m -> m));
  }
}
