package io.github.volumes4j.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.lint.LintConfig;
import io.github.volumes4j.lint.LintFinding;
import io.github.volumes4j.lint.LintReport;
import io.github.volumes4j.lint.LintRule;
import io.github.volumes4j.lint.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compose project linted: findings carry the file, line and column of the value. */
class ComposeLintTest {

  @TempDir
  Path dir;

  @Test
  void findingsPointAtTheValue() throws IOException {
    Path f = dir.resolve("compose.yaml");
    Files.writeString(f, """
        services:
          ci:
            volumes:
              - /var/run/docker.sock:/var/run/docker.sock:ro
              - ./src:/src:cached
          db:
            volumes:
              - /var/lib/postgresql/data
            tmpfs: /tmp:exec
          backup:
            volumes_from: [db:ro]
            volumes:
              # volumes4j-lint: ignore shared-writable-source
              - uploads:/u
          web:
            volumes:
              - uploads:/srv/uploads
        volumes:
          uploads:
        """);
    ComposeProject p = Compose.loader().withFiles(f).withEnvironment(Map.of()).load();
    LintReport r = ComposeLint.lint(p, LintConfig.defaults());
    assertThat(r.findings()).extracting(LintFinding::rule, x -> x.location().map(SourceLocation::line).orElse(0))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LintRule.RUNTIME_SOCKET, 4),
            org.assertj.core.groups.Tuple.tuple(LintRule.IGNORED_BY_COMPOSE, 5),
            org.assertj.core.groups.Tuple.tuple(LintRule.ANONYMOUS_DATA_VOLUME, 8),
            org.assertj.core.groups.Tuple.tuple(LintRule.TMPFS_EXEC, 9),
            org.assertj.core.groups.Tuple.tuple(LintRule.IGNORED_BY_COMPOSE, 11),
            org.assertj.core.groups.Tuple.tuple(LintRule.SHARED_WRITABLE_SOURCE, 17));
    assertThat(r.findings().get(0).location().orElseThrow().column()).isEqualTo(9);
    assertThat(r.suppressed()).extracting(LintFinding::rule).containsExactly(LintRule.SHARED_WRITABLE_SOURCE);
    String sarif = r.toSarif(dir, "0.1.0");
    assertThat(sarif).contains("\"uri\" : \"compose.yaml\"", "\"startLine\" : 4", "\"kind\" : \"inSource\"");
  }

  @Test
  void productionByProfileOrFileName() throws IOException {
    Path base = dir.resolve("compose.yaml");
    Files.writeString(base, "services:\n  web:\n    volumes: [/srv/www:/www:ro]\n  admin:\n    profiles: [production]\n"
        + "    volumes: [/srv/admin:/admin:ro]\n");
    LintReport dev = ComposeLint.lint(Compose.loader().withFiles(base).withEnvironment(Map.of()).load(), LintConfig.defaults());
    assertThat(dev.findings()).extracting(LintFinding::rule, LintFinding::subject)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(LintRule.BIND_IN_PRODUCTION, "admin"));
    Path prod = dir.resolve("compose.prod.yaml");
    Files.writeString(prod, "services:\n  web:\n    read_only: false\n");
    LintReport all = ComposeLint.lint(Compose.loader().withFiles(base, prod).withEnvironment(Map.of()).load(),
        LintConfig.defaults());
    assertThat(all.findings()).extracting(LintFinding::rule).containsExactlyInAnyOrder(LintRule.BIND_IN_PRODUCTION,
        LintRule.BIND_IN_PRODUCTION, LintRule.READ_ONLY_ROOT);
  }
}
