package io.github.volumes4j.testkit.contract;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.internal.RecordingFile;
import io.github.volumes4j.testkit.internal.SpecReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Replays what the real Docker daemon was recorded doing ({@code recordings/*.tsv}, made by
 * {@code scripts/recordings/record.py}) through the public API, and reports per step whether the
 * library did the same. The recordings, not the contract suite's authors, are the oracle: every
 * remaining disagreement must be listed with its reason in {@code recordings/disagreements.tsv}.
 *
 * <pre>{@code
 * Recordings.Report r = Recordings.mountSpecs(Volumes.using(InMemoryEngine.dockerLike()), "memory",
 *     Recordings.file("mount-specs.tsv"), null);
 * assertThat(r.agreement()).isGreaterThanOrEqualTo(0.97);
 * }</pre>
 */
public final class Recordings {

  private Recordings() {}

  /**
   * A file of the project's {@code recordings/} directory, found from the working directory upwards.
   *
   * <pre>{@code
   * Path specs = Recordings.file("mount-specs.tsv");
   * }</pre>
   *
   * @param name the file's name
   * @return its path
   * @throws IllegalStateException if no {@code recordings/} directory holds it
   */
  public static Path file(String name) {
    Objects.requireNonNull(name, "name == null");
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("recordings").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no recordings/" + name + " above " + Path.of("").toAbsolutePath()
        + "; run the tests from the volumes4j checkout, or record it with scripts/recordings/record.py");
  }

  /**
   * Replays the parser alone on every recorded mount spec: a spec Docker accepted must parse, one it
   * refused at create for what the spec says (not for the host's state) must not; a spec it refused
   * only at start may parse or be refused early.
   *
   * <pre>{@code
   * Recordings.Report parser = Recordings.parser(Recordings.file("mount-specs.tsv"));
   * }</pre>
   *
   * @param recording {@code mount-specs.tsv}
   * @return the report, named {@code parser}
   */
  public static Report parser(Path recording) {
    Report report = new Report("parser");
    try (SpecReplay replay = new SpecReplay(null, null)) {
      for (List<String> row : RecordingFile.read(recording)) {
        SpecReplay.Result r = replay.parseOnly(row);
        String docker = r.recordedStage();
        boolean hostDependent = docker.equals("CREATE") && hostDependent(row.get(2));
        boolean parsed = r.stage().equals("NONE");
        boolean agree = switch (docker) {
          case "NONE" -> parsed;
          case "CREATE" -> hostDependent || !parsed;  // a spec refused for the host's state may parse
          default -> true;
        };
        report.add(r.key(), docker + (hostDependent ? " (host)" : "") + ": " + row.get(2) + " / " + row.get(3),
            r.stage() + ": " + r.message(), agree);
      }
    }
    return report;
  }

  /**
   * Replays every recorded mount spec on an engine: parsed, created, started and inspected as the
   * recorder did with the docker CLI. It agrees when the library refuses at the same stage (or earlier,
   * before anything is created) and, when the container was made, its mounts inspect the same; with a
   * {@code wireView}, the request fields it travelled in must be the CLI's too.
   *
   * <pre>{@code
   * Recordings.Report r = Recordings.mountSpecs(volumes, "docker", Recordings.file("mount-specs.tsv"), null);
   * }</pre>
   *
   * @param volumes the engine to replay on; it must have the image {@code volumes4j/busybox:test} (an
   *     {@link io.github.volumes4j.testkit.InMemoryEngine} gets it, and a program for it that runs
   *     {@code true} and exits, as the recorder's containers do: it replaces a program the caller registered)
   * @param name the report's name, as listed in {@code disagreements.tsv}
   * @param recording {@code mount-specs.tsv}
   * @param wireView for a container id, its request fields printed as {@code record.py} prints them, or
   *     {@code null} not to compare them
   * @return the report
   */
  public static Report mountSpecs(Volumes volumes, String name, Path recording, Function<String, String> wireView) {
    Objects.requireNonNull(volumes, "volumes == null");
    Report report = new Report(name);
    ContractImages.ensure(volumes.engine());
    exitsAtOnce(volumes);
    try (SpecReplay replay = new SpecReplay(volumes, wireView)) {
      for (List<String> row : RecordingFile.read(recording)) {
        SpecReplay.Result r = replay.replay(row);
        String docker = r.recordedStage();
        String lib = r.stage();
        boolean stageOk = switch (docker) {
          case "NONE" -> lib.equals("NONE");
          case "CREATE" -> lib.equals("PARSE") || lib.equals("CREATE");
          default -> lib.equals("START") || lib.equals("PARSE");
        };
        boolean made = lib.equals("NONE") || lib.equals("START");
        boolean mountsOk = !made || docker.equals("CREATE") || r.mounts().equals(row.get(4));
        boolean routingOk = wireView == null || !made || docker.equals("CREATE") || routingShape(r.routing()).equals(routingShape(row.get(5)));
        report.add(r.key(), docker + ": " + row.get(2) + " / " + row.get(3) + " / " + row.get(4)
                + (wireView == null ? "" : " / " + row.get(5)),
            lib + ": " + r.message() + " / " + r.mounts() + (wireView == null ? "" : " / " + r.routing()),
            stageOk && mountsOk && routingOk);
      }
    }
    return report;
  }

  /**
   * Holds {@code Volumes.validate} to every recorded mount spec the parser accepts: it must find a problem
   * of create where Docker refused the container at create, of start where Docker created it and refused to
   * start it, and none where Docker ran it. Nothing is created but the recorder's source container.
   *
   * <pre>{@code
   * Recordings.Report r = Recordings.validation(volumes, "memory validate", Recordings.file("mount-specs.tsv"));
   * }</pre>
   *
   * @param volumes the engine whose validation is held to the recording (see {@link #mountSpecs} for the image)
   * @param name the report's name, as listed in {@code disagreements.tsv}
   * @param recording {@code mount-specs.tsv}
   * @return the report; rows the parser refuses are not in it
   */
  public static Report validation(Volumes volumes, String name, Path recording) {
    Objects.requireNonNull(volumes, "volumes == null");
    Report report = new Report(name);
    ContractImages.ensure(volumes.engine());
    try (SpecReplay replay = new SpecReplay(volumes, null)) {
      for (List<String> row : RecordingFile.read(recording)) {
        SpecReplay.Result r = replay.validateOnly(row);
        if (r.stage().equals("PARSE")) {
          continue;
        }
        String docker = r.recordedStage();
        report.add(r.key(), docker + ": " + row.get(2) + " / " + row.get(3), r.stage() + ": " + r.message(),
            docker.equals(r.stage()));
      }
    }
    return report;
  }

  /**
   * Replays every recorded volume and container scenario ({@code volume-steps.tsv}) on an engine, each in
   * its own names: {@code docker volume create|inspect|rm|ls|prune}, {@code create}, {@code start -a},
   * {@code rm} as the calls of the public API that do the same. A step agrees when both refused, or both
   * did it with the same output (the names listed or pruned, the volume inspected).
   *
   * <pre>{@code
   * Recordings.Report r = Recordings.volumeSteps(volumes, "memory", Recordings.file("volume-steps.tsv"));
   * }</pre>
   *
   * @param volumes the engine to replay on (see {@link #mountSpecs} for the image it needs)
   * @param name the report's name, as listed in {@code disagreements.tsv}
   * @param recording {@code volume-steps.tsv}
   * @return the report
   */
  public static Report volumeSteps(Volumes volumes, String name, Path recording) {
    Objects.requireNonNull(volumes, "volumes == null");
    Report report = new Report(name);
    ContractImages.ensure(volumes.engine());
    exitsAtOnce(volumes);
    String scenario = null;
    io.github.volumes4j.testkit.internal.StepReplay replay = null;
    try {
      for (List<String> row : RecordingFile.read(recording)) {
        if (!row.get(0).equals(scenario)) {
          if (replay != null) {
            replay.close();
          }
          scenario = row.get(0);
          replay = new io.github.volumes4j.testkit.internal.StepReplay(volumes);
        }
        io.github.volumes4j.testkit.internal.StepReplay.Outcome o = replay.run(RecordingFile.stringArray(row.get(2)));
        boolean dockerOk = row.get(3).equals("ok");
        boolean agree = dockerOk == o.ok() && (!dockerOk || o.output().equals(row.get(4)));
        report.add(row.get(0) + " " + row.get(1) + " " + row.get(2), row.get(3) + " / " + row.get(4),
            o.outcome() + " / " + o.output(), agree);
      }
    } finally {
      if (replay != null) {
        replay.close();
      }
    }
    return report;
  }

  /** The recorder's containers run {@code true}; the in-memory engine runs it as a program that exits 0. */
  private static void exitsAtOnce(Volumes volumes) {
    if (volumes.engine() instanceof io.github.volumes4j.testkit.InMemoryEngine memory) {
      memory.registerProgram(ContractImages.BUSYBOX, (fs, command, out) -> command.equals(List.of("true")) ? 0 : 127);
    }
  }

  private static final java.util.regex.Pattern TMPFS_KEY = java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\": ");
  private static final java.util.regex.Pattern FIELD = java.util.regex.Pattern.compile("(?:^| )(Binds|Volumes|Tmpfs|Mounts|VolumesFrom)=");

  /**
   * The request fields and what is in them, without the text of binds and tmpfs options (the library
   * writes the same value in its own canonical order: {@code ro,z} for {@code z,ro}).
   */
  static String routingShape(String routing) {
    java.util.regex.Matcher m = FIELD.matcher(routing);
    List<int[]> at = new ArrayList<>();
    while (m.find()) {
      at.add(new int[] {m.start(1), m.end()});
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < at.size(); i++) {
      String field = routing.substring(at.get(i)[0], at.get(i)[1] - 1);
      String value = routing.substring(at.get(i)[1], i + 1 < at.size() ? at.get(i + 1)[0] - 1 : routing.length());
      if (field.equals("Binds") || field.equals("VolumesFrom")) {
        // (volumes-from: a Linux daemon ignores the consistency words the library does not keep)
        value = String.valueOf(value.split("\", \"", -1).length);
      } else if (field.equals("Tmpfs")) {
        List<String> keys = new ArrayList<>();
        java.util.regex.Matcher k = TMPFS_KEY.matcher(value);
        while (k.find()) {
          keys.add(k.group(1));
        }
        value = keys.toString();
      }
      out.append(field).append('=').append(value).append(' ');
    }
    return out.toString().trim();
  }

  static boolean hostDependent(String error) {
    return error.contains("bind source path does not exist") || error.contains("No such container")
        || error.contains("no such container") || error.contains("plugin") || error.contains("Unable to find image")
        || error.contains("cannot mount volume over existing file") || error.contains("is not directory")
        || error.contains("lstat ") || error.contains("error while creating") || error.contains("missing required option")
        || error.contains("invalid option");
  }

  /**
   * One step on which the library did not do what the daemon was recorded doing.
   *
   * <pre>{@code
   * for (Recordings.Disagreement d : report.disagreements()) {
   *   System.out.println(d.key() + ": docker " + d.recorded() + ", ours " + d.replayed());
   * }
   * }</pre>
   *
   * @param key the step, as its recording names it ({@code -v @VOL@m:/x:ro})
   * @param recorded what Docker answered
   * @param replayed what the library answered
   */
  public record Disagreement(String key, String recorded, String replayed) {

    /** Checks the components. */
    public Disagreement {
      Objects.requireNonNull(key, "key == null");
      Objects.requireNonNull(recorded, "recorded == null");
      Objects.requireNonNull(replayed, "replayed == null");
    }

    /**
     * A first guess at the kind of the disagreement and its reason, for the listing's reason column
     * (reviewed by hand before it is pasted into {@code recordings/disagreements.tsv}).
     *
     * <pre>{@code
     * report.disagreements().forEach(d -> System.out.println(d.key() + "\t" + d.kind()));
     * }</pre>
     *
     * @return {@code "kind: reason"}, or {@code "unclassified: ..."} with what differs
     */
    public String kind() {
      if (key.startsWith("prune all flag")) {  // (the step that asked -a, and the listing after it)
        return "cli: the CLI 28 refuses prune -a below API 1.42; PruneOptions.includeNamed() is what the daemon does there"
            + " without the flag";
      }
      if (key.startsWith("prune ")) {
        return "version: recorded at API 1.41, where prune removes unused named volumes too; from 1.42 it removes"
            + " anonymous ones only unless includeNamed() (all=true), as the CLI 28 against a 1.42+ daemon";
      }
      if (key.contains("dangling=true\", \"--filter\", \"dangling=false")) {
        return "value: VolumeFilter holds one dangling value; Docker 20.10 given both lists the dangling volumes";
      }
      if (key.startsWith("chain -v rm a first")) {
        return "fake: the volumes-from user that took a -v volume over twice (from a and, through c, again) does not"
            + " keep it from rm -v of the last other holder on Docker 20.10; the fake keeps it";
      }
      if (key.contains("subpath")) {
        return "version: Docker 20.10 ignores Subpath; the library refuses an anonymous one and checks a named one";
      }
      if (replayed.startsWith("PARSE") && recorded.startsWith("NONE")) {
        return "parser: refuses a value the CLI passes on and the daemon accepts (issue 13 section 3)";
      }
      if (recorded.contains("exec: \"true\": executable file not found")) {
        return "fake: runc looks the command up through the mounts (one over /bin, or a file over the busybox link, hides"
            + " it); the fake does not look the command up";
      }
      if (recorded.contains("OCI runtime") || recorded.contains("invalid tmpfs option")) {
        return "fake: a refusal of runc or the kernel at start that the fake does not model";
      }
      if (recorded.contains("failed to mount local volume") || recorded.contains("error while mounting volume")) {
        return "fake: a local-driver mount failure at start that the fake does not model";
      }
      if (recorded.contains("over existing file") || recorded.contains("is not directory") || recorded.contains("file name too long")) {
        return "fake: a refusal at create of where a volume goes that the fake does not model";
      }
      String theirs = mountsOf(recorded);
      String mine = mountsOf(replayed);
      if (differsOnlyIn(theirs, mine, "mode=")) {
        return "value: Docker echoes the -v mode text as typed ('rw', the order given); a parsed value keeps what it means,"
            + " and both engines send it in canonical order";
      }
      if (differsOnlyIn(theirs, mine, "src=")) {
        return "fake: Docker reports a bind's source cleaned; the fake reports it otherwise";
      }
      if (differsOnlyIn(theirs, mine, "prop=")) {
        return "fake: the propagation Docker reports differs";
      }
      return "unclassified: docker " + theirs + " | ours " + mine;
    }

    /** The mounts summary of an outcome: what follows its last " / ", the request fields cut off. */
    private static String mountsOf(String outcome) {
      String s = outcome.replaceFirst(" / (Binds|Volumes|Tmpfs|Mounts|VolumesFrom)=.*$", "");
      return s.substring(s.lastIndexOf(" / ") + 3);
    }

    /** Whether two mount summaries differ, and only in the values of {@code field}. */
    private static boolean differsOnlyIn(String a, String b, String field) {
      String strip = "\\b" + field + "[^ ;]*";
      return !a.equals(b) && a.replaceAll(strip, "").equals(b.replaceAll(strip, ""));
    }

    /**
     * The three, one per line.
     *
     * <pre>{@code
     * System.out.println(d);
     * }</pre>
     */
    @Override
    public String toString() {
      return key + "\n    docker:   " + recorded + "\n    replayed: " + replayed;
    }
  }

  /** What replaying one recording on one engine found. */
  public static final class Report {
    private final String name;
    private final List<Disagreement> disagreements = new ArrayList<>();
    private final Set<String> keys = new LinkedHashSet<>();
    private int steps;

    Report(String name) {
      this.name = Objects.requireNonNull(name, "name == null");
    }

    void add(String key, String recorded, String replayed, boolean agree) {
      steps++;
      keys.add(key);
      if (!agree) {
        disagreements.add(new Disagreement(key, recorded, replayed));
      }
    }

    /**
     * The report's name ({@code parser}, {@code docker}, {@code memory}, ...).
     *
     * <pre>{@code
     * String n = report.name();
     * }</pre>
     *
     * @return the name
     */
    public String name() {
      return name;
    }

    /**
     * How many steps were replayed.
     *
     * <pre>{@code
     * int n = report.steps();
     * }</pre>
     *
     * @return the count
     */
    public int steps() {
      return steps;
    }

    /**
     * The share of steps on which the library did what Docker did, 0 to 1.
     *
     * <pre>{@code
     * assertThat(report.agreement()).isGreaterThanOrEqualTo(0.97);
     * }</pre>
     *
     * @return agreed steps over all steps
     */
    public double agreement() {
      return steps == 0 ? 1.0 : (steps - disagreements.size()) / (double) steps;
    }

    /**
     * Every step on which the library disagreed, in recording order.
     *
     * <pre>{@code
     * report.disagreements().forEach(System.out::println);
     * }</pre>
     *
     * @return the disagreements, unmodifiable
     */
    public List<Disagreement> disagreements() {
      return List.copyOf(disagreements);
    }

    /**
     * The listing's lines for this report's disagreements ({@code report<TAB>step<TAB>kind}), to review
     * and append to {@code recordings/disagreements.tsv}.
     *
     * <pre>{@code
     * Files.writeString(Path.of("/tmp/list.tsv"), report.listingLines());
     * }</pre>
     */
    public String listingLines() {
      StringBuilder b = new StringBuilder();
      for (Disagreement d : disagreements()) {
        b.append(name()).append('\t').append(RecordingFile.escape(d.key())).append('\t').append(d.kind()).append('\n');
      }
      return b.toString();
    }

    /**
     * The disagreements that {@code disagreements.tsv} does not list for this report (each a defect:
     * fix it or list it with its reason), and the listed ones that now agree (stale lines to delete).
     *
     * <pre>{@code
     * assertThat(report.unexplained(Recordings.file("disagreements.tsv"))).isEmpty();
     * }</pre>
     *
     * @param listing {@code recordings/disagreements.tsv}: report, step key, reason
     * @return one line per problem, empty if the listing explains the report exactly
     */
    public List<String> unexplained(Path listing) {
      Set<String> listed = new LinkedHashSet<>();
      for (List<String> row : RecordingFile.read(listing)) {
        if (row.size() < 3 || row.get(2).isBlank()) {
          throw new IllegalStateException("a line of " + listing + " has no reason: " + row
              + "; write report, step and why they disagree, separated by tabs");
        }
        if (row.get(0).equals(name)) {
          listed.add(row.get(1));
        }
      }
      List<String> problems = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      for (Disagreement d : disagreements) {
        seen.add(d.key());
        if (!listed.contains(d.key())) {
          problems.add("not listed: " + d);
        }
      }
      for (String key : listed) {
        if (keys.contains(key) && !seen.contains(key)) {
          problems.add("listed but agrees now (delete the line): " + name + "\t" + RecordingFile.escape(key));
        }
      }
      return problems;
    }

    /**
     * One line: name, steps, agreed, share.
     *
     * <pre>{@code
     * System.out.println(report.summary());  // "memory: 818 of 823 steps agree (99.4%)"
     * }</pre>
     *
     * @return the summary
     */
    public String summary() {
      return String.format(java.util.Locale.ROOT, "%s: %d of %d steps agree (%.1f%%)", name, steps - disagreements.size(),
          steps, 100 * agreement());
    }

    /**
     * The summary.
     *
     * <pre>{@code
     * System.out.println(report);
     * }</pre>
     */
    @Override
    public String toString() {
      return summary();
    }
  }
}
