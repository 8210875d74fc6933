package io.github.volumes4j.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads compose projects: {@code Compose.load(files)} with {@code docker compose}'s defaults, or
 * {@code Compose.loader()} to set the name, directory, environment or env files.
 *
 * <pre>{@code
 * ComposeProject p = Compose.load(Path.of("compose.yaml"));
 * for (ComposeService s : p.services().values()) {
 *   s.mounts().forEach(m -> System.out.println(s.name() + " " + m.location() + " " + m.spec()));
 * }
 * }</pre>
 */
public final class Compose {

  private Compose() {}

  /**
   * Reads a project from its files, merged in order, with this process's environment.
   *
   * <pre>{@code
   * ComposeProject p = Compose.load(Path.of("compose.yaml"), Path.of("compose.override.yaml"));
   * }</pre>
   *
   * @throws InvalidComposeFileException for a file compose would refuse, naming the file, line and column
   */
  public static ComposeProject load(Path... files) {
    return loader().withFiles(files).load();
  }

  /**
   * A loader with compose's defaults and this process's environment.
   *
   * <pre>{@code
   * ComposeProject p = Compose.loader().withFiles(Path.of("compose.yaml")).withProjectName("shop").load();
   * }</pre>
   */
  public static ComposeLoader loader() {
    return new ComposeLoader(List.of(), Optional.empty(), Optional.empty(), Map.copyOf(System.getenv()), List.of());
  }
}
