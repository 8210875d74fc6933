package io.github.volumes4j.examples;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.compose.Compose;
import io.github.volumes4j.compose.ComposeLint;
import io.github.volumes4j.compose.ComposeProject;
import io.github.volumes4j.compose.ComposeService;
import io.github.volumes4j.compose.ComposeVolumes;
import io.github.volumes4j.compose.ServiceMount;
import io.github.volumes4j.examples.Lab.Finished;
import io.github.volumes4j.examples.Lab.Step;
import io.github.volumes4j.lint.LintConfig;
import io.github.volumes4j.lint.LintFinding;
import io.github.volumes4j.lint.LintReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 11. Compose projects: a compose project's volumes read as {@code docker compose} reads them (every value with its
 * file, line and column, the production override merged in), linted, created as compose creates them (twice: the
 * second time creates nothing), and two of its services run on the engine with the mounts compose would send. The
 * {@code backup} service says {@code volumes_from: [db:ro]}; compose sends the container alone, so the backup can write
 * into the database's volume, which the lint reports and the run shows.
 *
 * <pre>{@code
 * ComposeProject p = Compose.load(Path.of("compose.yaml"), Path.of("compose.prod.yaml"));
 * System.out.print(ComposeLint.lint(p, LintConfig.defaults()).toText());
 * ComposeVolumes.create(volumes, p);
 * }</pre>
 */
public final class ComposeProjects {

  /**
   * What the example saw.
   *
   * @param project the project name
   * @param mounts each service's mounts as {@code service target <- request field}
   * @param findings the lint's rule ids and lines, as {@code VOL005 compose.yaml:14}
   * @param createdFirst the volumes the first {@code ComposeVolumes.create} made
   * @param createdAgain the volumes the second made (none)
   * @param dbWrote what the db service wrote into its volume
   * @param backupRead what the backup service read through volumes_from
   * @param backupCouldWrite whether the backup service could write into the db's volume despite {@code :ro}
   */
  public record Result(String project, List<String> mounts, List<String> findings, List<String> createdFirst,
      List<String> createdAgain, String dbWrote, String backupRead, boolean backupCouldWrite) {}

  static final String COMPOSE = """
      name: ${PROJECT}
      services:
        db:
          image: postgres:16
          volumes:
            - pgdata:/var/lib/postgresql/data
            - ./init:/docker-entrypoint-initdb.d:ro
          tmpfs: /run:size=8m
        backup:
          image: busybox
          volumes_from:
            - db:ro
        cache:
          image: redis:7
          volumes:
            - /data
      volumes:
        pgdata:
          labels:
            backup: nightly
            io.github.volumes4j.example: ${LAB_RUN}
      """;

  static final String PROD = """
      services:
        db:
          read_only: true
          # production images carry their init scripts: the volumes are replaced, not merged
          volumes: !override
            - type: volume
              source: pgdata
              target: /var/lib/postgresql/data
      """;

  private ComposeProjects() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  public static Result run(Volumes volumes) {
    try (Lab lab = Lab.open(volumes, "compose")) {
      lab.heading("11. Compose projects: read with positions, linted, volumes created as compose creates them");
      Path dir = write();
      try {
        return run(volumes, lab, dir);
      } finally {
        Logs.deleteTree(dir);
      }
    }
  }

  private static Result run(Volumes volumes, Lab lab, Path dir) {
    ComposeProject p = Compose.loader().withFiles(dir.resolve("compose.yaml"), dir.resolve("compose.prod.yaml"))
        .withEnvironment(Map.of("PROJECT", lab.name("shop"), "LAB_RUN", lab.run())).load();
    lab.say("project '" + p.name() + "' from " + p.files().size() + " files; top-level volume pgdata is named '"
        + p.volumes().get("pgdata").name() + "'");
    List<String> mounts = new ArrayList<>();
    for (ComposeService s : p.services().values()) {
      for (ServiceMount m : s.mounts()) {
        String field = m.spec().flatMap(x -> x.origin()).map(o -> switch (o) {
          case VOLUME_FLAG -> "Binds (-v text)";
          case TMPFS_FLAG -> "Tmpfs";
          case MOUNT_FLAG -> "Mounts";
        }).orElse("Mounts");
        String target = m.spec().map(x -> x.target()).orElse("?");
        mounts.add(s.name() + " " + target + " <- " + field);
        lab.say(s.name() + ": " + target + " written at " + dir.relativize(Path.of(m.location().file())) + ":"
            + m.location().line() + ", sent in " + field);
      }
    }
    LintReport report = ComposeLint.lint(p, LintConfig.defaults());
    List<String> findings = new ArrayList<>();
    for (LintFinding f : report.findings()) {
      String where = f.location().map(l -> dir.relativize(Path.of(l.file())) + ":" + l.line()).orElse(f.subject());
      findings.add(f.rule().id() + " " + where);
      lab.say("lint " + f.severity().sarifLevel() + " " + f.rule() + " at " + where + ": " + f.message());
    }
    String prefix = lab.name("");
    List<String> first = ComposeVolumes.create(volumes, p).created().stream().map(n -> n.replace(prefix, "")).toList();
    List<String> again = ComposeVolumes.create(volumes, p).created();
    lab.say("ComposeVolumes.create made " + first + "; run again, it made " + again);

    ComposeService db = p.service("db");
    Finished wrote = lab.runJob(lab.container("db").addAllMounts(db.mountSpecs()),
        Step.of("echo 16 > /var/lib/postgresql/data/PG_VERSION && cat /var/lib/postgresql/data/PG_VERSION",
            (fs, out) -> {
              fs.writeString("/var/lib/postgresql/data/PG_VERSION", "16\n");
              out.append(fs.readString("/var/lib/postgresql/data/PG_VERSION"));
            }));
    ComposeService backup = p.service("backup");
    Finished read = lab.runJob(lab.container("backup").addVolumesFrom(backup.volumesFrom().get(0)
        .toVolumesFrom(wrote.id())), Step.of("cat /var/lib/postgresql/data/PG_VERSION; if (echo x >"
            + " /var/lib/postgresql/data/backup-was-here) 2>/dev/null; then echo write:allowed; else echo write:refused; fi",
            (fs, out) -> {
              out.append(fs.readString("/var/lib/postgresql/data/PG_VERSION"));
              try {
                fs.writeString("/var/lib/postgresql/data/backup-was-here", "x\n");
                out.append("write:allowed\n");
              } catch (java.nio.file.ReadOnlyFileSystemException e) {
                out.append("write:refused\n");
              }
            }));
    boolean wroteBack = read.lines().contains("write:allowed");
    lab.say("backup read \"" + read.lines().get(0) + "\" through volumes_from; writing into db's volume was "
        + (wroteBack ? "ALLOWED: compose dropped the :ro" : "refused"));
    return new Result(p.name().replace(prefix, ""), mounts, findings, first, again,
        wrote.output().strip(), read.lines().get(0), wroteBack);
  }

  private static Path write() {
    try {
      Path dir = Files.createTempDirectory("volumes4j-compose-example");
      Files.createDirectories(dir.resolve("init"));
      Files.writeString(dir.resolve("init/01-schema.sql"), "create table orders (id int);\n");
      Files.writeString(dir.resolve("compose.yaml"), COMPOSE);
      Files.writeString(dir.resolve("compose.prod.yaml"), PROD);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
