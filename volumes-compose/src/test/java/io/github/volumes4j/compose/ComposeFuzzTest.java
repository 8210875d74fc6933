package io.github.volumes4j.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import io.github.volumes4j.lint.LintConfig;

/**
 * Hostile and broken compose files: whatever the text, reading gives a project or an
 * {@link InvalidComposeFileException} naming a place, never another exception; linting a project never fails.
 */
class ComposeFuzzTest {

  static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("compose-fuzz");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @net.jqwik.api.lifecycle.AfterContainer
  static void removeTheDirectory() throws IOException {
    Files.deleteIfExists(DIR);   // each try deletes its own file
  }

  @Provide
  Arbitrary<String> shortSpecs() {
    return Arbitraries.strings().withChars(":/.,${}-?+~\\ azZcC0r0wnopy_\"'#\t").ofMinLength(0).ofMaxLength(24)
        .injectDuplicates(0.1)
        .edgeCases(c -> c.add("${X:-a:b}:/x:ro").add("c:\\a:/b").add("~:~").add("$$:/a").add("${").add("::"));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(shortSpecs().map(s -> "'" + s.replace("'", "''") + "'"), Arbitraries.of("true", "yes", "0755",
        "01777", "0o17", "-1", "~", "null", "[]", "{}", "1e3", "64m", "!reset []", "!override [/a]", "*x", "&x [/a]",
        "{type: bind}", "{type: volume, target: /t, read_only: maybe}", "{type: tmpfs, target: /t, tmpfs: {size: 1g}}",
        "[a, [b]]", "{<<: {a: 1}}", "\"\\u0000\"", "|\n      multi\n      line"));
  }

  @Provide
  Arbitrary<String> files() {
    Arbitrary<String> key = Arbitraries.of("volumes", "tmpfs", "volumes_from", "read_only", "profiles", "image", "x-a",
        "extends", "type", "bind", "volume", "source", "target", "labels", "name", "driver", "driver_opts", "external");
    Arbitrary<String> entry = Combinators.combine(key, values()).as((k, v) -> k + ": " + v);
    Arbitrary<String> service = Combinators.combine(Arbitraries.of("a", "b", "db", "<<", "\"x y\""),
        entry.list().ofMaxSize(4), shortSpecs().list().ofMaxSize(4)).as((n, entries, specs) -> {
          StringBuilder s = new StringBuilder("  " + n + ":\n");
          entries.forEach(e -> s.append("    ").append(e).append('\n'));
          if (!specs.isEmpty()) {
            s.append("    volumes:\n");
            specs.forEach(v -> s.append("      - '").append(v.replace("'", "''")).append("'\n"));
          }
          return s.toString();
        });
    Arbitrary<String> volumes = entry.list().ofMaxSize(3).map(es -> {
      StringBuilder s = new StringBuilder("volumes:\n  a:\n");
      es.forEach(e -> s.append("    ").append(e).append('\n'));
      return s.append("  b:\n").toString();
    });
    return Combinators.combine(Arbitraries.of("", "name: ${N:-p}\n", "version: '3'\n", "---\n", "x: &x [/a]\n",
        "name: '!!'\n"), service.list().ofMaxSize(3), volumes, Arbitraries.of("", "  broken: [\n", "\t- tab\n"))
        .as((head, services, vols, tail) -> head + "services:\n" + String.join("", services) + vols + tail);
  }

  @Property(tries = 600)
  void readingGivesAProjectOrATypedErrorWithAPlace(@ForAll("files") String text) throws IOException {
    Path f = Files.createTempFile(DIR, "compose", ".yaml");
    Files.writeString(f, text);
    try {
      ComposeProject p = Compose.loader().withFiles(f).withEnvironment(Map.of("HOME", "/home/fuzz"))
          .withProjectName("fuzz").load();
      ComposeLint.lint(p, LintConfig.defaults());
      net.jqwik.api.statistics.Statistics.collect("read", p.services().values().stream().mapToInt(x -> x.mounts().size())
          .sum() > 0 ? "with mounts" : "without mounts");
      for (ComposeService s : p.services().values()) {
        for (ServiceMount m : s.mounts()) {
          assertThat(m.location().line()).isBetween(1, (int) text.lines().count() + 1);
          assertThat(m.spec().isPresent() || m.problem().isPresent()).isTrue();
        }
      }
    } catch (InvalidComposeFileException e) {
      net.jqwik.api.statistics.Statistics.collect("refused", e.getMessage().contains("not valid YAML") ? "YAML" : "compose");
      assertThat(e.getMessage()).isNotBlank();
      e.location().ifPresent(l -> assertThat(l.file()).isEqualTo(f.toString()));
    } finally {
      Files.delete(f);
    }
  }

  @Property(tries = 400)
  void shortSyntaxAloneNeverThrowsAnythingElse(@ForAll("shortSpecs") String spec) throws IOException {
    readingGivesAProjectOrATypedErrorWithAPlace("services:\n  a:\n    volumes:\n      - '" + spec.replace("'", "''")
        + "'\nvolumes: {a: {}, b: {}}\n");
  }

}
