package io.github.volumes4j.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.docker.DockerEngine;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * For any valid set of mounts and {@code --volumes-from} sources, at any API version, the mount fields
 * of the create request that docker-java sends (through Testcontainers' own client factory and
 * transport) after {@link DockerJavaMounts#apply} are the fields {@code DockerEngine} sends for the same
 * values: the same fields, the same values. Both requests are caught by a stand-in daemon on loopback.
 * A set one refuses, the other refuses with the same exception type.
 */
class DockerJavaJsonPropertiesTest {

  static RecordingDaemon daemon;
  static DockerClient dockerJava;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeContainer
  static void start() throws Exception {
    daemon = new RecordingDaemon();
    dockerJava = DockerClientProviderStrategy.getClientForConfig(TransportConfig.builder().dockerHost(daemon.uri()).build());
  }

  @AfterContainer
  static void stop() throws Exception {
    dockerJava.close();
    daemon.close();
  }

  @Provide
  Arbitrary<String> versions() {
    return Arbitraries.of("1.41", "1.42", "1.44", "1.45", "1.46", "1.51");
  }

  @Provide
  Arbitrary<List<MountSpec>> mountSets() {
    return MountArbitraries.mounts().list().ofMaxSize(4).uniqueElements(MountSpec::target);
  }

  @Provide
  Arbitrary<List<VolumesFrom>> volumesFroms() {
    return Arbitraries.of("seed", "seed:ro", "seed:rw", "db:z", "db:ro,Z", "cache:rw,z").map(VolumesFrom::parse).list().ofMaxSize(2);
  }

  @Property(tries = 300)
  void dockerJavaSendsTheMountFieldsDockerEngineSends(@ForAll("mountSets") List<MountSpec> mounts,
      @ForAll("volumesFroms") List<VolumesFrom> from, @ForAll("versions") String version) throws Exception {
    daemon.apiVersion = version;
    ApiVersion api = ApiVersion.parse(version);
    ContainerSpec spec = ContainerSpec.builder().image("busybox").mounts(mounts).volumesFrom(from).validateFirst(false).build();

    RuntimeException engineRefusal = null;
    JsonNode engineSent = null;
    try (DockerEngine engine = DockerEngine.builder().host(daemon.uri()).build()) {
      assertThat(engine.info().apiVersion()).isEqualTo(api);
      engine.createContainer(spec);
      engineSent = JSON.readTree(daemon.nextCreate());
    } catch (io.github.volumes4j.UnsupportedFeatureException | IllegalArgumentException e) {
      engineRefusal = e;
    }

    CreateContainerCmd cmd = dockerJava.createContainerCmd("busybox");
    try {
      DockerJavaMounts.apply(cmd, mounts, from, api);
    } catch (RuntimeException e) {
      assertThat(engineRefusal).as("docker-java side refused %s at %s: %s", mounts, version, e).isNotNull();
      assertThat(e).isInstanceOf(engineRefusal.getClass());
      return;
    }
    assertThat(engineRefusal).as("DockerEngine refused what DockerJavaMounts accepted").isNull();
    cmd.exec();
    JsonNode javaSent = JSON.readTree(daemon.nextCreate());

    assertThat(withoutNulls(mountFields(javaSent))).as("mounts %s from %s at %s", mounts, from, version).isEqualTo(mountFields(engineSent));
    // and back: what docker-java carries reads as the values that went in
    List<MountSpec> back = DockerJavaMounts.fromCreateCommand(cmd);
    assertThat(back).hasSize(mounts.size());
    assertThat(DockerJavaMounts.volumesFrom(cmd.getHostConfig())).isEqualTo(from);
  }

  /** The request's mount fields: HostConfig's Binds, Mounts, Tmpfs, VolumesFrom and the top-level Volumes. */
  static ObjectNode mountFields(JsonNode body) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    JsonNode hc = body.path("HostConfig");
    for (String f : List.of("Binds", "Mounts", "Tmpfs", "VolumesFrom")) {
      JsonNode v = hc.get(f);
      if (v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
        out.set(f, v);
      }
    }
    JsonNode vols = body.get("Volumes");
    if (vols != null && !vols.isNull() && !vols.isEmpty()) {
      out.set("Volumes", vols);
    }
    return out;
  }

  /**
   * docker-java writes every unset field as an explicit {@code null} ({@code "Source": null}); the
   * daemon's Go decoder leaves a field it reads as {@code null} unset, exactly as an absent one, so the
   * nulls are dropped before comparing. Nothing else is normalized.
   */
  static JsonNode withoutNulls(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      for (String f : names) {
        if (!n.get(f).isNull()) {
          out.set(f, withoutNulls(n.get(f)));
        }
      }
      return out;
    }
    if (n.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      n.forEach(e -> out.add(withoutNulls(e)));
      return out;
    }
    return n;
  }
}
