package io.github.volumes4j.testcontainers;

import io.github.volumes4j.MountSpec;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.docker.DockerEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.ResourceReaper;

/** The daemon Testcontainers found, reached by a {@link DockerEngine}; its session labels. */
final class TestcontainersDaemon {

  private static final Logger LOG = LoggerFactory.getLogger(TestcontainersDaemon.class);

  private TestcontainersDaemon() {}

  private static final class Shared {
    static final DockerEngine ENGINE = engineFor(DockerClientFactory.instance().getTransportConfig());
    static final Volumes VOLUMES = Volumes.using(ENGINE);
  }

  static DockerEngine engine() {
    return Shared.ENGINE;
  }

  static Volumes shared() {
    return Shared.VOLUMES;
  }

  /** A new engine on Testcontainers' docker host, with its TLS context when it has one. */
  static DockerEngine engineFor(TransportConfig transport) {
    DockerEngine.Builder b = DockerEngine.builder().host(transport.getDockerHost());
    if (transport.getSslConfig() != null) {
      try {
        b.sslContext(transport.getSslConfig().getSSLContext());
      } catch (Exception e) {
        throw new io.github.volumes4j.EngineUnavailableException("Testcontainers' TLS configuration for "
            + transport.getDockerHost() + " gave no SSL context: " + e.getMessage() + "; check DOCKER_CERT_PATH",
            java.util.List.of(String.valueOf(transport.getDockerHost())), e);
      }
    }
    return b.build();
  }

  /** Testcontainers' marker labels and the labels its reaper removes this session's resources by. */
  static Map<String, String> sessionLabels() {
    Map<String, String> labels = new LinkedHashMap<>(DockerClientFactory.DEFAULT_LABELS);
    labels.putAll(ResourceReaper.instance().getLabels());
    return Map.copyOf(labels);
  }

  /** Creates the named volumes of {@code mounts} that do not exist yet; labelled for the reaper when asked. */
  static void createVolumes(List<MountSpec> mounts, boolean sessionLabelled) {
    for (MountSpec m : mounts) {
      if (!(m instanceof VolumeMount v) || v.anonymous()) {
        continue;
      }
      String name = v.source().orElseThrow();
      try {
        engine().inspectVolume(name);
        continue;  // used as it is: it is not ours to label
      } catch (VolumeNotFoundException e) {
        // created below
      }
      Map<String, String> labels = new LinkedHashMap<>(v.labels());
      if (sessionLabelled) {
        labels.putAll(sessionLabels());
      }
      VolumeSpec spec = VolumeSpec.builder().name(name).driver(v.driver().orElse("local"))
          .driverOptions(v.driverOptions()).labels(labels).build();
      engine().createVolume(spec);
      LOG.debug("created volume {} for a Testcontainers container ({})", name,
          sessionLabelled ? "removed with the session" : "reused container: kept after the session");
    }
  }
}
