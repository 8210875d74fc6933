package io.github.volumes4j.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** docs/lint.md's rule table says what LintRule says, row for row, and has the anchor SARIF's helpUri points at. */
class LintDocsTest {

  @Test
  void theRuleTableMatchesTheCatalogue() throws Exception {
    Map<String, String[]> rows = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("..", "docs", "lint.md"))) {
      if (line.startsWith("| <a id=\"vol")) {
        String[] cells = line.split("\\|", -1);
        String id = cells[1].replaceAll("<a id=\"[^\"]+\"></a>", "").strip();
        rows.put(id, cells);
        assertThat(cells[1]).contains("<a id=\"" + id.toLowerCase(Locale.ROOT) + "\"></a>");
      }
    }
    assertThat(rows).hasSize(LintRule.values().length);
    for (LintRule r : LintRule.values()) {
      String[] c = rows.get(r.id());
      assertThat(c).as("docs/lint.md has a row for %s", r).isNotNull();
      assertThat(c[2].strip()).isEqualTo(r.slug());
      assertThat(c[3].strip()).startsWith(r.defaultSeverity().sarifLevel());
      assertThat(c[4].strip()).isEqualTo(r.securitySeverity().map(d -> String.format(Locale.ROOT, "%.1f", d)).orElse(""));
      assertThat(c[5].strip()).isEqualTo(r.cis().orElse(""));
      assertThat(c[6].strip()).isEqualTo(r.kics().orElse(""));
      assertThat(c[7].strip()).isEqualTo(r.composeLint().orElse(""));
    }
    assertThat(SarifWriter.INFORMATION_URI).endsWith("docs/lint.md");
  }
}
