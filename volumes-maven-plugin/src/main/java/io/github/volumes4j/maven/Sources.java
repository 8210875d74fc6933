package io.github.volumes4j.maven;

import io.github.volumes4j.compose.Compose;
import io.github.volumes4j.compose.ComposeProject;
import io.github.volumes4j.compose.InvalidComposeFileException;
import io.github.volumes4j.lint.LintMount;
import io.github.volumes4j.lint.LintNote;
import io.github.volumes4j.lint.LintRule;
import io.github.volumes4j.lint.LintSubject;
import io.github.volumes4j.lint.SourceLocation;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;

/** What the goals read: the compose files (given, or compose's default names in the base directory) and the mounts. */
final class Sources {

  /** compose's file names, in its order of preference, then its override files. */
  static final List<String> DEFAULT_FILES = List.of("compose.yaml", "compose.yml", "docker-compose.yml",
      "docker-compose.yaml");
  static final List<String> DEFAULT_OVERRIDES = List.of("compose.override.yml", "compose.override.yaml",
      "docker-compose.override.yml", "docker-compose.override.yaml");

  private Sources() {}

  /** The files given, or the first default file of the base directory and its first override, as compose finds them. */
  static List<Path> composeFiles(List<File> given, File basedir) {
    if (given != null && !given.isEmpty()) {
      return given.stream().map(File::toPath).toList();
    }
    List<Path> out = new ArrayList<>();
    DEFAULT_FILES.stream().map(n -> basedir.toPath().resolve(n)).filter(Files::isRegularFile).findFirst().ifPresent(f -> {
      out.add(f);
      DEFAULT_OVERRIDES.stream().map(n -> basedir.toPath().resolve(n)).filter(Files::isRegularFile).findFirst()
          .ifPresent(out::add);
    });
    return out;
  }

  /** Reads the project; a file compose refuses becomes one error finding at its place, not a crash. */
  static Optional<ComposeProject> load(List<Path> files, String projectName, File basedir, List<LintSubject> errors)
      throws MojoExecutionException {
    if (files.isEmpty()) {
      return Optional.empty();
    }
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new MojoExecutionException("compose file " + f + " does not exist; fix <composeFiles> or remove it");
      }
    }
    try {
      var loader = Compose.loader().withFiles(files.toArray(Path[]::new)).withProjectDirectory(files.get(0).getParent());
      if (projectName != null && !projectName.isBlank()) {
        loader = loader.withProjectName(projectName);
      }
      return Optional.of(loader.load());
    } catch (InvalidComposeFileException e) {
      SourceLocation at = e.location().orElse(new SourceLocation(files.get(0).toString(), 1, 1));
      errors.add(LintSubject.of("(compose)", List.of()).withNotes(List.of(new LintNote(LintRule.INVALID_MOUNT,
          e.value(), e.getMessage(), Optional.of(at)))));
      return Optional.empty();
    }
  }

  /**
   * The configured mounts as one subject, each at the line of the pom where it is written (found by its text), so that
   * code scanning shows it there.
   */
  static Optional<LintSubject> mounts(List<String> mounts, File pom, List<LintSubject> errors) {
    if (mounts == null || mounts.isEmpty()) {
      return Optional.empty();
    }
    List<String> lines = List.of();
    try {
      lines = pom != null && pom.isFile() ? Files.readAllLines(pom.toPath(), StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      // positions are a convenience: without the pom's text the findings have none
    }
    List<LintMount> out = new ArrayList<>();
    for (String m : mounts) {
      Optional<SourceLocation> at = Optional.empty();
      for (int i = 0; i < lines.size(); i++) {
        int col = lines.get(i).indexOf(m.strip());
        if (col >= 0) {
          at = Optional.of(new SourceLocation(pom.getPath(), i + 1, col + 1));
          break;
        }
      }
      if (at.isEmpty() && pom != null) {
        // not written verbatim (a property, an entity, a parent pom): the <mounts> element, else the pom itself, so
        // that every SARIF result has a location, as code scanning requires
        int line = 1;
        int col = 1;
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).contains("<mounts>")) {
            line = i + 1;
            col = lines.get(i).indexOf("<mounts>") + 1;
            break;
          }
        }
        at = Optional.of(new SourceLocation(pom.getPath(), line, col));
      }
      try {
        LintMount lm = LintMount.parse(m);
        out.add(at.map(lm::at).orElse(lm));
      } catch (RuntimeException e) {
        errors.add(LintSubject.of("(mounts)", List.of()).withNotes(List.of(new LintNote(LintRule.INVALID_MOUNT, m,
            "'" + m + "': " + e.getMessage(), at))));
      }
    }
    return Optional.of(LintSubject.of("(mounts)", out));
  }

  static Map<String, String> env() {
    return System.getenv();
  }
}
