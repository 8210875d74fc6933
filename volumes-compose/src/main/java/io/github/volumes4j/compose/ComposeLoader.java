package io.github.volumes4j.compose;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.compose.internal.ProjectReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to read a compose project, with {@code docker compose}'s defaults: the files as given ({@code -f}), the project
 * directory (the first file's directory), the project name ({@code -p}, then {@code COMPOSE_PROJECT_NAME}, then
 * {@code name:}, then the directory's name), the environment (this process's), and the env files (the project
 * directory's {@code .env} if there is one, unless {@code COMPOSE_DISABLE_ENV_FILE} is true).
 *
 * <pre>{@code
 * ComposeProject p = Compose.loader()
 *     .withFiles(Path.of("compose.yaml"), Path.of("compose.prod.yaml"))
 *     .withProjectName("shop")
 *     .withEnvironment(Map.of("TAG", "1.4"))
 *     .load();
 * }</pre>
 *
 * @param files the compose files, merged in order
 * @param projectName the project name, as {@code -p} gives it
 * @param projectDirectory the directory relative paths are resolved against, as {@code --project-directory}
 * @param environment the variables interpolation reads (before the env files, which do not override them)
 * @param envFiles the env files, as {@code --env-file}; empty means the project directory's {@code .env}
 */
public record ComposeLoader(List<Path> files, Optional<String> projectName, Optional<Path> projectDirectory,
    Map<String, String> environment, List<Path> envFiles) {

  /**
   * Checks the parts and copies the collections.
   *
   * <pre>{@code
   * new ComposeLoader(List.of(file), Optional.empty(), Optional.empty(), System.getenv(), List.of());
   * }</pre>
   */
  public ComposeLoader {
    files = List.copyOf(files);
    requireNonNull(projectName, "projectName == null");
    requireNonNull(projectDirectory, "projectDirectory == null");
    environment = Map.copyOf(environment);
    envFiles = List.copyOf(envFiles);
  }

  /** With the compose files: {@code loader.withFiles(Path.of("compose.yaml"))}. */
  public ComposeLoader withFiles(Path... value) {
    return new ComposeLoader(List.of(value), projectName, projectDirectory, environment, envFiles);
  }

  /** With the project name, as {@code -p}: {@code loader.withProjectName("shop")}. */
  public ComposeLoader withProjectName(String value) {
    return new ComposeLoader(files, Optional.of(value), projectDirectory, environment, envFiles);
  }

  /** With the project directory: {@code loader.withProjectDirectory(Path.of("deploy"))}. */
  public ComposeLoader withProjectDirectory(Path value) {
    return new ComposeLoader(files, projectName, Optional.of(value), environment, envFiles);
  }

  /** With the environment replaced (tests, builds): {@code loader.withEnvironment(Map.of("TAG", "1"))}. */
  public ComposeLoader withEnvironment(Map<String, String> value) {
    return new ComposeLoader(files, projectName, projectDirectory, value, envFiles);
  }

  /** With env files instead of the default {@code .env}: {@code loader.withEnvFiles(Path.of("prod.env"))}. */
  public ComposeLoader withEnvFiles(Path... value) {
    return new ComposeLoader(files, projectName, projectDirectory, environment, List.of(value));
  }

  /**
   * Reads the project.
   *
   * <pre>{@code
   * ComposeProject p = Compose.loader().withFiles(Path.of("compose.yaml")).load();
   * }</pre>
   *
   * @throws InvalidComposeFileException for a file compose would refuse, naming the file, line and column
   * @throws IllegalArgumentException when no file is given
   */
  public ComposeProject load() {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no compose file given; give at least one, as in Compose.load(Path.of(\"compose.yaml\"))");
    }
    return ProjectReader.read(this);
  }
}
