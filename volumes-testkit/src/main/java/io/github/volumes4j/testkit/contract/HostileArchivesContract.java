package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.Restore;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.data.UntrustedManifestException;
import io.github.volumes4j.data.internal.HostTree;
import io.github.volumes4j.data.internal.TarReader;
import io.github.volumes4j.data.internal.Tars;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every archive of {@link HostileArchives} through every public restore path (restore from a file
 * and from a stream into a new volume, an empty one, with MERGE and REPLACE, on both paths, with
 * lenient limits; copyInto's tar), with canaries on the host (a directory the archives aim at) and
 * in another volume. Each must be refused with a typed error, change no canary and no target, and
 * leave no volume, helper or temporary file behind.
 *
 * <pre>{@code
 * class InMemoryHostileArchivesTest extends HostileArchivesContract {
 *   @Override protected VolumeEngine createEngine() { return InMemoryEngine.dockerLike(); }
 * }
 * }</pre>
 */
public abstract class HostileArchivesContract {

  /** The engine under test. */
  protected abstract VolumeEngine createEngine();

  /** Every how-many-th path each archive goes through (1: all of them; the paths rotate over the archives). */
  protected int pathStride() {
    return 1;
  }

  private VolumeEngine engine;
  private DataMovement data;
  private String run;
  @TempDir
  Path dir;
  private Path canary;
  private TreeDigest canaryDigest;

  @BeforeEach
  final void start() throws IOException {
    engine = createEngine();
    data = DataMovement.on(engine);
    run = "v4jh" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    canary = Files.createDirectories(dir.resolve("canary"));
    Files.writeString(canary.resolve("canary.txt"), "canary " + run + "\n");
    canaryDigest = HostTree.treeDigest(canary);
  }

  @AfterEach
  final void stop() {
    try {
      for (ContainerInfo c : engine.listContainers(Map.of(ContractBase.TEST_LABEL, run))) {
        engine.removeContainer(c.id(), false, true);
      }
      for (Volume v : engine.listVolumes(VolumeFilter.all())) {
        if (v.name().startsWith(run)) {
          engine.removeVolume(v.name(), true);
        }
      }
    } finally {
      engine.close();
    }
  }

  private String name(String s) {
    return run + "-" + s;
  }

  private String volume(String s, byte[] content) {
    String v = engine.createVolume(VolumeSpec.named(name(s)).label(ContractBase.TEST_LABEL, run)).name();
    if (content != null) {
      data.copyInto(v).tar(new ByteArrayInputStream(content));
    }
    return v;
  }

  private record Path2(String what, BiConsumer<HostileArchives.Archive, Path> run) {}

  @Test
  void everyHostileArchiveIsRefusedOnEveryPath() throws IOException {
    String bystander = volume("bystander", DataFixture.fixture());
    String empty = volume("empty", null);
    String merged = volume("merged", DataFixture.fixture());
    String replaced = volume("replaced", DataFixture.fixture());
    TreeDigest bystanderDigest = data.digest(bystander);
    TreeDigest emptyDigest = data.digest(empty);
    TreeDigest mergedDigest = data.digest(merged);
    TreeDigest replacedDigest = data.digest(replaced);
    ArchiveLimits lenient = ArchiveLimits.defaults().withAllowDevices(true).withAllowFifos(true);
    List<Path2> paths = new ArrayList<>();
    for (boolean stream : new boolean[] {false, true}) {
      String how = stream ? "stream" : "file";
      java.util.function.Function<Path, Restore> restore = f -> {
        if (!stream) {
          return data.restore(f);
        }
        try {
          return data.restore(new ByteArrayInputStream(Files.readAllBytes(f)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      paths.add(new Path2("verify (" + how + ")", (a, f) -> restore.apply(f).verify()));
      paths.add(new Path2("toNewVolume() (" + how + ")", (a, f) -> restore.apply(f).toNewVolume()));
      paths.add(new Path2("toNewVolume(name) (" + how + ")", (a, f) -> restore.apply(f).toNewVolume(name("new"))));
      paths.add(new Path2("into(new, FAIL_IF_NOT_EMPTY) (" + how + ")",
          (a, f) -> restore.apply(f).into(name("new"), RestorePolicy.FAIL_IF_NOT_EMPTY)));
      paths.add(new Path2("into(empty, FAIL_IF_NOT_EMPTY) (" + how + ")",
          (a, f) -> restore.apply(f).into(empty, RestorePolicy.FAIL_IF_NOT_EMPTY)));
      paths.add(new Path2("into(volume, MERGE) (" + how + ")", (a, f) -> restore.apply(f).into(merged, RestorePolicy.MERGE)));
      paths.add(new Path2("into(volume, REPLACE) (" + how + ")",
          (a, f) -> restore.apply(f).into(replaced, RestorePolicy.REPLACE)));
      paths.add(new Path2("toNewVolume, archive path (" + how + ")",
          (a, f) -> restore.apply(f).fastPath(false).toNewVolume(name("new"))));
      paths.add(new Path2("toNewVolume, devices allowed (" + how + ")",
          (a, f) -> restore.apply(f).limits(lenient).toNewVolume(name("new"))));
      paths.add(new Path2("REPLACE, archive path, trusted manifest (" + how + ")",
          (a, f) -> restore.apply(f).fastPath(false).trustManifest().into(replaced, RestorePolicy.REPLACE)));
    }
    paths.add(new Path2("copyInto tar", (a, f) -> data.copyInto(empty).tar(new ByteArrayInputStream(a.tar()))));
    paths.add(new Path2("copyInto tar into a filled volume",
        (a, f) -> data.copyInto(merged).tar(new ByteArrayInputStream(a.tar()))));
    paths.add(new Path2("copyInto tar, devices allowed",
        (a, f) -> data.copyInto(empty).limits(lenient).tar(new ByteArrayInputStream(a.tar()))));

    List<HostileArchives.Archive> archives = HostileArchives.all(canary.toString(), name("manifest"));
    assertThat(archives).hasSizeGreaterThanOrEqualTo(120);
    List<String> problems = new ArrayList<>();
    int runs = 0;
    Set<String> temp0 = Leftovers.tempFiles();
    for (int i = 0; i < archives.size(); i++) {
      HostileArchives.Archive a = archives.get(i);
      Path file = dir.resolve("a" + i + ".tar");
      Files.write(file, a.backup());
      for (int p = 0; p < paths.size(); p++) {
        if ((i + p) % pathStride() != 0) {
          continue;
        }
        Path2 path = paths.get(p);
        if (path.what().contains("devices allowed") && path.what().contains("copyInto")
            && (a.what().endsWith("device") || a.what().equals("fifo"))) {
          continue; // allowed by the caller: not hostile there
        }
        runs++;
        String at = "\"" + a.what() + "\" through " + path.what();
        try {
          path.run().accept(a, file);
          problems.add(at + ": accepted");
        } catch (VolumesException e) {
          // refused, as it must be
        } catch (RuntimeException | Error e) {
          problems.add(at + ": untyped " + e);
        }
        if (!HostTree.treeDigest(canary).equals(canaryDigest)) {
          problems.add(at + ": the host canary changed");
          Files.writeString(canary.resolve("canary.txt"), "canary " + run + "\n");
        }
        Set<String> names = engine.listVolumes(VolumeFilter.all()).stream().map(Volume::name)
            .filter(n -> n.startsWith(run)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> extra = new TreeSet<>(names);
        extra.removeAll(Set.of(bystander, empty, merged, replaced));
        if (!extra.isEmpty()) {
          problems.add(at + ": volumes left " + extra);
          extra.forEach(v -> engine.removeVolume(v, true));
        }
        if (p % 4 == 0 || path.what().contains("MERGE") || path.what().contains("REPLACE") || path.what().contains("empty")
            || path.what().contains("copyInto")) {
          check(at, bystander, bystanderDigest, problems);
          check(at, empty, emptyDigest, problems);
          check(at, merged, mergedDigest, problems);
          check(at, replaced, replacedDigest, problems);
        }
        List<ContainerInfo> helpers = engine.listContainers(Map.of("io.github.volumes4j.session", data.session()));
        if (!helpers.isEmpty()) {
          problems.add(at + ": helpers left " + helpers.size());
          helpers.forEach(h -> engine.removeContainer(h.id(), false, true));
        }
      }
    }
    Set<String> temp = Leftovers.tempFiles();
    temp.removeAll(temp0);
    if (!temp.isEmpty()) {
      problems.add("temporary files left: " + temp);
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " of " + runs + " runs (" + archives.size() + " archives, " + paths.size() + " paths) broke a "
          + "promise:\n" + String.join("\n", problems.subList(0, Math.min(80, problems.size()))));
    }
  }

  private void check(String at, String volume, TreeDigest expected, List<String> problems) {
    TreeDigest d = data.digest(volume);
    if (!d.equals(expected)) {
      problems.add(at + ": volume " + volume + " changed: " + d);
      engine.removeVolume(volume, true);
      volume(volume.substring(run.length() + 1), volume.endsWith("empty") ? null : DataFixture.fixture());
    }
  }


  /**
   * A real backup whose manifest was rewritten to bind the host canary directory (and its checksum
   * recomputed, as an attacker can): refused before anything is created unless the caller consents,
   * with or without the one-pass path; an HMAC-authenticated backup refuses the same forgery.
   */
  @Test
  void aForgedManifestNeverBindsAHostDirectoryWithoutConsent() throws IOException {
    String v = volume("src", DataFixture.fixture());
    Path good = dir.resolve("good.tar");
    data.backup(v).to(good);
    Map<String, String> bind = Map.of("type", "none", "o", "bind", "device", canary.toString());
    Path forged = dir.resolve("forged.tar");
    Files.write(forged, forgeManifest(Files.readAllBytes(good), name("forged"), bind));

    for (boolean stream : new boolean[] {false, true}) {
      assertThatThrownBy(() -> (stream ? data.restore(new ByteArrayInputStream(Files.readAllBytes(forged)))
          : data.restore(forged)).toNewVolume())
          .isInstanceOf(UntrustedManifestException.class).hasMessageContaining("trustManifest()")
          .satisfies(e -> assertThat(((UntrustedManifestException) e).driverOptions()).containsEntry("device",
              canary.toString()));
      assertThatThrownBy(() -> data.restore(forged).into(name("forged"), RestorePolicy.REPLACE))
          .isInstanceOf(UntrustedManifestException.class);
    }
    assertThat(engine.listVolumes(VolumeFilter.name(name("forged")))).isEmpty();
    assertThat(HostTree.treeDigest(canary)).isEqualTo(canaryDigest);
    // the forgery is a well-formed backup: only consent or a key decides
    assertThat(data.restore(forged).verify().driverOptions()).containsEntry("device", canary.toString());
    // the caller's own plain volume instead
    data.restore(forged).driver("local").toNewVolume(name("plain"));
    assertThat(engine.inspectVolume(name("plain")).options()).isEmpty();
    assertThat(HostTree.treeDigest(canary)).isEqualTo(canaryDigest);

    // authenticated backups: the same forgery fails the HMAC; the genuine one is trusted
    javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(("k" + run).repeat(4).getBytes(StandardCharsets.UTF_8),
        "HmacSHA256");
    Path signed = dir.resolve("signed.tar");
    data.backup(v).authenticate(key).to(signed);
    Path forgedSigned = dir.resolve("forged-signed.tar");
    Files.write(forgedSigned, forgeManifest(Files.readAllBytes(signed), name("forged2"), bind));
    assertThatThrownBy(() -> data.restore(forgedSigned).authenticatedBy(key).toNewVolume())
        .isInstanceOf(UntrustedManifestException.class).hasMessageContaining("not authenticated by the key");
    assertThatThrownBy(() -> data.restore(good).authenticatedBy(key).verify())
        .isInstanceOf(UntrustedManifestException.class).hasMessageContaining("not authenticated");
    assertThat(data.restore(signed).authenticatedBy(key).toNewVolume(name("signed")).digest())
        .isEqualTo(data.digest(v));
    assertThat(engine.listVolumes(VolumeFilter.name(name("forged2")))).isEmpty();
    assertThat(HostTree.treeDigest(canary)).isEqualTo(canaryDigest);
  }

  /** The backup with its manifest's name and driver options replaced and its checksum recomputed. */
  static byte[] forgeManifest(byte[] backup, String volumeName, Map<String, String> options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String manifestSha = null;
    try (TarArchiveOutputStream w = Tars.writer(out)) {
      TarReader r = new TarReader(new ByteArrayInputStream(backup));
      TarArchiveEntry e;
      while ((e = r.getNextEntry()) != null) {
        byte[] content = r.readAllBytes();
        if (e.getName().equals(".volumes4j/manifest.json")) {
          String json = new String(content, StandardCharsets.UTF_8);
          StringBuilder opts = new StringBuilder("{");
          options.forEach((k, val) -> opts.append(opts.length() > 1 ? ", " : "").append('"').append(k).append("\": \"")
              .append(val).append('"'));
          json = json.replaceFirst("\"volume\" : \"[^\"]*\"", "\"volume\" : \"" + volumeName + "\"")
              .replaceFirst("\"driverOptions\" : \\{[^}]*\\}", "\"driverOptions\" : " + opts + "}");
          content = json.getBytes(StandardCharsets.UTF_8);
          manifestSha = hex(MessageDigest.getInstance("SHA-256").digest(content));
        } else if (e.getName().equals(".volumes4j/content.json") && manifestSha != null) {
          String json = new String(content, StandardCharsets.UTF_8);
          content = json.replaceFirst("\"manifestSha256\" : \"[0-9a-f]*\"", "\"manifestSha256\" : \"" + manifestSha + "\"")
              .getBytes(StandardCharsets.UTF_8);
        }
        e.setSize(content.length);
        w.putArchiveEntry(e);
        w.write(content);
        w.closeArchiveEntry();
      }
      w.finish();
    } catch (java.security.NoSuchAlgorithmException x) {
      throw new IllegalStateException(x);
    }
    return out.toByteArray();
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }
}
