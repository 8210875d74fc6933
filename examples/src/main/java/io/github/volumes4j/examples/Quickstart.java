package io.github.volumes4j.examples;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.data.RestorePolicy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's quickstart as the tour runs it: on the test image and with names unique to the run (the README's own
 * blocks are compiled and run as they stand by {@code ReadmeIT}).
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=io.github.volumes4j.examples.Quickstart
 * }</pre>
 */
public final class Quickstart {

  private Quickstart() {}

  public static void main(String[] args) throws Exception {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes, Files.createTempDirectory("quickstart"));
    }
  }

  /** Runs the quickstart on an engine; leaves nothing behind; returns the restored file's text. */
  public static String run(Volumes volumes, Path dir) throws Exception {
    try (Lab lab = Lab.open(volumes, "quickstart")) {   // makes sure the busybox image is there
      return quickstart(volumes, dir, lab.run());
    }
  }

  private static String quickstart(Volumes volumes, Path dir, String app) throws Exception {
    // --- README quickstart: begin
    Volume db = volumes.create(VolumeSpec.named(app + "-data").label("app", app));
    volumes.copyInto(db.name()).string("port=5432\n", "/conf/db.properties");

    MountSpec data = VolumeMount.of(db.name(), "/data");
    MountSpec scratch = TmpfsMount.at("/scratch").withSizeBytes(16 << 20);
    MountSpec conf = MountSyntax.VOLUME.parse(db.name() + ":/etc/app:ro");        // exactly as docker run reads it
    String id = volumes.containers().create(ContainerSpec.of("volumes4j/busybox:test")
        .withCommand("sleep", "3600").withMounts(data, scratch, conf).withLabels(java.util.Map.of("app", app)));

    Path backup = dir.resolve(app + ".tar.gz");
    volumes.backup(db.name()).gzip().to(backup);                      // manifest + data + SHA-256
    volumes.containers().removeWithVolumes(id);
    volumes.restore(backup).into(db.name(), RestorePolicy.REPLACE);   // verified before the volume is touched
    String text = volumes.copyFrom(db.name()).string("/conf/db.properties");

    volumes.list(VolumeFilter.label("app", app)).forEach(v -> System.out.println(v.name() + " " + v.labels()));
    volumes.prune(PruneOptions.all().label("app", app));              // every API version; only this app's
    // --- README quickstart: end
    Files.deleteIfExists(backup);
    return text;
  }
}
