package io.github.volumes4j.docker.bench;

import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.docker.DockerEngine;
import java.nio.file.Path;

/** Run in a child JVM by {@link EngineBenchmark}: connect, make one call, print its answer's size, exit. */
public final class ColdStart {

  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    String label = "io.github.volumes4j.bench.cold=none";
    if (args[0].equals("lib")) {
      try (DockerEngine engine = DockerEngine.detect()) {
        System.out.println("answered " + engine.listVolumes(VolumeFilter.builder().addLabel(label).build()).size());
      }
    } else {
      try (RawDockerClient raw = new RawDockerClient(Path.of("/var/run/docker.sock"))) {
        RawDockerClient.Reply r = raw.call("GET", "/v1.41/volumes?filters=" + java.net.URLEncoder.encode(
            "{\"label\":[\"" + label + "\"]}", java.nio.charset.StandardCharsets.UTF_8), null);
        System.out.println("answered " + r.status());
      }
    }
  }
}
