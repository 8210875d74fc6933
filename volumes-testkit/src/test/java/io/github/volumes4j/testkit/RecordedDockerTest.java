package io.github.volumes4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.contract.Recordings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser and both in-memory presets held against the real daemon's recorded answers
 * (recordings/, made by scripts/recordings/record.py; CI re-records them and fails if Docker changed).
 */
class RecordedDockerTest {

  static final Path LISTING = Recordings.file("disagreements.tsv");

  static void check(Recordings.Report report, double floor) {
    System.out.println("[recordings] " + report.summary());
    String list = System.getProperty("recordings.list");
    if (list != null) {  // writes the listing's lines for the current disagreements, to review and paste
      StringBuilder b = new StringBuilder();
      for (Recordings.Disagreement d : report.disagreements()) {
        b.append(report.name()).append('\t').append(io.github.volumes4j.testkit.internal.RecordingFile.escape(d.key()))
            .append('\t').append(reason(d)).append('\n');
      }
      try {
        java.nio.file.Files.writeString(Path.of(list), b, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    List<String> problems = report.unexplained(LISTING);
    assertThat(problems).as(report.summary() + "; every disagreement must be fixed or listed with its reason in "
        + LISTING).isEmpty();
    assertThat(report.agreement()).as(report.summary()).isGreaterThanOrEqualTo(floor);
  }

  /** The kind of a disagreement, for the listing's reason column (reviewed by hand before it is pasted). */
  static String reason(Recordings.Disagreement d) {
    String docker = d.recorded();
    String ours = d.replayed();
    String key = d.key();
    if (ours.startsWith("PARSE") && docker.startsWith("NONE")) {
      return "parser: refuses a value the CLI passes on and the daemon accepts (issue 13 section 3)";
    }
    if (ours.startsWith("NONE") && docker.startsWith("CREATE") && docker.contains("must be a key=value pair")) {
      return "parser: the CLI 28 wants bind-create-src=VALUE; the parser takes the bare key";
    }
    if (docker.contains("is not a shared")) {
      return "host-dependent: this machine's / is not a shared mount; the fake does not read the host's mount table";
    }
    if (docker.contains("over existing file") || docker.contains("is not directory") || docker.contains("file name too long")
        || docker.contains("lstat ")) {
      return "fake: a volume over an image file, or a path too long for the host, is not refused (issue 13 section 4)";
    }
    if (docker.contains("OCI runtime") || docker.contains("invalid tmpfs option")) {
      return "fake: what runc or the kernel refuse at start (tmpfs data, /proc, /dev, covering /bin) is not modelled";
    }
    if (docker.contains("failed to mount local volume") || docker.contains("error while mounting volume")) {
      return "fake: local-driver volumes are never really mounted at start (issue 13 section 4)";
    }
    if (key.contains("subpath")) {
      return "version: Docker 20.10 ignores Subpath; the library refuses an anonymous one and checks a named one";
    }
    if (ours.contains("no such volume")) {
      return "routing: the source container's --tmpfs travels in Mounts, so volumes-from of it fails (issue 13 section 2)";
    }
    if (key.startsWith("--tmpfs") || key.startsWith("--mount type=tmpfs") && !docker.contains("type=tmpfs")) {
      return "routing: --tmpfs travels in Mounts, not HostConfig.Tmpfs, so it is a mount point (issue 13 section 2)";
    }
    String theirs = docker.substring(docker.lastIndexOf(" / ") + 3);
    String mine = ours.substring(ours.indexOf(" / ") + 3);
    if (differsOnlyIn(theirs, mine, "src=")) {
      return "fake: Docker reports a bind's source cleaned (no trailing /, no ..); the fake reports it as given";
    }
    if (differsOnlyIn(theirs, mine, "prop=")) {
      return "fake: Docker's default propagation for a bind of / is rslave; the fake reports rprivate";
    }
    if (differsOnlyIn(theirs, mine, "mode=")) {
      return key.startsWith("--volumes-from")
          ? "fake: Docker reports no mode for mounts volumes-from takes over"
          : "routing: -v values travel in Mounts, not Binds/Config.Volumes, so their mode inspects differently"
              + " (issue 13 section 2)";
    }
    if (differsOnlyIn(theirs.replaceAll("\\bmode=[^ ;]*", ""), mine.replaceAll("\\bmode=[^ ;]*", ""), "prop=")) {
      return "fake: a -v bind reports the propagation it asks (private) and its mode text; the fake reports rprivate"
          + " and no mode (routing, issue 13 section 2)";
    }
    return "unclassified: docker " + theirs + " | ours " + mine;
  }

  /** Whether two mount summaries differ, and only in the values of {@code field}. */
  static boolean differsOnlyIn(String a, String b, String field) {
    String strip = "\\b" + field + "[^ ;]*";
    return !a.equals(b) && a.replaceAll(strip, "").equals(b.replaceAll(strip, ""));
  }

  @Test
  void parserAgreesWithTheRecordedDaemon() {
    Recordings.Report r = Recordings.parser(Recordings.file("mount-specs.tsv"));
    assertThat(r.steps()).isGreaterThanOrEqualTo(400);
    check(r, 0.98);  // issue 13 asks 0.97 for the fakes: not reached on main yet (see the listing)
  }

  @Test
  void dockerLikeEngineReplaysTheRecordedMountSpecs() {
    try (Volumes v = Volumes.using(InMemoryEngine.dockerLike())) {
      check(Recordings.mountSpecs(v, "memory", Recordings.file("mount-specs.tsv"), null), 0.70);  // a ratchet: issue 13 asks 0.97
    }
  }

  @Test
  void engineEmulating141ReplaysTheRecordedMountSpecs() {
    try (Volumes v = Volumes.using(InMemoryEngine.emulating(ApiVersion.MINIMUM))) {
      check(Recordings.mountSpecs(v, "memory-1.41", Recordings.file("mount-specs.tsv"), null), 0.75);  // a ratchet: issue 13 asks 0.97
    }
  }
}
