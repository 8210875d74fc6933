package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.nio.file.Path;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How {@link MountSyntax#parse(String, ParseOptions)} reads a spec: the directory against
 * which relative bind sources are resolved, and the daemon's operating system.
 *
 * <pre>{@code
 * ParseOptions project = ParseOptions.relativeTo(Path.of("/home/ann/app"));
 * BindMount src = (BindMount) MountSyntax.VOLUME.parse("./src:/app/src:ro", project);   // /home/ann/app/src
 * }</pre>
 *
 * <p>The docker CLI resolves a source that starts with {@code .} ({@code .}, {@code ./x},
 * {@code ../x}, {@code .cache}) against its working directory, in {@code -v} when there is a
 * target after it and in {@code --mount}'s {@code source}; without a base directory the parser
 * does the same with this JVM's working directory ({@code user.dir}).
 */
@Value.Immutable
@VolumesStyle
public abstract class ParseOptions implements WithParseOptions {

  ParseOptions() {}

  /** The absolute directory (POSIX path on a Linux daemon) for relative bind sources; empty means {@code user.dir}. */
  public abstract Optional<String> baseDirectory();

  /** The daemon's operating system; {@link DaemonOs#LINUX} unless told. */
  @Value.Default
  public DaemonOs daemonOs() {
    return DaemonOs.LINUX;
  }

  @Value.Check
  final void check() {
    baseDirectory().ifPresent(d -> {
      boolean absolute = daemonOs() == DaemonOs.WINDOWS
          ? d.length() >= 3 && Character.isLetter(d.charAt(0)) && d.charAt(1) == ':' && (d.charAt(2) == '\\' || d.charAt(2) == '/')
          : d.startsWith("/");
      if (!absolute) {
        throw new IllegalArgumentException("base directory \"" + d + "\" is not absolute; give an absolute directory");
      }
    });
  }

  /** Linux daemon, relative sources resolved against the JVM's working directory, as the docker CLI does. */
  public static ParseOptions defaults() {
    return builder().build();
  }

  /** Linux daemon, relative sources resolved against {@code directory} (made absolute). */
  public static ParseOptions relativeTo(Path directory) {
    return builder().baseDirectory(directory.toAbsolutePath().normalize().toString()).build();
  }

  /** A builder: {@code ParseOptions.builder().baseDirectory("/home/ann/app").daemonOs(DaemonOs.LINUX).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ParseOptions}. */
  public static final class Builder extends ImmutableParseOptions.Builder {}
}
