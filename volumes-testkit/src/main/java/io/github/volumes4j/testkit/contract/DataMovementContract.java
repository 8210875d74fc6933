package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeConflictException;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.Backup;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.CorruptArchiveException;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.HostileArchiveException;
import io.github.volumes4j.data.Progress;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data movement ({@code io.github.volumes4j.data}) on an engine: copy in and out, backup and
 * restore with every policy, clone, migrate, hostile and damaged archives, helper containers and
 * image. One subclass per engine; every tree is compared by {@link TreeDigest} (names, types,
 * modes, owners, whole-second mtimes, symbolic and hard links, empty directories, content).
 *
 * <pre>{@code
 * class InMemoryDataMovementTest extends DataMovementContract {
 *   @Override protected VolumeEngine createEngine() { return InMemoryEngine.dockerLike(); }
 * }
 * }</pre>
 *
 * <p>Everything created carries {@value #TEST_LABEL}{@code =<unique run id>} and is removed afterwards.
 */
public abstract class DataMovementContract {

  /** The label on everything the scenarios create. */
  public static final String TEST_LABEL = "io.github.volumes4j.test";
  /** The fixed mtime of the fixture's entries (seconds). */
  static final long MTIME = 1_650_000_000L;

  /** The engine under test; called before each scenario and closed after it. */
  protected abstract VolumeEngine createEngine();

  /** A second engine for migrations; by default a fresh in-memory engine of the testkit. */
  protected VolumeEngine createOtherEngine() {
    return io.github.volumes4j.testkit.InMemoryEngine.dockerLike();
  }

  protected VolumeEngine engine;
  protected DataMovement data;
  protected String run;
  private final List<VolumeEngine> others = new ArrayList<>();
  @TempDir
  protected Path dir;

  @BeforeEach
  final void start() {
    engine = createEngine();
    assumeTrue(engine.supports(EngineFeature.ARCHIVE), "engine lacks archive endpoints");
    data = DataMovement.on(engine);
    run = "v4jd" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  @AfterEach
  final void cleanUp() {
    try {
      cleanUp(engine);
      for (VolumeEngine o : others) {
        try {
          cleanUp(o);
        } finally {
          o.close();
        }
      }
    } finally {
      engine.close();
    }
  }

  private void cleanUp(VolumeEngine e) {
    for (ContainerInfo c : e.listContainers(Map.of(TEST_LABEL, run))) {
      e.removeContainer(c.id(), false, true);
    }
    for (Volume v : e.listVolumes(VolumeFilter.label(TEST_LABEL, run))) {
      e.removeVolume(v.name(), true);
    }
  }

  // ---- fixtures --------------------------------------------------------------------------------

  protected final String name(String suffix) {
    return run + "-" + suffix;
  }

  protected final String volume(String suffix) {
    return engine.createVolume(VolumeSpec.named(name(suffix)).label(TEST_LABEL, run).label("app", "contract")).name();
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

  protected final String filledVolume(String suffix) {
    String v = volume(suffix);
    data.copyInto(v).tar(new ByteArrayInputStream(fixture()));
    return v;
  }

  interface TarBody {
    void write(TarArchiveOutputStream t) throws IOException;
  }

  static byte[] tar(TarBody body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      body.write(t);
      t.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static void dir(TarArchiveOutputStream t, String name, int mode, int uid, int gid) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
    put(t, e, mode, uid, gid, null);
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
    t.putArchiveEntry(e);
    if (content != null) {
      t.write(content);
    }
    t.closeArchiveEntry();
  }

  private List<ContainerInfo> helpersLeft() {
    return engine.listContainers(Map.of("io.github.volumes4j.session", data.session()));
  }

  // ---- copy ------------------------------------------------------------------------------------

  @Test
  void aTreeCopiedInKeepsOwnersModesMtimesLinksAndEmptyDirectories() {
    String v = filledVolume("tree");
    TreeDigest expected = TreeDigest.of(new ByteArrayInputStream(fixture()));
    TreeDigest actual = data.digest(v);
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.files()).isEqualTo(4);
    assertThat(actual.symlinks()).isEqualTo(2);
    assertThat(actual.directories()).isEqualTo(4);
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void copyInFileTreeBytesStringAndResourceWithModeAndOwner() throws IOException {
    String v = volume("copyin");
    Path host = Files.writeString(dir.resolve("app.yml"), "port: 8080\n");
    data.copyInto(v).mode(0600).owner(1000, 1001).file(host, "/conf/app.yml");
    data.copyInto(v).string("über\n", "/text/utf8.txt");
    data.copyInto(v).bytes(new byte[] {1, 2, 3}, "bin/raw");
    data.copyInto(v).resource("io/github/volumes4j/testkit/contract/resource.txt", "/res.txt");
    Path tree = Files.createDirectories(dir.resolve("site/css"));
    Files.writeString(tree.resolve("a.css"), "body{}");
    Files.createDirectories(dir.resolve("site/empty"));
    data.copyInto(v).owner(33, 33).tree(dir.resolve("site"), "/www");

    assertThat(data.copyFrom(v).string("/conf/app.yml")).isEqualTo("port: 8080\n");
    assertThat(data.copyFrom(v).string("text/utf8.txt")).isEqualTo("über\n");
    assertThat(data.copyFrom(v).bytes("/bin/raw")).containsExactly(1, 2, 3);
    assertThat(data.copyFrom(v).string("/res.txt")).isEqualTo("a resource of the data-movement contract\n");
    assertThat(data.copyFrom(v).string("/www/css/a.css")).isEqualTo("body{}");

    Path out = dir.resolve("out");
    data.copyFrom(v).tree("/", out);
    assertThat(Files.isDirectory(out.resolve("www/empty"))).isTrue();
    assertThat(Files.readString(out.resolve("www/css/a.css"))).isEqualTo("body{}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("conf/app.yml"))))
        .isEqualTo("rw-------");
    try (InputStream tarStream = data.copyFrom(v).tar("/conf")) {
      List<String> owners = new ArrayList<>();
      var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(tarStream);
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        owners.add(e.getName() + " " + e.getLongUserId() + ":" + e.getLongGroupId() + " " + Integer.toOctalString(e.getMode() & 07777));
      }
      assertThat(owners).contains("./app.yml 1000:1001 600");
    }
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void copyOutATreeWritesEveryEntryWithLinksModesAndMtimes() throws IOException {
    String v = filledVolume("copyout");
    Path out = dir.resolve("tree");
    TransferResult r = data.copyFrom(v).tree("/", out);
    assertThat(r.digest().entries()).isEqualTo(10);
    try (Stream<Path> s = Files.walk(out)) {
      assertThat(s.count()).isEqualTo(10);
    }
    assertThat(Files.readSymbolicLink(out.resolve("link")).toString()).isEqualTo("hello.txt");
    assertThat(Files.isSameFile(out.resolve("hello.txt"), out.resolve("hard.txt"))).isTrue();
    assertThat(Files.isDirectory(out.resolve("empty"))).isTrue();
    assertThat(Files.getLastModifiedTime(out.resolve("sub/deep.bin")).toMillis()).isEqualTo(MTIME * 1000L);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("sub"), LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rwxr-x---");
    Path one = dir.resolve("one/deep.bin");
    data.copyFrom(v).file("/sub/deep.bin", one);
    assertThat(Files.size(one)).isEqualTo(70_000);
    try (InputStream in = data.copyFrom(v).open("/hello.txt")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    }
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void aHostileTarIsRefusedBeforeAnythingIsWritten() {
    String v = filledVolume("hostile");
    TreeDigest before = data.digest(v);
    byte[] evil = tar(t -> {
      file(t, "fine.txt", "ok", 0644, 0, 0);
      link(t, "escape", TarConstants.LF_SYMLINK, "../../../etc", 0, 0);
    });
    assertThatThrownBy(() -> data.copyInto(v).tar(new ByteArrayInputStream(evil)))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("points outside the volume");
    byte[] dotdot = tar(t -> file(t, "../x", "x", 0644, 0, 0));
    assertThatThrownBy(() -> data.copyInto(v).tar(new ByteArrayInputStream(dotdot)))
        .isInstanceOf(HostileArchiveException.class);
    byte[] device = tar(t -> {
      TarArchiveEntry e = new TarArchiveEntry("null", TarConstants.LF_CHR, true);
      e.setDevMajor(1);
      e.setDevMinor(3);
      t.putArchiveEntry(e);
      t.closeArchiveEntry();
    });
    assertThatThrownBy(() -> data.copyInto(v).limits(ArchiveLimits.defaults()).tar(new ByteArrayInputStream(device)))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("device node");
    assertThat(data.digest(v)).isEqualTo(before);
    assertThat(helpersLeft()).isEmpty();
  }

  // ---- backup and restore ----------------------------------------------------------------------

  @Test
  void backupAndRestoreRoundTripKeepsTreeAndMetadata() throws IOException {
    String v = filledVolume("src");
    TreeDigest before = data.digest(v);
    for (String compression : List.of("tar", "gz", "zst")) {
      Path file = dir.resolve("b." + compression);
      Backup backup = switch (compression) {
        case "gz" -> data.backup(v).gzip();
        case "zst" -> data.backup(v).zstd();
        default -> data.backup(v);
      };
      BackupResult b = backup.to(file);
      byte[] all = Files.readAllBytes(file);
      byte[] magic = Arrays.copyOf(all, 4);
      switch (compression) {
        case "gz" -> assertThat(magic).startsWith((byte) 0x1f, (byte) 0x8b);
        case "zst" -> assertThat(magic).containsExactly(0x28, 0xb5, 0x2f, 0xfd);
        default -> assertThat(new String(all, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
      }
      assertThat(b.manifest().content()).isEqualTo(before);
      assertThat(b.manifest().volumeName()).isEqualTo(v);
      assertThat(b.manifest().labels()).containsEntry("app", "contract");
      assertThat(b.file()).contains(file);
      assertThat(Files.size(file)).isEqualTo(b.archiveBytes());
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
      }
      BackupManifest verified = data.restore(file).verify();
      assertThat(verified.content()).isEqualTo(before);

      String copy = name(compression);
      List<Progress> progress = new CopyOnWriteArrayList<>();
      TransferResult r = data.restore(file).progress(progress::add).toNewVolume(copy);
      assertThat(progress).isNotEmpty();
      assertThat(progress.get(progress.size() - 1).fraction()).contains(1.0);
      if (compression.equals("tar")) {
        // one pass, nothing read ahead: the file's size stands in for the content's
        assertThat(progress.get(0).expectedBytes()).hasValue(Files.size(file));
      }
      assertThat(r.created()).isTrue();
      assertThat(data.digest(copy)).isEqualTo(before);
      Volume restored = engine.inspectVolume(copy);
      assertThat(restored.labels()).containsEntry("app", "contract").containsEntry(TEST_LABEL, run);
      assertThat(restored.driver()).isEqualTo("local");
    }
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void backupToAStreamRestoresFromAStream() {
    String v = filledVolume("stream");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Progress> progress = new CopyOnWriteArrayList<>();
    BackupResult b = data.backup(v).progress(progress::add).to(out);
    assertThat(b.file()).isEmpty();
    assertThat(progress).isNotEmpty();
    Progress last = progress.get(progress.size() - 1);
    assertThat(last.done()).isTrue();
    assertThat(last.bytes()).isEqualTo(b.manifest().content().bytes());
    assertThat(last.entries()).isEqualTo(b.manifest().content().entries());
    assertThat(last.estimatedRemaining()).contains(Duration.ZERO);
    String copy = name("fromstream");
    data.restore(new ByteArrayInputStream(out.toByteArray())).toNewVolume(copy);
    assertThat(data.digest(copy)).isEqualTo(b.manifest().content());
  }

  @Test
  void aStreamRestoresIntoAnExistingVolumeOnlyAfterItWasReadWhole() {
    String v = filledVolume("streamin");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BackupResult b = data.backup(v).to(out);
    String target = volume("streamtarget");
    data.restore(new ByteArrayInputStream(out.toByteArray())).into(target, RestorePolicy.FAIL_IF_NOT_EMPTY);
    assertThat(data.digest(target)).isEqualTo(b.manifest().content());
    // cut after the header: refused before the (now filled) target is touched
    byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), out.size() / 2);
    assertThatThrownBy(() -> data.restore(new ByteArrayInputStream(cut)).into(target, RestorePolicy.MERGE))
        .isInstanceOf(CorruptArchiveException.class);
    assertThat(data.digest(target)).isEqualTo(b.manifest().content());
  }

  @Test
  void aRestoreIntoAnEmptyVolumeThatFailsHalfWayLeavesItEmpty() throws IOException {
    String v = volume("halfsrc");
    byte[] big = new byte[3 << 20];
    new java.util.Random(7).nextBytes(big);
    data.copyInto(v).bytes(big, "/big.bin");
    data.copyInto(v).string("small\n", "/small.txt");
    Path backup = dir.resolve("half.tar");
    data.backup(v).to(backup);
    for (boolean fastPath : new boolean[] {true, false}) {
      Path file = Files.copy(backup, dir.resolve("half-" + fastPath + ".tar"));
      String target = volume("halfway-" + fastPath);
      TreeDigest empty = data.digest(target);
      // The archive is verified whole first; then, once the write has begun, the file is cut short.
      java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
      assertThatThrownBy(() -> data.restore(file).fastPath(fastPath).progress(p -> {
        if (!p.done() && cut.compareAndSet(false, true)) {
          try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(1024);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }).into(target, RestorePolicy.FAIL_IF_NOT_EMPTY)).as("fastPath %s", fastPath).isInstanceOf(DataMovementException.class);
      assertThat(cut).isTrue();
      assertThat(data.digest(target)).as("fastPath %s", fastPath).isEqualTo(empty);
      assertThat(engine.inspectVolume(target).labels()).containsEntry(TEST_LABEL, run);
    }
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void restoreRefusesAnExistingVolumeUnlessAPolicySaysOtherwise() throws IOException {
    String v = filledVolume("policy");
    Path file = dir.resolve("p.tar");
    BackupResult b = data.backup(v).to(file);
    assertThatThrownBy(() -> data.restore(file).toNewVolume()).isInstanceOf(VolumeConflictException.class)
        .hasMessageContaining(v).hasMessageContaining("RestorePolicy");

    String other = volume("other");
    data.copyInto(other).string("keep me\n", "/mine.txt");
    TreeDigest otherBefore = data.digest(other);
    assertThatThrownBy(() -> data.restore(file).into(other, RestorePolicy.FAIL_IF_NOT_EMPTY))
        .isInstanceOf(VolumeConflictException.class).hasMessageContaining("not empty");
    assertThat(data.digest(other)).isEqualTo(otherBefore);

    String empty = volume("empty");
    data.restore(file).into(empty, RestorePolicy.FAIL_IF_NOT_EMPTY);
    assertThat(data.digest(empty)).isEqualTo(b.manifest().content());

    data.restore(file).into(other, RestorePolicy.MERGE);
    assertThat(data.copyFrom(other).string("/mine.txt")).isEqualTo("keep me\n");
    assertThat(data.copyFrom(other).string("/hello.txt")).isEqualTo("hello\n");

    String replaced = volume("replaced");
    data.copyInto(replaced).string("old\n", "/old.txt");
    Map<String, String> labelsBefore = engine.inspectVolume(replaced).labels();
    data.restore(file).into(replaced, RestorePolicy.REPLACE);
    assertThat(data.digest(replaced)).isEqualTo(b.manifest().content());
    assertThat(engine.inspectVolume(replaced).labels()).isEqualTo(labelsBefore);
    assertThat(engine.listVolumes(VolumeFilter.label(TEST_LABEL, run)).stream().map(Volume::name))
        .noneMatch(n -> n.contains("-v4j-staging-") || n.contains("-v4j-rollback-"));
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void replaceIsRefusedWhileAContainerUsesTheVolume() throws IOException {
    assumeTrue(engine.supports(EngineFeature.CONTAINERS));
    String v = filledVolume("inuse");
    Path file = dir.resolve("i.tar");
    data.backup(v).to(file);
    String target = volume("target");
    data.copyInto(target).string("old\n", "/old.txt");
    TreeDigest before = data.digest(target);
    ContractImages.ensure(engine);
    engine.createContainer(ContainerSpec.builder().image(ContractImages.BUSYBOX).addCommand("sleep", "3600").network("none")
        .putLabel(TEST_LABEL, run).addMount(VolumeMount.of(target, "/data")).build());
    assertThatThrownBy(() -> data.restore(file).into(target, RestorePolicy.REPLACE))
        .isInstanceOf(VolumeInUseException.class).hasMessageContaining(target);
    assertThat(data.digest(target)).isEqualTo(before);
  }

  @Test
  void aTruncatedOrCorruptedBackupLeavesTheTargetUnchanged() throws IOException {
    String v = filledVolume("damaged");
    Path file = dir.resolve("d.tar");
    data.backup(v).to(file);
    byte[] full = Files.readAllBytes(file);
    String target = volume("target");
    data.copyInto(target).string("precious\n", "/precious.txt");
    TreeDigest before = data.digest(target);

    Path truncated = Files.write(dir.resolve("t.tar"), java.util.Arrays.copyOf(full, (full.length / 2) / 512 * 512));
    byte[] flipped = full.clone();
    int at = new String(full, StandardCharsets.ISO_8859_1).indexOf("hello\n");
    flipped[at] = 'j';
    Path corrupted = Files.write(dir.resolve("c.tar"), flipped);
    for (Path bad : List.of(truncated, corrupted)) {
      for (RestorePolicy policy : RestorePolicy.values()) {
        assertThatThrownBy(() -> data.restore(bad).into(target, policy)).as("%s %s", bad, policy)
            .isInstanceOf(CorruptArchiveException.class);
        assertThat(data.digest(target)).as("%s %s", bad, policy).isEqualTo(before);
      }
      String fresh = name("fresh");
      assertThatThrownBy(() -> data.restore(bad).toNewVolume(fresh)).isInstanceOf(CorruptArchiveException.class);
      assertThat(engine.listVolumes(VolumeFilter.all()).stream().map(Volume::name)).doesNotContain(fresh);
      // a one-shot stream into a new volume is checked while it is written: the new volume goes again
      assertThatThrownBy(() -> data.restore(Files.newInputStream(bad)).toNewVolume(fresh))
          .isInstanceOf(CorruptArchiveException.class);
      assertThat(engine.listVolumes(VolumeFilter.all()).stream().map(Volume::name)).doesNotContain(fresh);
    }
    assertThat(helpersLeft()).isEmpty();
  }

  // ---- clone and migrate -----------------------------------------------------------------------

  @Test
  void cloneCopiesMetadataAndData() {
    String v = filledVolume("orig");
    String copy = name("clone");
    TransferResult r = data.clone(v).label("purpose", "test").to(copy);
    assertThat(r.digest()).isEqualTo(data.digest(v));
    assertThat(data.digest(copy)).isEqualTo(data.digest(v));
    assertThat(engine.inspectVolume(copy).labels()).containsEntry("app", "contract").containsEntry("purpose", "test");
    assertThatThrownBy(() -> data.clone(v).to(copy)).isInstanceOf(VolumeConflictException.class);
    assertThat(helpersLeft()).isEmpty();
  }

  /**
   * Names as bytes: a backslash next to a real directory of the same spelling, names starting with a
   * backslash, names that are not UTF-8 (two that differ in one invalid byte), control characters,
   * one name of every byte but {@code /} and NUL. Every path keeps every one of them, exactly.
   */
  @Test
  void unusualNamesSurviveEveryPath() throws IOException {
    StringBuilder every = new StringBuilder();
    for (int b = 1; b < 256; b++) {
      if (b != '/') {
        every.append((char) b);
      }
    }
    String[] names = {"a\\b", "\\lead", "caf\u00e9", "caf\u00e8", "tab\tname", "new\nline", "space name", "-dash",
        every.toString()};
    byte[] archive = rawNamesTar(names);
    String v = volume("names");
    data.copyInto(v).tar(new ByteArrayInputStream(archive));
    TreeDigest d = data.digest(v);
    // 9 unusual names, the directory "a" with its file "a/b", the root, "inv\xff" with its file
    assertThat(d.entries()).isEqualTo(names.length + 5);
    for (boolean fast : new boolean[] {true, false}) {
      Path file = dir.resolve("names-" + fast + ".tar");
      data.backup(v).fastPath(fast).to(file);
      assertThat(data.restore(file).verify().content()).isEqualTo(d);
      String restored = name("names-r-" + fast);
      data.restore(file).fastPath(fast).toNewVolume(restored);
      assertThat(data.digest(restored)).isEqualTo(d);
      data.restore(file).fastPath(fast).into(restored, RestorePolicy.REPLACE);
      assertThat(data.digest(restored)).isEqualTo(d);
    }
    String clone = name("names-clone");
    data.clone(v).to(clone);
    assertThat(data.digest(clone)).isEqualTo(d);
    Path out = dir.resolve("names-out");
    data.copyFrom(v).tree("/", out);
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.count()).isEqualTo(names.length + 2);
    }
    // read back exactly: the tar of the volume names every entry with its bytes
    try (InputStream in = data.copyFrom(v).tar("/")) {
      java.util.Set<String> seen = new java.util.TreeSet<>();
      io.github.volumes4j.data.internal.TarReader r = new io.github.volumes4j.data.internal.TarReader(in);
      TarArchiveEntry e;
      while ((e = r.getNextEntry()) != null) {
        seen.add(e.getName().replaceFirst("^\\./", "").replaceFirst("/$", ""));
      }
      for (String n : names) {
        assertThat(seen).as("the name %s", io.github.volumes4j.data.internal.TarNames.printable(n)).contains(rawName(n));
      }
    }
    assertThat(helpersLeft()).isEmpty();
  }

  /** How a test name maps to the name stored: chars below 256 are the bytes; a name with "inv" gets an invalid byte. */
  private static String rawName(String n) {
    byte[] b = n.getBytes(StandardCharsets.ISO_8859_1);
    return io.github.volumes4j.data.internal.TarNames.decode(b);
  }

  /** A tar whose names are the ISO-8859-1 bytes of {@code names} (so most are not UTF-8), plus a/, a/b, inv\xff/x. */
  private static byte[] rawNamesTar(String[] names) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes, StandardCharsets.ISO_8859_1.name())) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      dir(t, "./", 0755, 0, 0);
      dir(t, "./a/", 0755, 0, 0);
      file(t, "./a/b", "real directory\n", 0644, 0, 0);
      dir(t, "./inv\u00ff/", 0700, 0, 0);
      file(t, "./inv\u00ff/x", "inside an invalid name\n", 0644, 0, 0);
      for (String n : names) {
        file(t, "./" + n, "content of " + n.length() + "\n", 0640, 1, 2);
      }
      t.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A symbolic link inside the volume on the way to a copy's target: the engine would follow it (to
   * the helper's throwaway file system for an absolute one), so the copy is refused and nothing written.
   */
  @Test
  void aCopyThroughALinkOfTheVolumeIsRefusedNotLost() {
    String v = volume("linked");
    data.copyInto(v).limits(ArchiveLimits.defaults().withAllowAbsoluteSymlinks(true)).tar(new ByteArrayInputStream(tar(t -> {
      dir(t, "./", 0755, 0, 0);
      link(t, "./abs", TarConstants.LF_SYMLINK, "/etc", 0, 0);
      dir(t, "./real/", 0755, 0, 0);
      link(t, "./rel", TarConstants.LF_SYMLINK, "real", 0, 0);
    })));
    TreeDigest before = data.digest(v);
    assertThatThrownBy(() -> data.copyInto(v).string("x\n", "/abs/app.conf"))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("\"abs\"").hasMessageContaining("/etc")
        .hasMessageContaining("nothing was written");
    assertThatThrownBy(() -> data.copyInto(v).string("x\n", "/rel/deeper/app.conf"))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("\"rel\"");
    assertThatThrownBy(() -> data.copyInto(v).tar(new ByteArrayInputStream(tar(t -> file(t, "abs/passwd", "x", 0644, 0, 0)))))
        .isInstanceOf(HostileArchiveException.class);
    assertThat(data.digest(v)).isEqualTo(before);
    // the real directory itself, and a path that does not exist yet, are fine
    data.copyInto(v).string("ok\n", "/real/app.conf");
    data.copyInto(v).string("ok\n", "/new/dir/app.conf");
    assertThat(data.copyFrom(v).string("/new/dir/app.conf")).isEqualTo("ok\n");
    assertThat(helpersLeft()).isEmpty();
  }

  /**
   * Links a container made are the volume's content: a relative link that leaves a subdirectory but
   * stays in the volume, and an absolute one, are backed up, cloned and digested; a restore takes the
   * absolute one only when allowed. (A link that leaves the volume is in DockerLinksIT: the archive
   * endpoint itself refuses to write one, so only a container can make it.)
   */
  @Test
  void linksAContainerMadeAreBackedUpClonedAndRestored() throws IOException {
    String v = volume("links");
    data.copyInto(v).limits(ArchiveLimits.defaults().withAllowEscapingSymlinks(true).withAllowAbsoluteSymlinks(true))
        .tar(new ByteArrayInputStream(tar(t -> {
          dir(t, "./", 0755, 0, 0);
          dir(t, "./shared/", 0755, 0, 0);
          dir(t, "./shared/logs/", 0755, 0, 0);
          dir(t, "./app/", 0755, 0, 0);
          link(t, "./app/logs", TarConstants.LF_SYMLINK, "../shared/logs", 0, 0);
          link(t, "./localtime", TarConstants.LF_SYMLINK, "/usr/share/zoneinfo/UTC", 0, 0);
        })));
    TreeDigest d = data.digest(v);
    assertThat(d.symlinks()).isEqualTo(2);
    Path file = dir.resolve("links.tar");
    data.backup(v).to(file);
    data.clone(v).to(name("links-clone"));
    assertThat(data.digest(name("links-clone"))).isEqualTo(d);
    assertThatThrownBy(() -> data.restore(file).toNewVolume(name("links-r")))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("allow");
    assertThat(engine.listVolumes(VolumeFilter.name(name("links-r")))).isEmpty();
    data.restore(file).limits(ArchiveLimits.defaults().withAllowEscapingSymlinks(true).withAllowAbsoluteSymlinks(true))
        .toNewVolume(name("links-r"));
    assertThat(data.digest(name("links-r"))).isEqualTo(d);
    data.restore(file).limits(ArchiveLimits.defaults().withAllowEscapingSymlinks(true).withAllowAbsoluteSymlinks(true))
        .into(name("links-r"), RestorePolicy.REPLACE);
    assertThat(data.digest(name("links-r"))).isEqualTo(d);
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void migrateStreamsToAnotherEngineAndBack() {
    VolumeEngine other = createOtherEngine();
    others.add(other);
    String v = filledVolume("mig");
    TreeDigest before = data.digest(v);
    String there = name("there");
    TransferResult r = data.migrate(v).as(there).to(other);
    assertThat(r.digest()).isEqualTo(before);
    assertThat(DataMovement.on(other).digest(there)).isEqualTo(before);
    assertThat(other.inspectVolume(there).labels()).containsEntry(TEST_LABEL, run);
    String back = name("back");
    DataMovement.on(other).migrate(there).as(back).to(engine);
    assertThat(data.digest(back)).isEqualTo(before);
  }

  // ---- consistency, concurrency, helpers -------------------------------------------------------

  @Test
  void consistentBackupStopsTheContainersAndRestartsThemAlsoOnFailure() throws IOException {
    assumeTrue(engine.supports(EngineFeature.RUN_PROCESSES));
    String v = filledVolume("consistent");
    ContractImages.ensure(engine);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String id = engine.createContainer(ContainerSpec.builder().image(ContractImages.BUSYBOX)
          .addCommand("sleep", "3600").network("none").putLabel(TEST_LABEL, run).addMount(VolumeMount.of(v, "/data")).build());
      engine.startContainer(id);
      ids.add(id);
    }
    BackupResult b = data.backup(v).consistent(Duration.ofSeconds(1)).to(dir.resolve("c.tar"));
    assertThat(b.restartedContainers()).containsExactlyInAnyOrderElementsOf(ids);
    for (String id : ids) {
      assertThat(engine.inspectContainer(id).state()).isEqualTo(ContainerState.RUNNING);
    }
    Path nowhere = dir.resolve("missing-dir/c.tar");
    assertThatThrownBy(() -> data.backup(v).consistent(Duration.ofSeconds(1)).to(nowhere))
        .isInstanceOf(VolumesException.class).hasMessageContaining(v);
    for (String id : ids) {
      assertThat(engine.inspectContainer(id).state()).isEqualTo(ContainerState.RUNNING);
    }
    assertThat(Files.exists(nowhere)).isFalse();
  }

  @Test
  void concurrentBackupsOfDifferentVolumes() throws Exception {
    List<String> volumes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      volumes.add(filledVolume("c" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<BackupResult>> results = new ArrayList<>();
      for (String v : volumes) {
        results.add(pool.submit(() -> data.backup(v).to(dir.resolve(v + ".tar"))));
      }
      TreeDigest expected = TreeDigest.of(new ByteArrayInputStream(fixture()));
      for (Future<BackupResult> f : results) {
        assertThat(f.get().manifest().content()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(helpersLeft()).isEmpty();
  }

  @Test
  void helpersUseTheLibrarysOwnEmptyImage() {
    String v = filledVolume("helper");
    data.digest(v);
    assertThat(engine.imageExists("volumes4j/helper:empty-1")).isTrue();
    assertThat(helpersLeft()).isEmpty();
  }
}
