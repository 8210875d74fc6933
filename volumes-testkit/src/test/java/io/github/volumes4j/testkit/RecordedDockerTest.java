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

  /** The kind of a disagreement, for the listing's reason column. */
  static String reason(Recordings.Disagreement d) {
    String docker = d.recorded();
    String ours = d.replayed();
    String key = d.key();
    if (ours.startsWith("PARSE") && docker.startsWith("NONE")) {
      return "parser refuses what the CLI passes on and the daemon accepts (issue 13 section 3; fixed on wip/issue13-routing)";
    }
    if (docker.contains("is not a shared") || docker.contains("not a shared or slave")) {
      return "host-dependent: this machine's / is not a shared mount; the fake does not read the host's mount table yet";
    }
    if (docker.contains("over existing file") || docker.contains("is not directory") || docker.contains("file name too long")
        || docker.contains("lstat ")) {
      return "fake: a volume over an image file or a path too long for the host is not refused (issue 13 section 4)";
    }
    if (docker.contains("OCI runtime") || docker.contains("invalid tmpfs option")) {
      return "fake: what runc or the kernel refuse at start (tmpfs data, /proc, /dev, covering /bin) is not modelled";
    }
    if (docker.contains("failed to mount local volume") || docker.contains("error while mounting volume")) {
      return "fake: local-driver volumes are never really mounted at start (issue 13 section 4)";
    }
    if (key.startsWith("--tmpfs") || key.contains("Tmpfs")) {
      return "routing: --tmpfs travels in Mounts, not HostConfig.Tmpfs, so it is a mount point (issue 13 section 2)";
    }
    if (key.startsWith("--volumes-from")) {
      return "routing: the source's --tmpfs travels in Mounts, so volumes-from of it fails (issue 13 section 2)";
    }
    if (ours.contains("mode=") || docker.contains("mode=")) {
      return "routing: -v values travel in Mounts, not Binds/Config.Volumes, so mode and propagation inspect differently"
          + " (issue 13 section 2)";
    }
    if (key.contains("subpath")) {
      return "version: Docker 20.10 ignores Subpath; the library refuses or checks it";
    }
    return "other: " + (ours.length() > 120 ? ours.substring(0, 120) : ours);
  }

  @Test
  void parserAgreesWithTheRecordedDaemon() {
    Recordings.Report r = Recordings.parser(Recordings.file("mount-specs.tsv"));
    assertThat(r.steps()).isGreaterThanOrEqualTo(400);
    check(r, 0.96);  // issue 13 asks 0.97 for the fakes: not reached on main yet (see the listing)
  }

  @Test
  void dockerLikeEngineReplaysTheRecordedMountSpecs() {
    try (Volumes v = Volumes.using(InMemoryEngine.dockerLike())) {
      check(Recordings.mountSpecs(v, "memory", Recordings.file("mount-specs.tsv"), null), 0.69);  // a ratchet: issue 13 asks 0.97
    }
  }

  @Test
  void engineEmulating141ReplaysTheRecordedMountSpecs() {
    try (Volumes v = Volumes.using(InMemoryEngine.emulating(ApiVersion.MINIMUM))) {
      check(Recordings.mountSpecs(v, "memory-1.41", Recordings.file("mount-specs.tsv"), null), 0.74);  // a ratchet: issue 13 asks 0.97
    }
  }
}
