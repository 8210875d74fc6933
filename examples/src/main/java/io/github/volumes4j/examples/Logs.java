package io.github.volumes4j.examples;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.examples.Lab.Finished;
import io.github.volumes4j.examples.Lab.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * 5. Logs: several containers write into one log volume, each under its own directory; a collector
 * container reads them all; at the end the files are copied out to the host.
 *
 * <pre>{@code
 * volumes.copyFrom("logs").tree("/", Path.of("collected-logs"));   // docker cp, through a helper container
 * }</pre>
 */
public final class Logs {

  /** The services that write logs. */
  static final List<String> SERVICES = List.of("web", "worker", "cron");

  /** Lines each service writes. */
  static final int LINES = 3;

  /**
   * What the example saw.
   *
   * @param collected what the collector printed: a header per file, then its lines
   * @param hostFiles each file copied to the host (relative path) and its number of lines
   * @param hostDirectory where the files were copied to (deleted at the end unless {@code keep} was asked)
   */
  public record Result(List<String> collected, Map<String, Long> hostFiles, Path hostDirectory) {}

  private Logs() {}

  public static void main(String[] args) throws IOException {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      Path dir = Files.createTempDirectory("volumes4j-logs-");
      run(volumes, dir);
      System.out.println("   the copied logs are in " + dir);
    }
  }

  /** Runs the example, copying the logs into a new temporary directory that is deleted afterwards. */
  public static Result run(Volumes volumes) {
    Path dir;
    try {
      dir = Files.createTempDirectory("volumes4j-logs-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return run(volumes, dir);
    } finally {
      deleteTree(dir);
    }
  }

  /** Runs the example, copying the logs into {@code hostDirectory} (which must be empty or missing). */
  public static Result run(Volumes volumes, Path hostDirectory) {
    try (Lab lab = Lab.open(volumes, "logs")) {
      lab.heading("5. Logs: several containers, one log volume, a collector, a copy on the host");
      Volume logs = lab.createVolume("logs");
      List<String> ids = new ArrayList<>();
      for (String service : SERVICES) {
        ids.add(lab.launchJob(lab.container(service).addMounts(VolumeMount.of(logs.name(), "/var/log/app")), writer(service)));
      }
      for (String id : ids) {
        lab.awaitJob(id);
      }
      lab.say("started " + String.join(", ", SERVICES) + " together; each wrote " + LINES
          + " lines into /var/log/app/<service>/app.log on volume " + logs.name());

      Finished collector = lab.runJob(lab.container("collector")
          .addMounts(VolumeMount.of(logs.name(), "/logs").withReadOnly(true)), Step.of(
          "for f in $(ls /logs/*/app.log | sort); do echo \"== $f\"; cat \"$f\"; done",
          (fs, out) -> {
            for (String dir : fs.list("/logs")) {
              String f = "/logs/" + dir + "/app.log";
              if (fs.exists(f)) {
                out.append("== ").append(f).append('\n').append(fs.readString(f));
              }
            }
          }));
      lab.say("the collector (volume read-only at /logs) read:");
      collector.lines().forEach(l -> lab.say("  " + l));

      volumes.copyFrom(logs.name()).tree("/", hostDirectory);
      Map<String, Long> files = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(hostDirectory)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          try (Stream<String> lines = Files.lines(p)) {
            files.put(hostDirectory.relativize(p).toString(), lines.count());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      lab.say("copied the volume out to " + hostDirectory + ": " + files);
      return new Result(collector.lines(), files, hostDirectory);
    }
  }

  static Step writer(String service) {
    return Step.of(
        "mkdir -p /var/log/app/" + service + " && for i in $(seq 1 " + LINES + "); do "
            + "echo \"" + service + " line $i\" >> /var/log/app/" + service + "/app.log; done",
        (fs, out) -> {
          fs.mkdirs("/var/log/app/" + service);
          StringBuilder text = new StringBuilder();
          for (int i = 1; i <= LINES; i++) {
            text.append(service).append(" line ").append(i).append('\n');
          }
          fs.writeString("/var/log/app/" + service + "/app.log", text.toString());
        });
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
