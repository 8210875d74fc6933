package io.github.volumes4j.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.contract.Recordings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Docker engine replays every recorded mount spec (recordings/mount-specs.tsv, recorded from the
 * docker CLI against this daemon by scripts/recordings/record.py): the same stage of refusal, the same
 * mounts as inspected, and the same request fields as the CLI sent (Binds, Config.Volumes, Tmpfs,
 * Mounts, VolumesFrom), read back from the daemon's own record of the container.
 */
class RecordedDockerIT {

  private final MountDaemonView daemon = new MountDaemonView();

  /** The container's request fields, printed as record.py's routing() prints them. */
  String wire(String id) {
    JsonNode c = daemon.inspectContainer(id);
    JsonNode hc = c.path("HostConfig");
    List<String> parts = new ArrayList<>();
    if (hc.path("Binds").size() > 0) {
      List<String> binds = new ArrayList<>();
      hc.path("Binds").forEach(b -> binds.add(quote(b.asText())));
      parts.add("Binds=[" + String.join(", ", binds) + "]");
    }
    if (c.path("Config").path("Volumes").size() > 0) {
      List<String> keys = new ArrayList<>();
      c.path("Config").path("Volumes").fieldNames().forEachRemaining(k -> keys.add(k));
      keys.sort(null);
      List<String> q = new ArrayList<>();
      keys.forEach(k -> q.add(quote(k)));
      parts.add("Volumes=[" + String.join(", ", q) + "]");
    }
    if (hc.path("Tmpfs").size() > 0) {
      TreeMap<String, String> t = new TreeMap<>();
      for (Iterator<String> it = hc.path("Tmpfs").fieldNames(); it.hasNext(); ) {
        String k = it.next();
        t.put(k, hc.path("Tmpfs").path(k).asText());
      }
      List<String> q = new ArrayList<>();
      t.forEach((k, v) -> q.add(quote(k) + ": " + quote(v)));
      parts.add("Tmpfs={" + String.join(", ", q) + "}");
    }
    if (hc.path("Mounts").size() > 0) {
      List<String> types = new ArrayList<>();
      hc.path("Mounts").forEach(m -> types.add(quote(m.path("Type").asText())));
      parts.add("Mounts=[" + String.join(", ", types) + "]");
    }
    if (hc.path("VolumesFrom").size() > 0) {
      List<String> vf = new ArrayList<>();
      hc.path("VolumesFrom").forEach(v -> vf.add(quote(v.asText())));
      parts.add("VolumesFrom=[" + String.join(", ", vf) + "]");
    }
    return String.join(" ", parts);
  }

  /** A JSON string, as Python's json.dumps(ensure_ascii=False) writes it (record.py; not Go's %q, GoQuote's \x escapes). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  @Test
  void dockerEngineReplaysTheRecordedMountSpecs() throws java.io.IOException {
    Path specs = Recordings.file("mount-specs.tsv");
    try (Volumes volumes = Volumes.connect()) {
      Recordings.Report r = Recordings.mountSpecs(volumes, "docker", specs, this::wire);
      check(r, 400, "the Docker engine must agree on every step but the listed ones");
    }
  }

  @Test
  void validationOnDockerForeseesWhatTheRecordedDaemonRefused() throws java.io.IOException {
    try (Volumes volumes = Volumes.connect()) {
      Recordings.Report r = Recordings.validation(volumes, "docker validate", Recordings.file("mount-specs.tsv"));
      check(r, 300, "validation must foresee every refusal but the listed ones");
    }
  }

  @Test
  void dockerEngineReplaysTheRecordedVolumeSteps() throws java.io.IOException {
    try (Volumes volumes = Volumes.connect()) {
      Recordings.Report r = Recordings.volumeSteps(volumes, "docker steps", Recordings.file("volume-steps.tsv"));
      check(r, 400, "the Docker engine must agree on every step but the listed ones");
      // nothing left behind: each scenario's replay, when closed, throws if a volume or container of its own
      // prefix is still there (a volume a step's container created by name carries no label, only the prefix).
      // Not a look at every v4jrep volume on the daemon: a concurrent build or one killed half way may own some.
    }
  }

  /**
   * Prints the summary (with -Drecordings.list=FILE, appends the listing's lines for the disagreements to
   * review), then holds the report to its size and to the listing of known disagreements.
   */
  private static void check(Recordings.Report r, int minSteps, String rule) throws java.io.IOException {
    printAndList(r);
    assertThat(r.steps()).isGreaterThanOrEqualTo(minSteps);
    assertThat(r.unexplained(Recordings.file("disagreements.tsv"))).as(r.summary() + "; " + rule).isEmpty();
  }

  private static void printAndList(Recordings.Report r) throws java.io.IOException {
    System.out.println("[recordings] " + r.summary());
    String list = System.getProperty("recordings.list");
    if (list != null) {
      java.nio.file.Files.writeString(Path.of(list), r.listingLines(), java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
  }
}
