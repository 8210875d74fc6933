package io.github.volumes4j;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * A tmpfs mounted into a container ({@code --tmpfs /target:size=64m}, {@code --mount type=tmpfs,...}):
 * memory-backed, never written to disk, gone when the container stops.
 *
 * <pre>{@code
 * TmpfsMount secrets = TmpfsMount.at("/run/secrets").withSizeBytes(16 << 20).withMode(0700);
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract non-sealed class TmpfsMount implements MountSpec, WithTmpfsMount {

  TmpfsMount() {}

  @Override
  public abstract String target();

  @Override
  @Value.Default
  public boolean readOnly() {
    return false;
  }

  @Override
  public abstract Optional<Consistency> consistency();

  /** The size limit in bytes; empty means the kernel default (half of the memory). */
  public abstract OptionalLong sizeBytes();

  /** The permission bits of the tmpfs root, for example {@code 01777}; empty means {@code 1777}. */
  public abstract OptionalInt mode();

  /**
   * Further mount options in Docker's allowed set, as written ({@code exec}, {@code noexec},
   * {@code nr_inodes=1k}, ...); size and mode have their own attributes.
   */
  public abstract List<String> options();

  @Override
  public final MountType type() {
    return MountType.TMPFS;
  }

  @Value.Check
  final void check() {
    MountChecks.target(target(), this);
    if (sizeBytes().isPresent() && sizeBytes().getAsLong() < 0) {
      throw MountChecks.invalid(this, "tmpfs size " + sizeBytes().getAsLong() + " is negative; give a size in bytes >= 0");
    }
    if (mode().isPresent() && (mode().getAsInt() & ~07777) != 0) {
      throw MountChecks.invalid(this, "tmpfs mode 0" + Integer.toOctalString(mode().getAsInt())
          + " has bits outside 07777; give permission bits such as 01777");
    }
  }

  /** A tmpfs at a target with the kernel's defaults. */
  public static TmpfsMount at(String target) {
    return builder().target(target).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TmpfsMount}; {@code target} is required. */
  public static final class Builder extends ImmutableTmpfsMount.Builder {}
}
