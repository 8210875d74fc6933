package io.github.volumes4j.examples;

import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.testcontainers.ContainerVolumes;
import io.github.volumes4j.testcontainers.GoldenState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * With Testcontainers: two Testcontainers containers share a named volume seeded from class path
 * resources, one with a tmpfs; the volume's directory is copied out at the end; and a database
 * container is reset to its seeded "golden state" by restoring its volume, timed next to re-creating
 * and re-seeding it. Needs a Docker daemon (Testcontainers does).
 *
 * <pre>{@code
 * WithTestcontainers.Result r = WithTestcontainers.run(Path.of("target/tc-out"));
 * r.readerSaw();   // the class path resource, read by the second container
 * }</pre>
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.volumes4j.examples.WithTestcontainers}; where Testcontainers' reaper image
 * cannot be pulled (no registry), set {@code TESTCONTAINERS_RYUK_DISABLED=true}: the example removes
 * what it made itself; where a {@code /.dockerenv} makes Testcontainers probe the gateway with
 * {@code alpine:3.17}, set {@code TESTCONTAINERS_HOST_OVERRIDE=localhost} too.
 */
public final class WithTestcontainers {

  /**
   * What the example saw.
   *
   * @param readerSaw the seeded configuration, as the read-only container read it
   * @param tmpfs the tmpfs line of {@code /proc/mounts} in the writer
   * @param copiedOut the files copied out of the writer's {@code /data}, relative paths
   * @param database what ran as the database: {@code sqlite} or {@code shell}
   * @param rowsAfterReset the database's row count after a test deleted rows and the golden state was reset
   * @param reset how long the reset took (stop, restore, start)
   * @param recreate how long re-creating the container and seeding it again took
   */
  public record Result(String readerSaw, String tmpfs, List<String> copiedOut, String database, int rowsAfterReset,
      Duration reset, Duration recreate) {}

  private WithTestcontainers() {}

  public static void main(String[] args) {
    Result r = run(Path.of(args.length > 0 ? args[0] : "target/with-testcontainers"));
    System.out.printf("golden state reset %d ms vs re-create and re-seed %d ms (%s)%n", r.reset().toMillis(),
        r.recreate().toMillis(), r.database());
  }

  /** Runs the example; {@code out} receives the copied-out directory. */
  public static Result run(Path out) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> label = Map.of(Lab.LABEL, run);
    Volumes volumes = ContainerVolumes.volumes();
    String shared = "v4j-ex-tc-" + run + "-shared";
    String dbdata = "v4j-ex-tc-" + run + "-db";
    System.out.println("== With Testcontainers: volumes4j mounts on Testcontainers containers (daemon "
        + volumes.engine().info().name() + ", API " + volumes.apiVersion() + ")");
    try {
      io.github.volumes4j.testkit.contract.ContractImages.ensure(volumes.engine());
      VolumeMount data = VolumeMount.of(shared, "/data").withLabels(label);
      String readerSaw;
      String tmpfs;
      List<String> copied;
      try (GenericContainer<?> writer = ContainerVolumes.mount(busybox(label), data,
              TmpfsMount.at("/scratch").withSizeBytes(8 << 20).withMode(0700).withOptions("noexec", "nosuid"))
              .withCopyToContainer(MountableFile.forClasspathResource("io/github/volumes4j/examples/config/app.properties"),
                  "/data/config/app.properties")
              .withCopyToContainer(MountableFile.forClasspathResource("io/github/volumes4j/examples/config/logging.properties"),
                  "/data/config/logging.properties");
          GenericContainer<?> reader = ContainerVolumes.mount(busybox(label), data.withReadOnly(true))) {
        writer.start();
        reader.start();
        System.out.println("writer and reader share volume " + shared + ", seeded from the class path before start");
        readerSaw = sh(reader, "cat /data/config/app.properties");
        System.out.println("the reader (read-only) sees: " + readerSaw.lines().findFirst().orElse(""));
        sh(writer, "mkdir -p /data/reports && date > /data/reports/run.txt && ln -s reports/run.txt /data/latest"
            + " && echo scratch > /scratch/tmp.txt");
        tmpfs = sh(writer, "grep ' /scratch ' /proc/mounts");
        System.out.println("the writer's tmpfs: " + tmpfs);
        TransferResult r = ContainerVolumes.copyOut(writer, "/data", out);
        copied = list(out);
        System.out.println("copied /data out of the running writer to " + out + ": " + r.digest().entries() + " entries " + copied);
      }

      // a database in a volume, reset to its seeded state between "tests"
      java.util.Optional<String> sqlite = SqliteImage.ensure(volumes.engine());
      String image = sqlite.orElse(Lab.IMAGE);
      String seedScript = sqlite.isPresent()
          ? "sqlite3 /db/app.db \"CREATE TABLE t(n INTEGER PRIMARY KEY, v TEXT); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL"
            + " SELECT x+1 FROM c WHERE x < 200000) INSERT INTO t(v) SELECT hex(randomblob(16)) FROM c;\""
          : "i=0; while [ $i -lt 20000 ]; do echo row$i; i=$((i+1)); done > /db/rows";
      String count = sqlite.isPresent() ? "sqlite3 /db/app.db 'SELECT count(*) FROM t;'" : "wc -l < /db/rows";
      String damage = sqlite.isPresent() ? "sqlite3 /db/app.db 'DELETE FROM t WHERE n % 2 = 0;'" : "sed -i '1,100d' /db/rows";
      int rows;
      Duration reset;
      Duration recreate;
      try (GenericContainer<?> db = ContainerVolumes.mount(new GenericContainer<>(image).withCommand("sleep", "3600")
          .withLabels(label), VolumeMount.of(dbdata, "/db").withLabels(label))) {
        db.start();
        sh(db, seedScript);
        System.out.println("seeded the " + (sqlite.isPresent() ? "SQLite" : "shell") + " database: " + sh(db, count) + " rows");
        try (GoldenState golden = GoldenState.capture(db, dbdata)) {
          sh(db, damage);
          System.out.println("a test changed it: " + sh(db, count) + " rows");
          reset = golden.reset();
          rows = Integer.parseInt(sh(db, count).trim());
          System.out.println("reset to the golden state in " + reset.toMillis() + " ms: " + rows + " rows");
        }
        long t0 = System.nanoTime();
        db.stop();
        volumes.remove(dbdata);
        db.start();
        sh(db, seedScript);
        recreate = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("the same by re-creating the container and seeding it again: " + recreate.toMillis() + " ms");
      }
      return new Result(readerSaw, tmpfs, copied, sqlite.isPresent() ? "sqlite" : "shell", rows, reset, recreate);
    } finally {
      volumes.removeIfExists(shared);
      volumes.removeIfExists(dbdata);
    }
  }

  private static GenericContainer<?> busybox(Map<String, String> label) {
    return new GenericContainer<>(Lab.IMAGE).withCommand("sleep", "3600").withLabels(label);
  }

  private static String sh(GenericContainer<?> c, String script) {
    try {
      ExecResult r = c.execInContainer("sh", "-c", script);
      if (r.getExitCode() != 0) {
        throw new IllegalStateException("'" + script + "' failed with " + r.getExitCode() + ": " + r.getStderr());
      }
      return r.getStdout().trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static List<String> list(Path dir) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(p -> !p.equals(dir)).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }
}
