package io.github.volumes4j.maven;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.compose.ComposeLint;
import io.github.volumes4j.compose.ComposeProject;
import io.github.volumes4j.lint.LintConfig;
import io.github.volumes4j.lint.LintFinding;
import io.github.volumes4j.lint.LintReport;
import io.github.volumes4j.lint.LintRule;
import io.github.volumes4j.lint.LintSeverity;
import io.github.volumes4j.lint.LintSubject;
import io.github.volumes4j.lint.LintSuppression;
import io.github.volumes4j.lint.Linter;
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
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code volumes4j:lint}: lints the compose files (those given, or compose's default {@code compose.yaml} and its
 * override in the base directory) and the mounts given as docker CLI arguments; logs every finding with its file,
 * line and column; writes SARIF 2.1.0 and JSON under {@code target/}; fails the build at the configured severity.
 *
 * <pre>{@code
 * <configuration>
 *   <composeFiles><composeFile>deploy/compose.yaml</composeFile></composeFiles>
 *   <mounts><mount>-v /var/run/docker.sock:/var/run/docker.sock</mount></mounts>
 *   <failOn>warning</failOn>
 *   <suppressions><suppression>VOL002 node-exporter /proc</suppression></suppressions>
 * </configuration>
 * }</pre>
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class LintMojo extends AbstractVolumesMojo {

  /** The lowest severity that fails the build: {@code error}, {@code warning}, {@code note}, or {@code none}. */
  @Parameter(property = "volumes4j.failOn", defaultValue = "error")
  String failOn;

  /** Where the SARIF report goes (for GitHub code scanning's upload-sarif). */
  @Parameter(property = "volumes4j.sarifFile", defaultValue = "${project.build.directory}/volumes4j-lint.sarif")
  File sarifFile;

  /** Where the JSON report goes. */
  @Parameter(property = "volumes4j.jsonFile", defaultValue = "${project.build.directory}/volumes4j-lint.json")
  File jsonFile;

  /** Suppressions: {@code RULE [SUBJECT [VALUE]]}, globs allowed, as {@code VOL002 node-exporter /proc}. */
  @Parameter
  List<String> suppressions;

  /** Rules (ids or names) that do not run. */
  @Parameter
  List<String> disabledRules;

  /** Severities that replace rules' defaults: {@code <VOL007>warning</VOL007>}. */
  @Parameter
  Map<String, String> severities;

  /** The daemon's Engine API version, for {@code ignored-by-daemon}: {@code 1.41}. */
  @Parameter(property = "volumes4j.targetApi")
  String targetApi;

  /** More container paths whose data must outlive the container (for {@code anonymous-data-volume}). */
  @Parameter
  List<String> persistentPaths;

  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  String pluginVersion;

  /** Runs the lint. */
  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("volumes4j:lint skipped (volumes4j.skip)");
      return;
    }
    Optional<LintSeverity> threshold = failOn.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(parse(failOn));
    LintConfig config = config();
    List<LintSubject> subjects = new ArrayList<>();
    List<Path> files = Sources.composeFiles(composeFiles, basedir);
    Optional<ComposeProject> project = Sources.load(files, projectName, basedir, subjects);
    project.ifPresent(p -> subjects.addAll(ComposeLint.subjects(p)));
    Sources.mounts(mounts, pomFile, subjects).ifPresent(subjects::add);
    if (files.isEmpty() && (mounts == null || mounts.isEmpty())) {
      getLog().warn("volumes4j:lint found nothing to lint: no compose file in " + basedir + " ("
          + String.join(", ", Sources.DEFAULT_FILES) + ") and no <mounts>; give <composeFiles> or <mounts>");
    }
    LintReport report = Linter.of(config).lint(subjects);
    write(sarifFile, report.toSarif(basedir.toPath(), version()));
    write(jsonFile, report.toJson());
    for (LintFinding f : report.findings()) {
      String line = f + " — fix: " + f.fix();
      switch (f.severity()) {
        case ERROR -> getLog().error(line);
        case WARNING -> getLog().warn(line);
        default -> getLog().info(line);
      }
    }
    String summary = report.toText().lines().reduce((a, b) -> b).orElse("");
    getLog().info("volumes4j:lint: " + summary + "; files: " + files + "; SARIF: " + sarifFile);
    if (threshold.isPresent() && report.hasAtLeast(threshold.get())) {
      long n = report.findings().stream().filter(f -> f.severity().isAtLeast(threshold.get())).count();
      throw new MojoFailureException("volumes4j:lint found " + n + " finding(s) at " + threshold.get().sarifLevel()
          + " or worse (" + summary + "); fix them, suppress them with a reason (<suppressions> or a"
          + " '# volumes4j-lint: ignore RULE' comment), or raise <failOn>");
    }
  }

  private LintConfig config() throws MojoExecutionException {
    try {
      LintConfig c = LintConfig.defaults();
      if (targetApi != null && !targetApi.isBlank()) {
        c = c.withTargetApi(ApiVersion.parse(targetApi.strip()));
      }
      if (disabledRules != null) {
        c = c.withDisabled(disabledRules.stream().map(LintRule::of).toArray(LintRule[]::new));
      }
      if (severities != null) {
        for (Map.Entry<String, String> e : severities.entrySet()) {
          c = c.withSeverity(LintRule.of(e.getKey()), parse(e.getValue()));
        }
      }
      if (suppressions != null) {
        for (String s : suppressions) {
          c = c.withSuppression(LintSuppression.parse(s));
        }
      }
      if (persistentPaths != null) {
        List<String> all = new ArrayList<>(c.persistentPaths());
        all.addAll(persistentPaths);
        c = c.withPersistentPaths(all);
      }
      return c;
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("volumes4j:lint configuration: " + e.getMessage(), e);
    }
  }

  private static LintSeverity parse(String s) throws MojoExecutionException {
    try {
      return LintSeverity.parse(s);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("volumes4j:lint: " + e.getMessage() + ", or none", e);
    }
  }

  private String version() {
    return pluginVersion == null ? "unknown" : pluginVersion;
  }

  /** Writes the report through a temporary file and a rename, so a failure never leaves half a report or the temp. */
  private static void write(File f, String text) throws MojoExecutionException {
    Path p = f.toPath().toAbsolutePath();
    Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new MojoExecutionException("cannot write " + f + ": " + e.getMessage() + "; check that the directory is"
          + " writable and has space, or point <sarifFile>/<jsonFile> elsewhere", e);
    }
  }
}
