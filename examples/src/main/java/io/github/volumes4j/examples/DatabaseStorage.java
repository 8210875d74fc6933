package io.github.volumes4j.examples;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.examples.Lab.Finished;
import io.github.volumes4j.examples.Lab.Step;
import java.util.List;

/**
 * 2. Database storage: a long-running "database" keeps its data in a named volume across stop,
 * start, removal and re-creation of its container. The database is a small shell process that
 * appends one numbered record each time it starts (no registry here to pull a real one from).
 *
 * <pre>{@code
 * DatabaseStorage.Result r = DatabaseStorage.run(volumes);
 * assert r.records().size() == 3;            // one per start, across two containers
 * }</pre>
 */
public final class DatabaseStorage {

  /**
   * What the example saw.
   *
   * @param records the records file, read by a separate container at the end
   * @param removeWhileInUseRefused the message Docker gave when the volume was removed while a container used it
   */
  public record Result(List<String> records, String removeWhileInUseRefused) {}

  private DatabaseStorage() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  /** On start: count the records, append the next one (shell for busybox, Java for the in-memory engine). */
  static Step database(String instance) {
    return Step.of(
        "touch /var/lib/db/records && n=$(( $(wc -l < /var/lib/db/records) + 1 )) && "
            + "echo \"record $n by " + instance + "\" >> /var/lib/db/records && echo \"appended record $n\"",
        (fs, out) -> {
          String file = "/var/lib/db/records";
          String before = fs.exists(file) ? fs.readString(file) : "";
          long n = before.lines().count() + 1;
          fs.writeString(file, before + "record " + n + " by " + instance + "\n");
          out.append("appended record ").append(n).append('\n');
        });
  }

  public static Result run(Volumes volumes) {
    try (Lab lab = Lab.open(volumes, "database")) {
      lab.heading("2. Database storage: data in a named volume outlives stop, removal and re-creation");
      Volume data = lab.createVolume("dbdata");
      VolumeMount mount = VolumeMount.of(data.name(), "/var/lib/db");
      String db1 = lab.startService(lab.container("db-1").addMounts(mount), database("db-1"));
      lab.say("started 'db-1' with " + mount.format("-v") + ": " + last(lab.logs(db1)));
      lab.stop(db1);
      lab.start(db1);
      lab.say("stopped and started 'db-1' again: " + last(lab.logs(db1)));

      String refused = "";
      try {
        volumes.remove(data.name());
      } catch (VolumeInUseException e) {
        refused = e.getMessage();
        lab.say("removing the volume while a container uses it is refused: " + refused);
      }

      lab.stop(db1);
      lab.remove(db1);
      lab.say("stopped and removed 'db-1'; the volume is still there: " + volumes.find(data.name()).isPresent());
      String db2 = lab.startService(lab.container("db-2").addMounts(mount), database("db-2"));
      lab.say("re-created the database as 'db-2' on the same volume: " + last(lab.logs(db2)));
      lab.stop(db2);

      Finished dump = lab.runJob(lab.container("dump").addMounts(mount.withReadOnly(true)),
          Step.of("cat /var/lib/db/records", (fs, out) -> out.append(fs.readString("/var/lib/db/records"))));
      lab.say("the records, read by another container with the volume read-only:");
      dump.lines().forEach(l -> lab.say("  " + l));
      return new Result(dump.lines(), refused);
    }
  }

  private static String last(String logs) {
    List<String> lines = logs.lines().filter(l -> !l.equals("ready")).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
