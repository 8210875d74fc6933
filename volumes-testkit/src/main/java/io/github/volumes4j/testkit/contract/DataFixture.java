package io.github.volumes4j.testkit.contract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the data-movement areas share: {@link DataMovement} on the engine under test, a host
 * directory, other engines for migrations, and the fixture tree written entry by entry.
 */
abstract class DataFixture extends ContractBase {

  /** The fixed mtime of the fixture's entries (seconds). */
  static final long MTIME = 1_650_000_000L;

  /** A second engine for migrations; by default a fresh in-memory engine of the testkit. */
  protected VolumeEngine createOtherEngine() {
    return InMemoryEngine.dockerLike();
  }

  protected DataMovement data;
  /** Engines made by {@link #createOtherEngine()}; cleaned and closed after the scenario. */
  final List<VolumeEngine> others = new ArrayList<>();
  @TempDir
  protected Path dir;

  @BeforeEach
  final void startData() {
    assumeTrue(engine.supports(EngineFeature.ARCHIVE), "engine lacks archive endpoints");
    data = DataMovement.on(engine);
  }

  /** Runs before {@link ContractBase}'s clean-up, which removes this run's volumes and containers. */
  @AfterEach
  final void closeOthers() {
    for (VolumeEngine o : others) {
      try (o) {
        for (ContainerInfo c : o.listContainers(Map.of(TEST_LABEL, run))) {
          o.removeContainer(c.id(), false, true);
        }
        for (Volume v : o.listVolumes(VolumeFilter.label(TEST_LABEL, run))) {
          o.removeVolume(v.name(), true);
        }
      }
    }
  }

  /** A new labelled volume (also labelled {@code app=contract}, which backups must keep). */
  protected final String volume(String suffix) {
    return create(VolumeSpec.named(name(suffix)).label(TEST_LABEL, run).label("app", "contract")).name();
  }

  /** A new volume holding {@link #fixture()}. */
  protected final String filledVolume(String suffix) {
    String v = volume(suffix);
    data.copyInto(v).tar(new ByteArrayInputStream(fixture()));
    return v;
  }

  /** The helper containers of this scenario's {@link DataMovement} still there. */
  final List<ContainerInfo> helpersLeft() {
    return engine.listContainers(Map.of("io.github.volumes4j.session", data.session()));
  }

  /** A tree with owners, modes, mtimes, symbolic and hard links, an empty and a nested directory. */
  static byte[] fixture() {
    return tar(t -> {
      dir(t, "./", 0751, 0, 0);
      file(t, "./hello.txt", "hello\n", 0640, 1000, 1000);
      link(t, "./hard.txt", TarConstants.LF_LINK, "./hello.txt", 1000, 1000);
      link(t, "./link", TarConstants.LF_SYMLINK, "hello.txt", 1000, 1000);
      dir(t, "./empty/", 0700, 0, 0);
      dir(t, "./sub/", 0750, 999, 998);
      file(t, "./sub/deep.bin", "x".repeat(70_000), 0600, 999, 998);
      dir(t, "./sub/deeper/", 0755, 0, 0);
      link(t, "./sub/deeper/up", TarConstants.LF_SYMLINK, "../deep.bin", 0, 0);
      file(t, "./sub/deeper/" + "n".repeat(120) + ".txt", "long name\n", 0644, 0, 0);
    });
  }

  static byte[] tar(ContractImages.TarBody body) {
    return ContractImages.tar(body);
  }

  /** A directory entry; names keep a leading {@code ./} as Docker's archives have it. */
  static void dir(TarArchiveOutputStream t, String name, int mode, int uid, int gid) throws IOException {
    put(t, new TarArchiveEntry(name, TarConstants.LF_DIR, true), mode, uid, gid, null);
  }

  static void file(TarArchiveOutputStream t, String name, String content, int mode, int uid, int gid) throws IOException {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setSize(b.length);
    put(t, e, mode, uid, gid, b);
  }

  static void link(TarArchiveOutputStream t, String name, byte type, String target, int uid, int gid) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setLinkName(target);
    put(t, e, type == TarConstants.LF_SYMLINK ? 0777 : 0640, uid, gid, null);
  }

  private static void put(TarArchiveOutputStream t, TarArchiveEntry e, int mode, int uid, int gid, byte[] content)
      throws IOException {
    e.setMode(mode);
    e.setUserId(uid);
    e.setGroupId(gid);
    e.setModTime(MTIME * 1000L);
    ContractImages.put(t, e, content);
  }
}
