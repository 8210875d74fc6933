package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
import java.nio.file.Path;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A host path mounted into a container ({@code -v /host:/target}, {@code --mount type=bind,...}).
 *
 * <pre>{@code
 * BindMount src = BindMount.of(Path.of("/srv/app/src"), "/app/src").withReadOnly(true);
 * BindMount shared = BindMount.builder().source("/mnt/shared").target("/mnt/shared")
 *     .propagation(Propagation.RSHARED).build();
 * }</pre>
 *
 * <p>The source is a path on the daemon's host, which is not this machine when the daemon is
 * remote; it is kept as the text the daemon will receive.
 */
@Value.Immutable
@VolumesStyle
public abstract non-sealed class BindMount implements MountSpec, WithBindMount {

  BindMount() {}

  /** The absolute host path (on the daemon's host). */
  public abstract String source();

  @Override
  public abstract String target();

  @Override
  @Value.Default
  public boolean readOnly() {
    return false;
  }

  @Override
  public abstract Optional<Consistency> consistency();

  /** Bind propagation; empty means the daemon's default ({@code rprivate}). */
  public abstract Optional<Propagation> propagation();

  /** SELinux relabelling ({@code z} / {@code Z}); only the {@code -v} syntax can express it. */
  public abstract Optional<SelinuxLabel> selinuxLabel();

  /**
   * How sub-mounts of the source are treated; empty means Docker's default
   * ({@link BindRecursion#ENABLED}, which is stored as empty). {@link BindRecursion#WRITABLE} and
   * {@link BindRecursion#READONLY} need {@link #readOnly()}; {@code READONLY} also needs
   * {@link Propagation#RPRIVATE} spelled out, as the docker CLI demands.
   */
  public abstract Optional<BindRecursion> recursion();

  /**
   * Create the source directory on the host if it is missing. The {@code -v} syntax always does
   * (so a bind parsed from {@code -v} has {@code true}); {@code --mount} does only with
   * {@code bind-create-src} (Engine API 1.42 {@code BindOptions.CreateMountpoint}). Writing a bind
   * as {@code -v} does not depend on this flag: {@code VOLUME.parse(VOLUME.format(b))} equals
   * {@code b.withCreateMountpoint(true)}.
   */
  @Value.Default
  public boolean createMountpoint() {
    return false;
  }

  /**
   * {@inheritDoc}
   *
   * <pre>{@code
   * MountSyntax.VOLUME.parse("/srv:/srv").origin();  // Optional[VOLUME_FLAG]
   * }</pre>
   */
  @Override
  @Value.Auxiliary
  public abstract Optional<Origin> origin();

  @Override
  public final MountType type() {
    return MountType.BIND;
  }

  @Value.Check
  final BindMount check() {
    MountChecks.target(target(), this);
    MountChecks.bindSource(source(), this);
    if (recursion().isPresent()) {
      BindRecursion r = recursion().get();
      if (r == BindRecursion.ENABLED) {
        return ImmutableBindMount.copyOf(this).withRecursion(Optional.empty());
      }
      if (r == BindRecursion.WRITABLE && !readOnly()) {
        throw MountChecks.invalid(this, "option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
      }
      if (r == BindRecursion.READONLY && !readOnly()) {
        throw MountChecks.invalid(this, "option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
      }
      if (r == BindRecursion.READONLY && propagation().orElse(null) != Propagation.RPRIVATE) {
        throw MountChecks.invalid(this, "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
      }
    }
    return this;
  }

  /** A bind mount of a host path: {@code --mount type=bind,source=...,target=...}. */
  public static BindMount of(Path source, String target) {
    return builder().source(source.toString()).target(target).build();
  }

  /** A bind mount of a host path given as the daemon's host will read it. */
  public static BindMount of(String source, String target) {
    return builder().source(source).target(target).build();
  }

  /** A builder: {@code BindMount.builder().source("/srv/app").target("/app").readOnly(true).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link BindMount}; {@code source} and {@code target} are required. */
  public static final class Builder extends ImmutableBindMount.Builder {}
}
