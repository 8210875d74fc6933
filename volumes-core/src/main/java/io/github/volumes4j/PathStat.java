package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What the archive endpoint says of a path in a container ({@code X-Docker-Container-Path-Stat}).
 *
 * <pre>{@code
 * engine.statPath(id, "/data/config.yml").ifPresent(s -> System.out.println(s.size() + " bytes"));
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class PathStat {

  PathStat() {}

  /** The last element of the path: {@code "app.conf"}. */
  public abstract String name();

  /** Its size in bytes. */
  public abstract long size();

  /** Go's {@code os.FileMode} bits: permission bits plus type bits (directory is {@code 1 << 31}). */
  public abstract long mode();

  /** When it was last modified. */
  public abstract Instant modified();

  /** The target of a symbolic link. */
  public abstract Optional<String> linkTarget();

  /** Whether it is a directory: {@code engine.statPath(id, "/data").get().isDirectory()}. */
  public final boolean isDirectory() {
    return (mode() & (1L << 31)) != 0;
  }

  /** A builder, for engines: {@code PathStat.builder().name("x").size(1).mode(0644).modified(Instant.EPOCH).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PathStat}; engines use it. */
  public static final class Builder extends ImmutablePathStat.Builder {}
}
