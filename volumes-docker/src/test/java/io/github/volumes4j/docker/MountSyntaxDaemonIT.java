package io.github.volumes4j.docker;

import io.github.volumes4j.MountSyntax;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountType;
import io.github.volumes4j.ParseOptions;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The mount syntaxes against the real daemon: every spec of {@code mount-syntax-corpus.txt} that the
 * library accepts is created through the engine (the SPI only) and must reach the daemon unchanged
 * (type, source, target, read-only, propagation, options, as the daemon's own inspect JSON shows);
 * every spec the library rejects is sent to the daemon in the form the docker CLI sends it and must be
 * rejected there too; API-gated specs must be refused by the engine on an older daemon.
 */
@EnabledIfDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MountSyntaxDaemonIT {

  private static final String IMAGE = "volumes4j/busybox:test";
  private static final ParseOptions OPTIONS = ParseOptions.builder().baseDirectory("/var").build();

  private final String run = "mntit-" + UUID.randomUUID().toString().substring(0, 8);
  private final String labelKey = "io.github.volumes4j.test";
  private final String sharedVolume = run + "-shared";
  private final MountDaemonView daemon = new MountDaemonView();
  private Volumes volumes;
  private VolumeEngine engine;
  private List<String[]> corpus;
  private String dockerRoot;
  private int fresh;

  @BeforeAll
  void start() throws IOException {
    volumes = Volumes.connect();
    engine = volumes.engine();
    engine.createVolume(VolumeSpec.named(sharedVolume).withLabels(Map.of(labelKey, run)));
    corpus = readCorpus();
    dockerRoot = daemon.dockerRootDir();
  }

  @AfterAll
  void stop() {
    if (engine != null) {
      for (var c : engine.listContainers(Map.of(labelKey, run))) {
        engine.removeContainer(c.id(), true, true);
      }
      for (Volume v : engine.listVolumes(io.github.volumes4j.VolumeFilter.label(labelKey, run))) {
        engine.removeVolume(v.name(), true);
      }
      engine.removeVolume(sharedVolume, true);
      volumes.close();
    }
  }

  @Test
  void acceptedSpecsReachTheDaemonUnchanged() {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String[] line : lines("accept")) {
      String spec = substitute(line[2]);
      MountSpec m;
      try {
        m = MountSyntax.ofFlag(line[1]).parse(spec, OPTIONS);
      } catch (InvalidMountSpecException e) {
        failures.add(line[1] + " " + spec + ": library rejected it: " + e.getMessage());
        continue;
      }
      failures.addAll(createAndCompare(line[1] + " " + spec, m));
      checked++;
    }
    assertThat(failures).as("accepted specs that did not reach the daemon unchanged").isEmpty();
    assertThat(checked).isGreaterThanOrEqualTo(60);
  }

  @Test
  void rejectedSpecsAreRejectedByTheDaemonToo() throws IOException {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String[] line : lines("reject")) {
      String spec = substitute(line[2]);
      Throwable libraryError = catchThrowable(() -> MountSyntax.ofFlag(line[1]).parse(spec, OPTIONS));
      if (!(libraryError instanceof InvalidMountSpecException)) {
        failures.add(line[1] + " " + spec + ": library did not reject it but gave " + libraryError);
      }
      ObjectNode body = MountDaemonView.JSON.createObjectNode();
      body.put("Image", IMAGE);
      body.putArray("Cmd").add("true");
      body.putObject("Labels").put(labelKey, run);
      body.set("HostConfig", MountDaemonView.JSON.readTree(substitute(line[3])));
      MountDaemonView.Response created = daemon.call("POST", "/containers/create?name=" + run + "-r" + checked, body.toString());
      if (created.status() == 201) {
        String id = created.json().path("Id").asText();
        MountDaemonView.Response started = daemon.call("POST", "/containers/" + id + "/start", "");
        daemon.call("DELETE", "/containers/" + id + "?v=1&force=1", null);
        if (started.status() < 400) {
          failures.add(line[1] + " " + spec + ": the daemon accepted " + line[3] + " at create and at start");
        }
      }
      checked++;
    }
    assertThat(failures).as("specs the library and the daemon disagree on").isEmpty();
    assertThat(checked + lines("cli-reject").size()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void specsTheCliRefusesAreRejectedByTheLibrary() {
    for (String[] line : lines("cli-reject")) {
      assertThat(catchThrowable(() -> MountSyntax.ofFlag(line[1]).parse(line[2], OPTIONS)))
          .as("%s %s", line[1], line[2]).isInstanceOf(InvalidMountSpecException.class);
    }
  }

  @Test
  void specsTheCliRefusesAreRefusedByTheDockerCli() throws Exception {
    Path cli = dockerCli();
    assumeTrue(cli != null, "no docker CLI 28 or newer to compare with");
    for (String[] line : lines("cli-reject")) {
      Process p = new ProcessBuilder(cli.toString(), "create", "--label", labelKey + "=" + run, line[1], line[2], IMAGE, "true")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("docker create %s %s: %s", line[1], line[2], out).isNotZero();
      assertThat(out).as("docker create %s %s refused for the spec, not for another reason", line[1], line[2])
          .containsAnyOf("invalid", "unexpected key", "is required", "cannot mix", "requires", "parse error")
          .doesNotContain("No such image");
    }
  }

  /**
   * The library's reading of each accepted spec equals the docker CLI's: the CLI creates the
   * container from the original text (relative sources resolved from /var), and the daemon's record
   * must match the library's value.
   */
  @Test
  void acceptedSpecsMeanTheSameToTheDockerCli() throws Exception {
    Path cli = dockerCli();
    assumeTrue(cli != null, "no docker CLI 28 or newer to compare with");
    List<String> failures = new ArrayList<>();
    for (String[] line : lines("accept")) {
      String spec = substitute(line[2]);
      MountSpec m = MountSyntax.ofFlag(line[1]).parse(spec, OPTIONS);
      Process p = new ProcessBuilder(cli.toString(), "create", "--label", labelKey + "=" + run, line[1], spec, IMAGE, "true")
          .directory(new java.io.File("/var")).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String id = out.lines().reduce((a, b) -> b).orElse("");
      if (p.exitValue() != 0 || !id.matches("[0-9a-f]{64}")) {
        failures.add(line[1] + " " + spec + ": the docker CLI refused it: " + out);
        continue;
      }
      try {
        for (String d : MountDaemonView.differences(m, daemon.inspectContainer(id), dockerRoot)) {
          failures.add(line[1] + " " + spec + " (docker CLI): " + d);
        }
        if (m instanceof VolumeMount v && v.source().isPresent() && !v.source().get().equals(sharedVolume)) {
          Volume vol = engine.inspectVolume(v.source().get());
          if (!vol.labels().equals(v.labels()) || !vol.options().equals(v.driverOptions())) {
            failures.add(line[1] + " " + spec + " (docker CLI): volume " + vol.labels() + " " + vol.options());
          }
        }
      } finally {
        engine.removeContainer(id, true, true);
        if (m instanceof VolumeMount v && v.source().isPresent() && !v.source().get().equals(sharedVolume)) {
          engine.removeVolume(v.source().get(), true);
        }
      }
    }
    assertThat(failures).as("specs the library reads differently from the docker CLI").isEmpty();
  }

  /**
   * A docker CLI of version 28 or newer, whose reading of the syntaxes the library follows (older
   * CLIs differ: 20.10 resolves only {@code ./x} and {@code .}, and knows no {@code bind-recursive}).
   */
  private static Path dockerCli() {
    List<String> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      candidates.add(dir + "/docker");
    }
    candidates.addAll(List.of("/usr/local/bin/docker", "/usr/bin/docker"));
    for (String c : candidates) {
      Path p = Path.of(c);
      if (!Files.isExecutable(p)) {
        continue;
      }
      try {
        Process v = new ProcessBuilder(c, "version", "--format", "{{.Client.Version}}").redirectErrorStream(true).start();
        String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        v.waitFor(30, TimeUnit.SECONDS);
        String major = out.lines().findFirst().orElse("").split("\\.")[0];
        if (major.matches("\\d+") && Integer.parseInt(major) >= 28) {
          return p;
        }
      } catch (IOException | InterruptedException e) {
        // not usable; try the next one
      }
    }
    return null;
  }

  @Test
  void apiGatedSpecsAreRefusedBelowTheirVersion() {
    ApiVersion api = engine.info().apiVersion();
    List<String> failures = new ArrayList<>();
    for (String[] line : lines("gate")) {
      String spec = substitute(line[2]);
      MountSpec m = MountSyntax.ofFlag(line[1]).parse(spec, OPTIONS);
      ApiVersion needed = ApiVersion.parse(line[4]);
      if (api.isAtLeast(needed)) {
        failures.addAll(createAndCompare(line[1] + " " + spec, m));
        continue;
      }
      Throwable t = catchThrowable(() -> engine.createContainer(container(m)));
      if (!(t instanceof UnsupportedFeatureException u) || !u.feature().equals(line[3])
          || !u.requiredVersion().equals(java.util.Optional.of(needed))) {
        failures.add(line[1] + " " + spec + " at API " + api + ": expected UnsupportedFeatureException(" + line[3] + ", " + needed
            + ") but got " + t);
      }
    }
    assertThat(failures).isEmpty();
  }

  private List<String> createAndCompare(String what, MountSpec m) {
    List<String> failures = new ArrayList<>();
    String id;
    try {
      id = engine.createContainer(container(m));
    } catch (RuntimeException e) {
      failures.add(what + ": the daemon refused what the library produced: " + e);
      return failures;
    }
    try {
      JsonNode inspected = daemon.inspectContainer(id);
      for (String d : MountDaemonView.differences(m, inspected, dockerRoot)) {
        failures.add(what + ": " + d);
      }
      // Docker lists HostConfig.Tmpfs mounts nowhere in the container's Mounts, so an engine cannot report them.
      boolean spiSeesIt = MountDaemonView.inTmpfsMap(m, inspected) || engine.inspectContainer(id).mounts().stream()
          .anyMatch(p -> p.destination().equals(MountDaemonView.clean(m.target())) && p.type() == m.type()
              && p.readWrite() == !m.readOnly());
      if (!spiSeesIt) {
        failures.add(what + ": inspectContainer through the engine does not report it: " + engine.inspectContainer(id).mounts());
      }
      if (m instanceof VolumeMount v && v.source().isPresent() && !v.source().get().equals(sharedVolume)) {
        Volume vol = engine.inspectVolume(v.source().get());
        if (!vol.labels().entrySet().containsAll(v.labels().entrySet())) {
          failures.add(what + ": volume labels " + vol.labels() + " lack " + v.labels());
        }
        if (!vol.options().equals(v.driverOptions())) {
          failures.add(what + ": volume options " + vol.options() + " differ from " + v.driverOptions());
        }
      }
    } finally {
      engine.removeContainer(id, true, true);
      if (m instanceof VolumeMount v && v.source().isPresent() && !v.source().get().equals(sharedVolume)) {
        engine.removeVolume(v.source().get(), true);
      }
    }
    assertThat(m.type()).isIn(MountType.VOLUME, MountType.BIND, MountType.TMPFS);
    return failures;
  }

  private ContainerSpec container(MountSpec m) {
    return ContainerSpec.builder().image(IMAGE).addCommand("true").putLabel(labelKey, run).addMount(m).build();
  }

  private String substitute(String s) {
    String out = s.replace("${VOL}", sharedVolume);
    while (out.contains("${NEW}")) {
      out = out.replaceFirst("\\$\\{NEW\\}", run + "-n" + (fresh++));
    }
    return out;
  }

  private List<String[]> lines(String kind) {
    return corpus.stream().filter(l -> l[0].equals(kind)).toList();
  }

  private static List<String[]> readCorpus() throws IOException {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = MountSyntaxDaemonIT.class.getResourceAsStream("mount-syntax-corpus.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String l;
      while ((l = r.readLine()) != null) {
        if (!l.isBlank() && !l.startsWith("#")) {
          out.add(l.split("\\|", -1));
        }
      }
    }
    return out;
  }
}
