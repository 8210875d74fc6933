package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountType;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bind-mount scenarios. The host directory is made on this machine, so they assume the engine's
 * host is this machine (a local daemon, or the in-memory engine).
 */
abstract class BindScenarios extends ContractBase {

  private Path hostDir;

  /** Made by the bind scenarios that need it ({@link #hostDir()}), removed after each. */
  private Path hostDir() throws IOException {
    if (hostDir == null) {
      hostDir = Files.createTempDirectory("v4j-bind-");
      Files.setPosixFilePermissions(hostDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return hostDir;
  }

  @AfterEach
  final void removeHostDir() throws IOException {
    if (hostDir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(hostDir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
    hostDir = null;
  }

  private String bound(boolean readOnly) throws IOException {
    require(EngineFeature.BIND_MOUNTS);
    require(EngineFeature.ARCHIVE);
    return createContainer(busybox().addMount(BindMount.of(hostDir(), "/b").withReadOnly(readOnly)));
  }

  @Test
  void aBindMountShowsTheHostsFiles() throws IOException {
    Path f = Files.writeString(hostDir().resolve("h.txt"), "host");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    Files.createDirectory(hostDir().resolve("sub"));
    String id = bound(false);
    Map<String, TarEntries.Entry> e = read(id, "/b/.");
    assertThat(e).containsOnlyKeys("./", "./h.txt", "./sub/");
    assertThat(e.get("./h.txt").content()).isEqualTo("host");
    assertThat(e.get("./h.txt").mode()).isEqualTo(0640);
  }

  // ---- local volumes with a bind device (type=none, o=bind): the host directory, probed on 20.10 ----------

  private String bindDeviceVolume(String suffix) throws IOException {
    require(EngineFeature.LOCAL_DRIVER_MOUNTS);
    require(EngineFeature.ARCHIVE);
    return create(spec(suffix).driverOption("type", "none").driverOption("o", "bind")
        .driverOption("device", hostDir().toString())).name();
  }

  @Test
  void aBindDeviceVolumeShowsTheHostDirectoryAndWritesIntoIt() throws IOException {
    Files.writeString(hostDir().resolve("h.txt"), "host");
    String v = bindDeviceVolume("dev");
    String id = contentWith(v, "/seed", false);
    // the directory is not empty: no copy-up; the host's file is what the volume holds
    assertThat(read(id, "/seed/.")).containsOnlyKeys("./", "./h.txt");
    write(id, "/seed", oneFile("g.txt", "w"));
    assertThat(Files.readString(hostDir().resolve("g.txt"))).isEqualTo("w");
    engine.removeContainer(id, false, true);
    engine.removeVolume(v, false);
    assertThat(hostDir().resolve("h.txt")).as("removing the volume leaves the host directory").exists();
    assertThat(hostDir().resolve("g.txt")).exists();
  }

  @Test
  void copyUpIntoAnEmptyBindDeviceVolumeFillsTheHostDirectory() throws IOException {
    String v = bindDeviceVolume("devup");
    contentWith(v, "/seed", false);
    assertThat(Files.readString(hostDir().resolve("hello.txt"))).as("copied up at create").isNotEmpty();
    assertThat(Files.readString(hostDir().resolve("sub/deep.txt"))).isEqualTo("deep\n");
    // as into any volume: the root takes the image directory's mode and owner (/seed: 0711, 1000:1000)
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hostDir()))).isEqualTo("rwx--x--x");
    assertThat(Files.getAttribute(hostDir(), "unix:uid")).isEqualTo(1000);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hostDir().resolve("sub")))).isEqualTo("rwxr-x---");
  }

  @Test
  void anArchiveWrittenIntoABindMountLandsOnTheHost() throws IOException {
    String id = bound(false);
    write(id, "/b", ContractImages.tar(t -> {
      ContractImages.dir(t, "d/", 0700, 0, 0);
      ContractImages.file(t, "d/s.sh", "#!/bin/sh\n", 0755, 0, 0);
      ContractImages.symlink(t, "c", "d/s.sh");
    }));
    Path s = hostDir().resolve("d/s.sh");
    assertThat(Files.readString(s, StandardCharsets.UTF_8)).isEqualTo("#!/bin/sh\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s))).isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hostDir().resolve("d")))).isEqualTo("rwx------");
    assertThat(Files.readSymbolicLink(hostDir().resolve("c")).toString()).isEqualTo("d/s.sh");
    assertThat(Files.getLastModifiedTime(s, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000)
        .isEqualTo(ContractImages.CONTENT_MTIME);
  }

  @Test
  void writingIntoAReadOnlyBindMountFails() throws IOException {
    String id = bound(true);
    assertEngineError(() -> write(id, "/b", oneFile("f.txt", "x")), 500, "mounted volume is marked read-only");
    try (Stream<Path> s = Files.list(hostDir)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void aReadOnlyBindMountCanBeRead() throws IOException {
    Files.writeString(hostDir().resolve("r.txt"), "read me");
    String id = bound(true);
    assertThat(read(id, "/b/r.txt").get("r.txt").content()).isEqualTo("read me");
  }

  @Test
  void aMissingBindSourceIsRefused() throws IOException {
    require(EngineFeature.BIND_MOUNTS);
    String missing = hostDir().resolve("missing").toString();
    assertThatThrownBy(() -> createContainer(busybox().addMount(BindMount.of(missing, "/b"))))
        .isInstanceOf(InvalidMountSpecException.class)
        .hasMessage("invalid mount config for type \"bind\": bind source path does not exist: " + missing);
  }

  @Test
  void aBindMountIsReportedWithItsSourceAndRprivatePropagation() throws IOException {
    String id = bound(false);
    MountPoint m = engine.inspectContainer(id).mounts().get(0);
    assertThat(m.type()).isEqualTo(MountType.BIND);
    assertThat(m.source()).isEqualTo(hostDir().toString());
    assertThat(m.destination()).isEqualTo("/b");
    assertThat(m.readWrite()).isTrue();
    assertThat(m.propagation()).isEqualTo("rprivate");
    assertThat(m.name()).isEmpty();
  }

  @Test
  void statThroughABindMount() throws IOException {
    Files.writeString(hostDir().resolve("h.txt"), "hello");
    String id = bound(false);
    PathStat s = engine.statPath(id, "/b/h.txt").orElseThrow();
    assertThat(s.name()).isEqualTo("h.txt");
    assertThat(s.size()).isEqualTo(5);
    assertThat(engine.statPath(id, "/b/nope")).isEmpty();
  }

  @Test
  void writingIntoAMissingDirectoryOfABindMountFailsWithNotFound() throws IOException {
    String id = bound(false);
    assertEngineError(() -> write(id, "/b/nope", oneFile("f.txt", "x")), 404,
        "Could not find the file /b/nope in container " + id);
  }

  @Test
  void aBindMountDoesNotMakeAnyVolumeInUse() throws IOException {
    create("a");
    bound(false);
    assertThat(listNames(f -> f.dangling(true))).containsExactly(name("a"));
  }

  @Test
  void anArchiveWrittenAtTheRootLandsInTheBindMountedBelowAndReadsShowIt() throws IOException {
    require(EngineFeature.BIND_MOUNTS);
    String id = createContainer(busybox().addMount(BindMount.of(hostDir(), "/b")));
    require(EngineFeature.ARCHIVE);
    write(id, "/", oneFile("b/f.txt", "through"));
    assertThat(hostDir().resolve("f.txt")).hasContent("through");
    assertThat(read(id, "/")).containsKeys("/b/", "/b/f.txt");
  }

  @Test
  void aBindAndAVolumeCanShareAContainer() throws IOException {
    Files.writeString(hostDir().resolve("h.txt"), "host");
    create("a");
    require(EngineFeature.BIND_MOUNTS);
    String id = createContainer(busybox().addMount(BindMount.of(hostDir(), "/b"))
        .addMount(VolumeMount.of(name("a"), "/data")));
    require(EngineFeature.ARCHIVE);
    write(id, "/data", oneFile("v.txt", "vol"));
    assertThat(read(id, "/b/h.txt").get("h.txt").content()).isEqualTo("host");
    assertThat(read(id, "/data/v.txt").get("v.txt").content()).isEqualTo("vol");
    assertThat(hostDir().resolve("v.txt")).doesNotExist();
  }

  @Test
  void aBindWithCreateMountpointCreatesTheMissingHostDirectory() throws IOException {
    require(EngineFeature.BIND_MOUNTS);
    Path missing = hostDir().resolve("made/by/engine");
    String id = createContainer(busybox().addMount(BindMount.builder().source(missing.toString()).target("/b")
        .createMountpoint(true).build()));
    require(EngineFeature.ARCHIVE);
    // Docker creates it when it sets the mounts up (start, or an archive call), not at create
    assertThat(engine.statPath(id, "/b")).hasValueSatisfying(st -> assertThat(st.isDirectory()).isTrue());
    assertThat(missing).isDirectory();
    assertThat(engine.inspectContainer(id).mounts()).extracting(MountPoint::source).containsExactly(missing.toString());
  }

  @Test
  void aBindWithoutRecursionWorksOnEveryVersion() throws IOException {
    require(EngineFeature.BIND_MOUNTS);
    Files.writeString(hostDir().resolve("h.txt"), "x");
    String id = createContainer(busybox().addMount(BindMount.builder().source(hostDir().toString()).target("/b")
        .recursion(io.github.volumes4j.BindRecursion.DISABLED).build()));
    require(EngineFeature.ARCHIVE);
    assertThat(read(id, "/b/h.txt").get("h.txt").content()).isEqualTo("x");
  }

  @Test
  void aReadOnlyNonRecursiveBindIsReadOnlyFromApi144OrIsRefusedBefore() throws IOException {
    require(EngineFeature.BIND_MOUNTS);
    String source = hostDir().toString();
    ContainerSpec.Builder spec = busybox().addMount(BindMount.builder().source(source).target("/b")
        .readOnly(true).recursion(io.github.volumes4j.BindRecursion.WRITABLE).build());
    if (atLeast(io.github.volumes4j.ApiVersion.V1_44)) {
      // ReadOnlyNonRecursive: the bind itself is read-only (only mounts below it stay writable)
      String id = createContainer(spec);
      assertThat(engine.inspectContainer(id).mounts()).singleElement()
          .satisfies(m -> assertThat(m.readWrite()).isFalse());
      require(EngineFeature.ARCHIVE);
      assertEngineError(() -> write(id, "/b", oneFile("f.txt", "x")), 500, "mounted volume is marked read-only");
      assertThat(hostDir().resolve("f.txt")).doesNotExist();
    } else {
      // a daemon below 1.44 would drop the flag without a word: the engine refuses before it asks
      assertThatThrownBy(() -> createContainer(spec))
          .isInstanceOf(io.github.volumes4j.UnsupportedFeatureException.class)
          .satisfies(e -> assertThat(((io.github.volumes4j.UnsupportedFeatureException) e).requiredVersion())
              .hasValue(io.github.volumes4j.ApiVersion.V1_44));
      assertThat(engine.listContainers(Map.of(TEST_LABEL, run))).isEmpty();
    }
  }
}
