package io.github.volumes4j.examples;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.MountType;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.examples.Lab.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * 6. Bind mounts versus volumes: a bind mount of a host source directory shows an edit made on the
 * host at once, inside a running container (hot reload); a volume seeded from the same directory
 * holds a copy and does not change.
 *
 * <pre>{@code
 * MountSpec src = MountSyntax.VOLUME.parse("/home/ann/site:/app/src:ro");    // the host's files, live
 * MountSpec site = VolumeMount.of("site", "/app/site");                   // Docker-managed, portable
 * }</pre>
 *
 * <p>Use a bind mount for what the host owns and edits (source code in development, a host's
 * configuration, a socket); it depends on the host's directory layout and the daemon's host (a
 * remote daemon binds ITS paths). Use a volume for data the container owns (databases, uploads,
 * caches): Docker creates and manages it, it works the same on every host and driver, and it can
 * be backed up, copied and moved with the tools of this library. On the in-memory engine the
 * watcher's loop is its Java twin, run once more after the edit; it reads the same host directory.
 */
public final class BindMountsVersusVolumes {

  /**
   * What the example saw.
   *
   * @param bindReportedAsBind whether the engine reports the mount as type bind with the host path as source
   * @param hotReloadSeen whether the running container saw the host edit through the bind mount
   * @param volumeAfterEdit what the volume holds after the host edit
   * @param missingSourceRefused the engine's answer for a bind source that does not exist
   */
  public record Result(boolean bindReportedAsBind, boolean hotReloadSeen, String volumeAfterEdit,
      String missingSourceRefused) {}

  private BindMountsVersusVolumes() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  public static Result run(Volumes volumes) {
    Path src;
    try {
      src = Files.createTempDirectory("volumes4j-src-");
      Files.writeString(src.resolve("index.html"), "v1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Lab lab = Lab.open(volumes, "bind")) {
      lab.heading("6. Bind mounts versus volumes: a host edit shows at once through a bind mount, not in a volume");
      MountSpec bind = MountSyntax.VOLUME.parse(src + ":/app/src:ro");
      Volume site = lab.createVolume("site");
      volumes.copyInto(site.name()).tree(src, "/");
      lab.say("host directory " + src + " holds index.html = v1; volume " + site.name() + " was seeded with a copy");

      // the watcher prints each content it sees, for both mounts, every 0.2 s
      String watcher = lab.startService(lab.container("watcher").addMounts(bind, VolumeMount.of(site.name(), "/app/site")),
          Step.of("( while :; do s=$(cat /app/src/index.html); v=$(cat /app/site/index.html); "
              + "[ \"$s\" != \"$ls\" ] && echo \"src:$s\" && ls=$s; [ \"$v\" != \"$lv\" ] && echo \"site:$v\" && lv=$v; "
              + "sleep 0.2; done ) &",
              BindMountsVersusVolumes::watchTurn));
      MountPoint reported = lab.engine().inspectContainer(watcher).mounts().stream()
          .filter(m -> m.destination().equals("/app/src")).findFirst().orElseThrow();
      boolean asBind = reported.type() == MountType.BIND && reported.source().equals(src.toString());
      lab.say("'watcher' runs with " + MountSyntax.VOLUME.format(bind) + " (reported as " + reported.type() + " of "
          + reported.source() + ") and the volume at /app/site");

      try {
        Files.writeString(src.resolve("index.html"), "v2\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      lab.say("edited index.html on the host: v2");
      lab.turn(watcher, BindMountsVersusVolumes::watchTurn);   // in memory: one more turn of the loop
      boolean hotReload = awaitLine(lab, watcher, "src:v2", Duration.ofSeconds(10));
      lab.say("the running container " + (hotReload ? "saw src:v2 at once, without a restart" : "did NOT see the edit")
          + (lab.realProcesses() ? "" : " (in memory: the watcher's Java twin read the host file through the bind)"));
      String volumeNow = volumes.copyFrom(site.name()).string("/index.html").strip();
      lab.say("the volume still holds " + volumeNow + ": it is the container's data, not a window on the host");

      String refused = "";
      Path missing = src.resolve("no-such-dir");
      try {
        lab.engine().createContainer(lab.container("missing").addMounts(BindMount.of(missing, "/x")).build());
      } catch (VolumesException e) {
        refused = e.getMessage();
      }
      lab.say("a bind source that does not exist is refused: " + refused);
      lab.say("=> bind mounts for what the host owns and edits; volumes for what the container owns");
      lab.stop(watcher);
      return new Result(asBind, hotReload, volumeNow, refused);
    } finally {
      Logs.deleteTree(src);
    }
  }

  /** One turn of the watcher's loop: what each mount holds now. */
  private static void watchTurn(io.github.volumes4j.testkit.ContainerFiles fs, StringBuilder out) {
    out.append("src:").append(fs.readString("/app/src/index.html").strip()).append('\n');
    out.append("site:").append(fs.readString("/app/site/index.html").strip()).append('\n');
  }

  private static boolean awaitLine(Lab lab, String container, String line, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (lab.logs(container).lines().anyMatch(line::equals)) {
        return true;
      }
      Lab.sleep(100);
    }
    return false;
  }
}
