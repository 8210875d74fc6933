package io.github.volumes4j.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's three forms. SARIF is checked for what GitHub code scanning needs (its documented requirements:
 * version 2.1.0, a driver with rules, results with ruleId, message, a physical location with a relative URI and a
 * start line, and {@code security-severity} as a string); the sample is also written to
 * {@code target/lint-sample.sarif} so that it can be checked against the OASIS schema by hand.
 */
class LintReportTest {

  final ObjectMapper json = new ObjectMapper();

  LintReport sample(Path base) {
    SourceLocation a = new SourceLocation(base.resolve("deploy/compose.yaml").toString(), 7, 9);
    LintSubject web = LintSubject.of("web", List.of(LintMount.parse("-v /var/run/docker.sock:/var/run/docker.sock").at(a),
        LintMount.parse("-v /srv/nginx.conf:/etc/nginx/nginx.conf").at(new SourceLocation(a.file(), 8, 9))
            .suppressing(Set.of("VOL007"))));
    LintSubject db = LintSubject.of("db", List.of(LintMount.parse("-v /var/lib/postgresql/data")));
    return Linter.defaults().lint(List.of(web, db));
  }

  @Test
  void textNamesEachFindingWhereItWasWrittenAndCounts(@TempDir Path base) {
    String text = sample(base).toText();
    assertThat(text).contains(base.resolve("deploy/compose.yaml") + ":7:9: error VOL001 runtime-socket [web]")
        .contains("warning VOL005 anonymous-data-volume [db]").contains("    fix: Remove the mount.")
        .endsWith("1 error, 1 warning, 0 notes (1 suppressed)\n");
  }

  @Test
  void jsonHasEveryField(@TempDir Path base) throws Exception {
    JsonNode root = json.readTree(sample(base).toJson());
    assertThat(root.get("findings")).hasSize(2);
    JsonNode f = root.get("findings").get(0);
    assertThat(f.get("rule").asText()).isEqualTo("VOL005");
    JsonNode s = root.get("findings").get(1);
    assertThat(s.get("line").asInt()).isEqualTo(7);
    assertThat(s.get("fix").asText()).startsWith("Remove the mount");
    assertThat(root.get("suppressed").get(0).get("suppression").asText()).isEqualTo("inline: VOL007");
  }

  @Test
  void sarifAsCodeScanningReadsIt(@TempDir Path base) throws Exception {
    String sarif = sample(base).toSarif(base, "0.1.0-SNAPSHOT");
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/lint-sample.sarif"), sarif);
    JsonNode root = json.readTree(sarif);
    assertThat(root.get("version").asText()).isEqualTo("2.1.0");
    JsonNode run = root.get("runs").get(0);
    JsonNode rules = run.at("/tool/driver/rules");
    assertThat(rules).hasSize(LintRule.values().length);
    assertThat(run.at("/tool/driver/name").asText()).isEqualTo("volumes4j-lint");
    JsonNode socket = rules.get(LintRule.RUNTIME_SOCKET.ordinal());
    assertThat(socket.get("id").asText()).isEqualTo("VOL001");
    assertThat(socket.at("/properties/security-severity").isTextual()).isTrue();
    assertThat(socket.at("/properties/security-severity").asText()).isEqualTo("9.0");
    assertThat(socket.at("/properties/tags").toString()).contains("security", "CIS-Docker-5.32");
    assertThat(socket.at("/help/text").asText()).contains("KICS d6355c88", "compose-lint CL-0001");
    assertThat(rules.get(LintRule.BIND_IN_PRODUCTION.ordinal()).at("/properties/security-severity").isMissingNode()).isTrue();
    JsonNode results = run.get("results");
    assertThat(results).hasSize(3);
    for (JsonNode r : results) {
      assertThat(rules.get(r.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(r.get("ruleId").asText());
      assertThat(r.at("/message/text").asText()).isNotBlank();
      assertThat(r.at("/partialFingerprints/volumes4j~1v1").asText()).hasSize(32);
    }
    JsonNode located = results.get(1);
    assertThat(located.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("deploy/compose.yaml");
    assertThat(located.at("/locations/0/physicalLocation/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
    assertThat(located.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(7);
    assertThat(located.at("/locations/0/physicalLocation/region/startColumn").asInt()).isEqualTo(9);
    assertThat(run.at("/originalUriBaseIds/%SRCROOT%/uri").asText()).startsWith("file:/").endsWith("/");
    JsonNode suppressed = results.get(2);
    assertThat(suppressed.at("/suppressions/0/kind").asText()).isEqualTo("inSource");
    assertThat(results.get(0).has("locations")).isFalse();
  }

  @Test
  void filesOutsideTheBaseStayAbsoluteUris(@TempDir Path base) {
    assertThat(SarifWriter.uri("/elsewhere/compose.yaml", base)).isEqualTo("file:///elsewhere/compose.yaml");
    assertThat(SarifWriter.uri("rel/compose.yaml", base)).isEqualTo("rel/compose.yaml");
    assertThat(SarifWriter.uri(base.resolve("a/../b.yaml").toString(), base)).isEqualTo("b.yaml");
  }

  @Test
  void emptyReport() {
    LintReport r = Linter.defaults().lint(List.of());
    assertThat(r.highest()).isEqualTo(Optional.empty());
    assertThat(r.hasAtLeast(LintSeverity.NOTE)).isFalse();
    assertThat(r.toText()).isEqualTo("0 errors, 0 warnings, 0 notes (0 suppressed)\n");
  }
}
