package io.github.volumes4j.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.docker.internal.Discovery.Candidate;
import io.github.volumes4j.docker.internal.Discovery.Env;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {

  @TempDir Path tmp;
  Path home;
  Path root;
  Map<String, String> env = new HashMap<>();
  Properties props = new Properties();
  List<String> attempts = new ArrayList<>();

  @BeforeEach
  void dirs() throws IOException {
    home = Files.createDirectories(tmp.resolve("home"));
    root = Files.createDirectories(tmp.resolve("root"));
  }

  List<Candidate> find() {
    return Discovery.candidates(new Env(env, props, home, root, "Linux", 1000), attempts);
  }

  void touch(Path p) throws IOException {
    Files.createDirectories(p.getParent());
    Files.createFile(p);
  }

  void rootFile(String absolute) throws IOException {
    touch(root.resolve(absolute.substring(1)));
  }

  @Test
  void dockerHostFromTheEnvironmentWinsAlone() throws IOException {
    rootFile("/var/run/docker.sock");
    env.put("DOCKER_HOST", "unix:///custom/docker.sock");
    assertThat(find()).containsExactly(new Candidate(URI.create("unix:///custom/docker.sock"), "DOCKER_HOST", Optional.empty()));
    assertThat(attempts).isEmpty();
  }

  @Test
  void theSystemPropertyBeatsTheEnvironment() {
    env.put("DOCKER_HOST", "unix:///env.sock");
    props.setProperty("DOCKER_HOST", "tcp://10.0.0.5:2376");
    assertThat(find()).extracting(Candidate::host, Candidate::source)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(URI.create("tcp://10.0.0.5:2376"), "DOCKER_HOST (system property)"));
  }

  @Test
  void tcpWithoutPortGets2375AndAPlainPathBecomesUnix() {
    env.put("DOCKER_HOST", "tcp://example");
    assertThat(find().get(0).host()).isEqualTo(URI.create("tcp://example:2375"));
    env.put("DOCKER_HOST", "/run/d.sock");
    assertThat(find().get(0).host()).isEqualTo(URI.create("unix:///run/d.sock"));
  }

  @Test
  void unsupportedSchemesAreRefusedWithTheValue() {
    env.put("DOCKER_HOST", "ssh://me@host");
    assertThatThrownBy(this::find).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DOCKER_HOST \"ssh://me@host\" has an unsupported scheme \"ssh\"; use unix://, tcp:// or npipe:// (ssh:// is not supported)");
  }

  @Test
  void tlsVerifyUsesTheCertPath() {
    env.put("DOCKER_HOST", "tcp://h:2376");
    env.put("DOCKER_TLS_VERIFY", "1");
    env.put("DOCKER_CERT_PATH", "/certs");
    assertThat(find().get(0).tls()).hasValue(new Discovery.TlsFiles(Path.of("/certs"), true));
  }

  @Test
  void tlsWithoutVerifyAndTheDefaultCertPath() {
    env.put("DOCKER_HOST", "tcp://h:2376");
    env.put("DOCKER_TLS", "1");
    assertThat(find().get(0).tls()).hasValue(new Discovery.TlsFiles(home.resolve(".docker"), false));
    env.put("DOCKER_TLS", "0");
    assertThat(find().get(0).tls()).isEmpty();
    env.put("DOCKER_CONFIG", "/cfg");
    env.put("DOCKER_TLS_VERIFY", "true");
    assertThat(find().get(0).tls()).hasValue(new Discovery.TlsFiles(Path.of("/cfg"), true));
  }

  @Test
  void tlsIsIgnoredForUnixSockets() {
    env.put("DOCKER_HOST", "unix:///x.sock");
    env.put("DOCKER_TLS_VERIFY", "1");
    assertThat(find().get(0).tls()).isEmpty();
  }

  void context(String name, String host, boolean tls, boolean skipVerify) throws IOException {
    String id = Discovery.sha256(name);
    Path meta = home.resolve(".docker/contexts/meta/" + id + "/meta.json");
    Files.createDirectories(meta.getParent());
    Files.writeString(meta, "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + host
        + "\",\"SkipTLSVerify\":" + skipVerify + "}}}");
    if (tls) {
      Files.createDirectories(home.resolve(".docker/contexts/tls/" + id + "/docker"));
    }
  }

  @Test
  void dockerContextReadsTheContextStore() throws IOException {
    context("colima", "unix:///Users/me/.colima/default/docker.sock", false, false);
    env.put("DOCKER_CONTEXT", "colima");
    assertThat(find()).singleElement().satisfies(c -> {
      assertThat(c.host()).isEqualTo(URI.create("unix:///Users/me/.colima/default/docker.sock"));
      assertThat(c.source()).isEqualTo("context \"colima\" (DOCKER_CONTEXT)");
      assertThat(c.tls()).isEmpty();
    });
    assertThat(attempts).containsExactly("DOCKER_HOST (unset)");
  }

  @Test
  void contextsCarryTheirTlsMaterial() throws IOException {
    context("remote", "tcp://10.1.1.1:2376", true, false);
    context("lax", "tcp://10.1.1.2:2376", true, true);
    env.put("DOCKER_CONTEXT", "remote");
    Path tlsDir = home.resolve(".docker/contexts/tls/" + Discovery.sha256("remote") + "/docker");
    assertThat(find().get(0).tls()).hasValue(new Discovery.TlsFiles(tlsDir, true));
    env.put("DOCKER_CONTEXT", "lax");
    assertThat(find().get(0).tls().orElseThrow().verify()).isFalse();
  }

  @Test
  void aMissingContextIsReportedAndNothingElseIsTried() throws IOException {
    rootFile("/var/run/docker.sock");
    env.put("DOCKER_CONTEXT", "gone");
    assertThat(find()).isEmpty();
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(1)).startsWith("context \"gone\" (DOCKER_CONTEXT) (not found: ")
        .endsWith("meta.json is missing)");
  }

  @Test
  void aContextWithoutDockerEndpointIsReported() throws IOException {
    Path meta = home.resolve(".docker/contexts/meta/" + Discovery.sha256("k8s") + "/meta.json");
    Files.createDirectories(meta.getParent());
    Files.writeString(meta, "{\"Name\":\"k8s\",\"Endpoints\":{}}");
    env.put("DOCKER_CONTEXT", "k8s");
    assertThat(find()).isEmpty();
    assertThat(attempts.get(1)).contains("no docker endpoint Host");
  }

  @Test
  void currentContextOfConfigJson() throws IOException {
    context("desktop-linux", "unix:///home/me/.docker/desktop/docker.sock", false, false);
    Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{},\"currentContext\":\"desktop-linux\"}");
    assertThat(find()).singleElement().satisfies(c -> assertThat(c.source())
        .isEqualTo("context \"desktop-linux\" (currentContext of " + home.resolve(".docker/config.json") + ")"));
  }

  @Test
  void dockerConfigMovesTheConfigAndTheStore() throws IOException {
    Path cfg = Files.createDirectories(tmp.resolve("cfg"));
    env.put("DOCKER_CONFIG", cfg.toString());
    String id = Discovery.sha256("c");
    Files.createDirectories(cfg.resolve("contexts/meta/" + id));
    Files.writeString(cfg.resolve("contexts/meta/" + id + "/meta.json"), "{\"Endpoints\":{\"docker\":{\"Host\":\"unix:///c.sock\"}}}");
    Files.writeString(cfg.resolve("config.json"), "{\"currentContext\":\"c\"}");
    assertThat(find()).extracting(Candidate::host).containsExactly(URI.create("unix:///c.sock"));
  }

  @Test
  void theDefaultContextFallsThroughToSockets() throws IOException {
    rootFile("/var/run/docker.sock");
    env.put("DOCKER_CONTEXT", "default");
    assertThat(find()).extracting(Candidate::host).containsExactly(URI.create("unix:///var/run/docker.sock"));
  }

  @Test
  void anUnreadableConfigIsReported() throws IOException {
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(home.resolve(".docker/config.json"), "{not json");
    find();
    assertThat(attempts.get(1)).startsWith("docker config " + home.resolve(".docker/config.json") + " (unreadable");
  }

  @Test
  void nothingAnywhereListsEveryPlace() {
    env.put("XDG_RUNTIME_DIR", "/run/user/1000");
    assertThat(find()).isEmpty();
    Path h = home;
    assertThat(attempts).containsExactly(
        "DOCKER_HOST (unset)",
        "docker config " + h.resolve(".docker/config.json") + " (missing)",
        "platform default /var/run/docker.sock (missing)",
        "Docker Desktop " + h.resolve(".docker/run/docker.sock") + " (missing)",
        "Docker Desktop " + h.resolve(".docker/desktop/docker.sock") + " (missing)",
        "Colima " + h.resolve(".colima/default/docker.sock") + " (missing)",
        "Colima " + h.resolve(".colima/docker.sock") + " (missing)",
        "Rancher Desktop " + h.resolve(".rd/docker.sock") + " (missing)",
        "rootless Docker /run/user/1000/docker.sock (missing)",
        "Podman /run/user/1000/podman/podman.sock (missing)",
        "Podman /run/podman/podman.sock (missing)");
  }

  @Test
  void wellKnownSocketsInOrderWhenTheyExist() throws IOException {
    env.put("XDG_RUNTIME_DIR", "/run/user/1000");
    rootFile("/var/run/docker.sock");
    touch(home.resolve(".docker/run/docker.sock"));
    touch(home.resolve(".docker/desktop/docker.sock"));
    touch(home.resolve(".colima/default/docker.sock"));
    touch(home.resolve(".colima/docker.sock"));
    touch(home.resolve(".rd/docker.sock"));
    rootFile("/run/user/1000/docker.sock");
    rootFile("/run/user/1000/podman/podman.sock");
    rootFile("/run/podman/podman.sock");
    assertThat(find()).extracting(Candidate::host).containsExactly(
        URI.create("unix:///var/run/docker.sock"),
        URI.create("unix://" + home.resolve(".docker/run/docker.sock")),
        URI.create("unix://" + home.resolve(".docker/desktop/docker.sock")),
        URI.create("unix://" + home.resolve(".colima/default/docker.sock")),
        URI.create("unix://" + home.resolve(".colima/docker.sock")),
        URI.create("unix://" + home.resolve(".rd/docker.sock")),
        URI.create("unix:///run/user/1000/docker.sock"),
        URI.create("unix:///run/user/1000/podman/podman.sock"),
        URI.create("unix:///run/podman/podman.sock"));
  }

  @Test
  void rootlessWithoutXdgUsesTheUid() throws IOException {
    rootFile("/run/user/1000/docker.sock");
    assertThat(find()).extracting(Candidate::source).containsExactly("rootless Docker /run/user/1000/docker.sock");
  }

  @Test
  void rootlessWithADifferentXdgTriesBoth() throws IOException {
    env.put("XDG_RUNTIME_DIR", "/tmp/xdg");
    rootFile("/tmp/xdg/docker.sock");
    rootFile("/run/user/1000/docker.sock");
    assertThat(find()).extracting(Candidate::host)
        .containsExactly(URI.create("unix:///tmp/xdg/docker.sock"), URI.create("unix:///run/user/1000/docker.sock"));
  }

  @Test
  void windowsUsesTheNamedPipe() {
    List<Candidate> c = Discovery.candidates(new Env(env, props, home, root, "Windows 11", -1), attempts);
    assertThat(c.get(0).host()).isEqualTo(URI.create("npipe:////./pipe/docker_engine"));
  }

  @Test
  void contextIdsAreTheSha256OfTheName() {
    // echo -n default | sha256sum
    assertThat(Discovery.sha256("default")).isEqualTo("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f");
  }
}
