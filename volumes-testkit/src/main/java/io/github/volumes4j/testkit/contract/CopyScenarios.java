package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.HostileArchiveException;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.data.TreeDigest;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** Copy in and out: trees, files, streams, hostile tars, unusual names, links of the volume on the way. */
abstract class CopyScenarios extends DataFixture {

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
  void copyOutOfAContainerReadsItsMountsAndItsOwnFilesAsDockerCpDoes() throws IOException {
    String v = filledVolume("ctrout");
    String id = started(busybox().addMount(VolumeMount.of(v, "/srv/data")));
    Path out = dir.resolve("from-container");
    TransferResult r = data.copyFromContainer(id).tree("/srv/data", out);
    // the same tree as out of the volume: every entry, links, modes, mtimes
    assertThat(r.digest()).isEqualTo(data.digest(v));
    assertThat(r.volume()).isEqualTo(id);
    assertThat(r.path()).isEqualTo(io.github.volumes4j.data.TransferPath.ARCHIVE_API);
    assertThat(Files.readSymbolicLink(out.resolve("link")).toString()).isEqualTo("hello.txt");
    assertThat(Files.isSameFile(out.resolve("hello.txt"), out.resolve("hard.txt"))).isTrue();
    assertThat(Files.getLastModifiedTime(out.resolve("sub/deep.bin")).toMillis()).isEqualTo(MTIME * 1000L);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("sub"), LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rwxr-x---");
    // a file of the container's own file system, and one of the mount by its container path
    assertThat(data.copyFromContainer(id).string("/etc/passwd")).startsWith("root:");
    assertThat(data.copyFromContainer(id).string("/srv/data/hello.txt")).isEqualTo("hello\n");
    assertThatThrownBy(() -> data.copyFromContainer(id).string("/srv/data/sub"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("of container \"" + id + "\" is a directory");
    assertThatThrownBy(() -> data.copyFromContainer(run + "-no-such-container").tree("/", dir.resolve("none")))
        .isInstanceOf(io.github.volumes4j.ContainerNotFoundException.class);
    assertThat(Files.exists(dir.resolve("none"))).isFalse();
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
}
