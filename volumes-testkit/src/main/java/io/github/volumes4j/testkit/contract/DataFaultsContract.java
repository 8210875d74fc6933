package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.DataMovement;
import io.github.volumes4j.data.RestorePolicy;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.FaultInjectingEngine;
import io.github.volumes4j.testkit.FaultInjectingEngine.Fault;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every data operation with one engine call failed, for every call it makes and every
 * {@link FaultInjectingEngine.Fault}: the connection cut before the call, the answer lost after the
 * engine did it, a stream broken half way. After each run: the operation either succeeded or threw a
 * {@link VolumesException}; no helper container, no volume it made, no temporary file is left; the
 * source is unchanged; a target holds its old content or the new one, never a mix, and a failed
 * REPLACE says which.
 *
 * <pre>{@code
 * class InMemoryDataFaultsTest extends DataFaultsContract {
 *   @Override protected VolumeEngine createEngine() { return InMemoryEngine.dockerLike(); }
 * }
 * }</pre>
 */
public abstract class DataFaultsContract {

  /** The label on everything the scenarios create. */
  public static final String TEST_LABEL = ContractBase.TEST_LABEL;

  /** The engine under test; the contract wraps it in a {@link FaultInjectingEngine}. */
  protected abstract VolumeEngine createEngine();

  /**
   * The data movement the operations run through, on the faulty engine; a subclass forces a path:
   * {@code DataMovement.on(engine).preferPath(TransferPath.HELPER_STREAM)}.
   *
   * @param engine the engine with faults
   * @return the data movement under test
   */
  protected DataMovement dataMovement(VolumeEngine engine) {
    return DataMovement.on(engine);
  }

  /** Every how-many-th call is failed (1: every call); engines where a run is slow take a larger step. */
  protected int stride() {
    return 1;
  }

  private VolumeEngine raw;
  private FaultInjectingEngine faulty;
  DataMovement data;
  DataMovement plain;
  private String run;
  private TreeDigest fixtureDigest;
  private TreeDigest otherDigest;
  private int scenarios;
  @TempDir
  Path dir;

  @BeforeEach
  final void start() {
    raw = createEngine();
    faulty = FaultInjectingEngine.around(raw);
    data = dataMovement(faulty);
    plain = DataMovement.on(raw);
    run = "v4jf" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  @AfterEach
  final void stop() {
    try {
      for (ContainerInfo c : raw.listContainers(Map.of(TEST_LABEL, run))) {
        raw.removeContainer(c.id(), false, true);
      }
      for (Volume v : raw.listVolumes(VolumeFilter.all())) {
        if (v.name().startsWith(run) || run.equals(v.labels().get(TEST_LABEL))) {
          raw.removeVolume(v.name(), true);
        }
      }
    } finally {
      raw.close();
    }
  }

  String name(String s) {
    return run + "-" + s;
  }

  String volume(String s, boolean filled) {
    String v = raw.createVolume(VolumeSpec.named(name(s)).label(TEST_LABEL, run)).name();
    if (filled) {
      plain.copyInto(v).tar(new ByteArrayInputStream(DataFixture.fixture()));
    }
    return v;
  }

  private static byte[] other() {
    return DataFixture.tar(t -> {
      DataFixture.dir(t, "./", 0755, 0, 0);
      DataFixture.file(t, "./other.txt", "other\n", 0644, 0, 0);
      DataFixture.dir(t, "./sub/", 0700, 5, 5);
      DataFixture.file(t, "./sub/x", "x".repeat(90_000), 0600, 5, 5);
    });
  }

  /** One operation and what must hold after it, failed or not. */
  interface Op {
    /** Makes the volumes and files the operation needs, on the engine without faults. */
    void setUp() throws IOException;

    /** The operation, through the faulty engine. */
    void run() throws IOException;

    /** What must hold afterwards; {@code failure} is null when it succeeded. */
    void check(VolumesException failure) throws IOException;
  }

  void exercise(String what, Op op) throws IOException {
    // a clean run counts the calls
    cleanVolumes();
    op.setUp();
    faulty.reset();
    op.run();
    op.check(null);
    int calls = faulty.calls();
    assertThat(calls).as(what + " makes engine calls").isPositive();
    List<String> problems = new ArrayList<>();
    for (Fault fault : Fault.values()) {
      for (int k = 1; k <= calls; k += stride()) {
        cleanVolumes();
        op.setUp();
        Set<String> before = volumeNames();
        Set<String> temp = Leftovers.tempFiles();
        faulty.failCall(k, fault);
        VolumesException failure = null;
        try {
          op.run();
        } catch (VolumesException e) {
          failure = e;
        } catch (RuntimeException | IOException e) {
          problems.add(what + ", " + faulty.fired().orElse("call " + k + " " + fault) + ": untyped " + e);
          faulty.reset();
          continue;
        }
        String at = what + ", " + faulty.fired().orElse("call " + k + " " + fault + " (not reached)");
        faulty.reset();
        scenarios++;
        try {
          op.check(failure);
          List<ContainerInfo> helpers = raw.listContainers(Map.of("io.github.volumes4j.session", data.session()));
          if (!helpers.isEmpty()) {
            problems.add(at + ": helpers left " + helpers.stream().map(ContainerInfo::name).toList());
          }
          Set<String> extra = new TreeSet<>(volumeNames());
          extra.removeAll(before);
          extra.removeIf(v -> v.equals(name("target")) || v.equals(name("clone")));
          if (!extra.isEmpty()) {
            problems.add(at + ": volumes left " + extra);
          }
          Set<String> newTemp = new TreeSet<>(Leftovers.tempFiles());
          newTemp.removeAll(temp);
          if (!newTemp.isEmpty()) {
            problems.add(at + ": temporary files left " + newTemp);
          }
        } catch (AssertionError e) {
          problems.add(at + ": " + e.getMessage().replace('\n', ' ')
              + (failure == null ? " (it succeeded)" : " (it failed: " + failure.getMessage() + ")"));
        }
        // clean what a failure may leave on purpose (a clone's target, helpers of other sessions)
        for (Volume v : raw.listVolumes(VolumeFilter.all())) {
          if (v.name().contains("-v4j-staging-") || v.name().contains("-v4j-rollback-")) {
            if (v.name().startsWith(run)) {
              raw.removeVolume(v.name(), true);
            }
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " of " + scenarios + " fault runs broke a promise:\n" + String.join("\n", problems));
    }
  }

  private void cleanVolumes() {
    for (Volume v : raw.listVolumes(VolumeFilter.all())) {
      if (v.name().startsWith(run)) {
        raw.removeVolume(v.name(), true);
      }
    }
  }

  Set<String> volumeNames() {
    return raw.listVolumes(VolumeFilter.all()).stream().map(Volume::name).filter(n -> n.startsWith(run))
        .collect(Collectors.toCollection(TreeSet::new));
  }


  TreeDigest digest(String v) {
    return plain.digest(v);
  }

  TreeDigest fixtureDigest() {
    if (fixtureDigest == null) {
      String v = volume("fixture", true);
      fixtureDigest = digest(v);
      raw.removeVolume(v, true);
    }
    return fixtureDigest;
  }

  private TreeDigest otherDigest() {
    if (otherDigest == null) {
      String v = volume("otherfix", false);
      plain.copyInto(v).tar(new ByteArrayInputStream(other()));
      otherDigest = digest(v);
      raw.removeVolume(v, true);
    }
    return otherDigest;
  }

  private Path backupOf(String suffix, byte[] content) {
    String v = volume("b-" + suffix, false);
    plain.copyInto(v).tar(new ByteArrayInputStream(content));
    Path file = dir.resolve(suffix + "-" + UUID.randomUUID() + ".tar");
    plain.backup(v).to(file);
    raw.removeVolume(v, true);
    return file;
  }

  // ---- scenarios -------------------------------------------------------------------------------

  @Test
  void copyInAndOut() throws IOException {
    TreeDigest full = fixtureDigest();
    exercise("copyInto string", new Op() {
      @Override
      public void setUp() {
        volume("target", false);
      }

      @Override
      public void run() {
        data.copyInto(name("target")).string("hello\n", "/conf/app.conf");
      }

      @Override
      public void check(VolumesException failure) {
        if (failure == null) {
          assertThat(plain.copyFrom(name("target")).string("/conf/app.conf")).isEqualTo("hello\n");
        }
      }
    });
    exercise("copyInto tar", new Op() {
      @Override
      public void setUp() {
        volume("target", false);
      }

      @Override
      public void run() {
        data.copyInto(name("target")).tar(new ByteArrayInputStream(DataFixture.fixture()));
      }

      @Override
      public void check(VolumesException failure) {
        if (failure == null) {
          assertThat(digest(name("target"))).isEqualTo(full);
        }
      }
    });
    exercise("copyFrom tree", new Op() {
      Path out;

      @Override
      public void setUp() {
        volume("src", true);
        out = dir.resolve("out-" + UUID.randomUUID());
      }

      @Override
      public void run() {
        data.copyFrom(name("src")).tree("/", out);
      }

      @Override
      public void check(VolumesException failure) {
        assertThat(digest(name("src"))).isEqualTo(full);
      }
    });
  }

  @Test
  void backups() throws IOException {
    TreeDigest full = fixtureDigest();
    exercise("backup to a file", new Op() {
      Path file;

      @Override
      public void setUp() {
        volume("src", true);
        file = dir.resolve("b-" + UUID.randomUUID() + ".tar.gz");
      }

      @Override
      public void run() {
        data.backup(name("src")).gzip().to(file);
      }

      @Override
      public void check(VolumesException failure) throws IOException {
        assertThat(digest(name("src"))).isEqualTo(full);
        if (failure == null) {
          assertThat(plain.restore(file).verify().content()).isEqualTo(full);
        } else {
          assertThat(file).doesNotExist();
          try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("." + file.getFileName())).toList())
                .as("temporary backup files").isEmpty();
          }
        }
      }
    });
    exercise("backup to a stream", new Op() {
      ByteArrayOutputStream out;

      @Override
      public void setUp() {
        volume("src", true);
        out = new ByteArrayOutputStream();
      }

      @Override
      public void run() {
        data.backup(name("src")).to(out);
      }

      @Override
      public void check(VolumesException failure) {
        assertThat(digest(name("src"))).isEqualTo(full);
        if (failure == null) {
          assertThat(plain.restore(new ByteArrayInputStream(out.toByteArray())).verify().content()).isEqualTo(full);
        }
      }
    });
  }

  @Test
  void restoresIntoNewVolumes() throws IOException {
    TreeDigest full = fixtureDigest();
    Path file = backupOf("new", DataFixture.fixture());
    byte[] bytes = Files.readAllBytes(file);
    exercise("restore a file into a new volume", new Op() {
      @Override
      public void setUp() {
      }

      @Override
      public void run() {
        data.restore(file).toNewVolume(name("target"));
      }

      @Override
      public void check(VolumesException failure) {
        boolean exists = volumeNames().contains(name("target"));
        if (failure == null) {
          assertThat(digest(name("target"))).isEqualTo(full);
        } else {
          assertThat(exists).as("the new volume after a failed restore").isFalse();
        }
      }
    });
    exercise("restore a stream into a new volume", new Op() {
      @Override
      public void setUp() {
      }

      @Override
      public void run() {
        data.restore(new ByteArrayInputStream(bytes)).toNewVolume(name("target"));
      }

      @Override
      public void check(VolumesException failure) {
        if (failure == null) {
          assertThat(digest(name("target"))).isEqualTo(full);
        } else {
          assertThat(volumeNames()).doesNotContain(name("target"));
        }
      }
    });
  }

  @Test
  void restoresIntoExistingVolumes() throws IOException {
    TreeDigest full = fixtureDigest();
    TreeDigest old = otherDigest();
    Path file = backupOf("existing", DataFixture.fixture());
    byte[] bytes = Files.readAllBytes(file);
    exercise("restore into an empty volume", new Op() {
      @Override
      public void setUp() {
        volume("target", false);
      }

      @Override
      public void run() {
        data.restore(file).into(name("target"), RestorePolicy.FAIL_IF_NOT_EMPTY);
      }

      @Override
      public void check(VolumesException failure) {
        TreeDigest d = digest(name("target"));
        if (failure == null) {
          assertThat(d).isEqualTo(full);
        } else if (!failure.toString().contains("now holds part of the backup")
            && !java.util.Arrays.toString(failure.getSuppressed()).contains("now holds part of the backup")) {
          assertThat(d.entries()).as("the empty volume after a failed restore").isEqualTo(1);
        }
      }
    });
    for (boolean stream : new boolean[] {false, true}) {
      exercise("REPLACE from a " + (stream ? "stream" : "file"), new Op() {
        @Override
        public void setUp() {
          String v = volume("target", false);
          plain.copyInto(v).tar(new ByteArrayInputStream(other()));
        }

        @Override
        public void run() {
          (stream ? data.restore(new ByteArrayInputStream(bytes)) : data.restore(file))
              .into(name("target"), RestorePolicy.REPLACE);
        }

        @Override
        public void check(VolumesException failure) {
          if (failure == null) {
            assertThat(digest(name("target"))).isEqualTo(full);
            return;
          }
          String m = failure.getMessage();
          boolean exists = volumeNames().contains(name("target"));
          if (m.contains("so did putting back")) {
            assertThat(m).as("a failed roll-back names the volumes that keep both contents").contains("rollback")
                .contains("staging");
            if (exists) {
              TreeDigest d = digest(name("target"));
              if (d.sha256().equals(old.sha256())) {
                assertThat(m).contains("its previous content");
              } else if (d.sha256().equals(full.sha256())) {
                assertThat(m).contains("the backup's content");
              } else {
                assertThat(m).contains("holds nothing").as("a mix: " + d);
              }
            } else {
              assertThat(m).contains("does not exist");
            }
          } else {
            assertThat(exists).as("the target after a failed replace").isTrue();
            assertThat(digest(name("target"))).as("the target after a failed replace").isEqualTo(old);
          }
        }
      });
    }
    exercise("MERGE", new Op() {
      @Override
      public void setUp() {
        String v = volume("target", false);
        plain.copyInto(v).tar(new ByteArrayInputStream(other()));
      }

      @Override
      public void run() {
        data.restore(file).into(name("target"), RestorePolicy.MERGE);
      }

      @Override
      public void check(VolumesException failure) {
        assertThat(volumeNames()).contains(name("target"));
        if (failure == null) {
          assertThat(plain.copyFrom(name("target")).string("/hello.txt")).isEqualTo("hello\n");
          assertThat(plain.copyFrom(name("target")).string("/other.txt")).isEqualTo("other\n");
        } else if (!digest(name("target")).equals(old)) {
          assertThat(failure.getMessage()).as("a failed merge that changed the volume says it may hold part of the backup")
              .contains("may hold part of the backup");
        }
      }
    });
  }

  @Test
  void clonesAndDigests() throws IOException {
    TreeDigest full = fixtureDigest();
    exercise("clone", new Op() {
      @Override
      public void setUp() {
        volume("src", true);
      }

      @Override
      public void run() {
        data.clone(name("src")).to(name("clone"));
      }

      @Override
      public void check(VolumesException failure) {
        assertThat(digest(name("src"))).isEqualTo(full);
        if (failure == null) {
          assertThat(digest(name("clone"))).isEqualTo(full);
        } else {
          assertThat(volumeNames()).doesNotContain(name("clone"));
        }
      }
    });
    exercise("digest", new Op() {
      @Override
      public void setUp() {
        volume("src", true);
      }

      @Override
      public void run() {
        TreeDigest d = data.digest(name("src"));
        assertThat(d).isEqualTo(full);
      }

      @Override
      public void check(VolumesException failure) {
        assertThat(digest(name("src"))).isEqualTo(full);
      }
    });
  }

  @Test
  void snapshotsAndTheirRestores() throws IOException {
    new SnapshotFaults(this).exercise(fixtureDigest());
  }

  /** For subclasses' messages: the fault runs done so far. */
  protected final int scenarios() {
    return scenarios;
  }
}
