package io.github.volumes4j.examples;

import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.examples.Lab.Finished;
import io.github.volumes4j.examples.Lab.Step;
import java.util.List;

/**
 * 2. Database storage: a long-running database keeps its data in a named volume across stop,
 * start, removal and re-creation of its container. On Docker the database is SQLite, in an image
 * made from this machine's {@code sqlite3} and {@code busybox} (no registry needed); without them, a
 * shell process that appends records; on the in-memory engine, its Java twin. Each time the
 * database starts it appends one numbered record.
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
   * @param database what ran as the database: {@code sqlite}, {@code shell} or {@code java twin}
   * @param records the records, read by a separate container at the end
   * @param removeWhileInUseRefused the message Docker gave when the volume was removed while a container used it
   */
  public record Result(String database, List<String> records, String removeWhileInUseRefused) {}

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

  /** On start: append the next record with SQLite; the twin is the same as the shell database's. */
  static Step sqlite(String instance) {
    return Step.of(
        "sqlite3 /var/lib/db/app.db \"CREATE TABLE IF NOT EXISTS records(n INTEGER PRIMARY KEY, writer TEXT); "
            + "INSERT INTO records(writer) VALUES('" + instance + "'); SELECT 'appended record ' || max(n) FROM records;\"",
        database(instance).java());
  }

  /** Reads every record; the twin reads the shell database's file. */
  static Step dump(boolean sqlite) {
    return Step.of(sqlite
            ? "sqlite3 /var/lib/db/app.db \"SELECT 'record ' || n || ' by ' || writer FROM records ORDER BY n;\""
            : "cat /var/lib/db/records",
        (fs, out) -> out.append(fs.readString("/var/lib/db/records")));
  }

  public static Result run(Volumes volumes) {
    try (Lab lab = Lab.open(volumes, "database")) {
      lab.heading("2. Database storage: data in a named volume outlives stop, removal and re-creation");
      java.util.Optional<String> sqliteImage = lab.realProcesses() ? SqliteImage.ensure(lab.engine())
          : java.util.Optional.empty();
      String kind = sqliteImage.isPresent() ? "sqlite" : lab.realProcesses() ? "shell" : "java twin";
      String image = sqliteImage.orElse(Lab.IMAGE);
      java.util.function.Function<String, Step> database = sqliteImage.isPresent() ? DatabaseStorage::sqlite
          : DatabaseStorage::database;
      lab.say(switch (kind) {
        case "sqlite" -> "the database is SQLite, image " + image + " made from this machine's sqlite3 (no registry)";
        case "shell" -> "no sqlite3 on this machine: the database is a shell process appending records";
        default -> "in-memory engine: the database's work runs as a Java twin (no real process)";
      });
      Volume data = lab.createVolume("dbdata");
      VolumeMount mount = VolumeMount.of(data.name(), "/var/lib/db");
      String db1 = lab.startService(lab.container("db-1").image(image).addMounts(mount), database.apply("db-1"));
      lab.say("started 'db-1' with " + MountSyntax.VOLUME.format(mount) + ": " + last(lab.logs(db1)));
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
      String db2 = lab.startService(lab.container("db-2").image(image).addMounts(mount), database.apply("db-2"));
      lab.say("re-created the database as 'db-2' on the same volume: " + last(lab.logs(db2)));
      lab.stop(db2);

      Finished dump = lab.runJob(lab.container("dump").image(image).addMounts(mount.withReadOnly(true)),
          dump(sqliteImage.isPresent()));
      if (sqliteImage.isPresent()) {
        byte[] head = java.util.Arrays.copyOf(volumes.copyFrom(data.name()).bytes("/app.db"), 15);
        lab.say("the volume holds app.db, a real database file: \"" + new String(head,
            java.nio.charset.StandardCharsets.US_ASCII) + "\"");
      }
      lab.say("the records, read by another container with the volume read-only:");
      dump.lines().forEach(l -> lab.say("  " + l));
      return new Result(kind, dump.lines(), refused);
    }
  }

  private static String last(String logs) {
    List<String> lines = logs.lines().filter(l -> !l.equals("ready")).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
