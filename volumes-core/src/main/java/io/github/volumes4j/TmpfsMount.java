package io.github.volumes4j;

import io.github.volumes4j.internal.VolumesStyle;
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

  /**
   * The size limit in bytes, positive; empty means the kernel default (half of the memory). A
   * percentage ({@code size=50%}) or {@code size=0} (no limit) is kept in {@link #options()}.
   */
  public abstract OptionalLong sizeBytes();

  /** The permission bits of the tmpfs root, for example {@code 01777}; empty means {@code 1777}. */
  public abstract OptionalInt mode();

  /**
   * Further mount options in Docker's allowed set, as written ({@code exec}, {@code noexec},
   * {@code nr_inodes=1k}, {@code uid=1000}, ...); read-only, size in bytes and mode have their own
   * attributes. Only {@code --tmpfs} can express them.
   */
  public abstract List<String> options();

  /**
   * {@inheritDoc}
   *
   * <pre>{@code
   * MountSyntax.TMPFS.parse("/run:size=1m").origin();  // Optional[TMPFS_FLAG]
   * }</pre>
   */
  @Override
  @Value.Auxiliary
  public abstract Optional<Origin> origin();

  @Override
  public final MountType type() {
    return MountType.TMPFS;
  }

  /** The fields, the mode in octal as Docker and {@code chmod} write it ({@code mode=01777}). */
  @Override
  public String toString() {
    return "TmpfsMount{target=" + target() + ", readOnly=" + readOnly() + consistency().map(c -> ", consistency=" + c).orElse("")
        + (sizeBytes().isPresent() ? ", sizeBytes=" + sizeBytes().getAsLong() : "")
        + (mode().isPresent() ? ", mode=0" + Integer.toOctalString(mode().getAsInt()) : "") + ", options=" + options() + "}";
  }

  @Value.Check
  final void check() {
    MountChecks.target(target(), this);
    if (sizeBytes().isPresent() && sizeBytes().getAsLong() <= 0) {
      throw MountChecks.invalid(this, "tmpfs size " + sizeBytes().getAsLong()
          + " is not positive; give a size in bytes > 0, or leave it out for the kernel default");
    }
    int sizeOptions = 0;
    for (String option : options()) {
      MountChecks.tmpfsOption(option, this);
      if (option.startsWith("size=")) {
        sizeOptions++;
        if (sizeOptions > 1 || sizeBytes().isPresent()) {
          throw MountChecks.invalid(this, option, "tmpfs size is given twice (" + option
              + " and another size); keep one");
        }
      }
    }
    // recorded: Docker accepts bits above 07777 (tmpfs-mode=77777 starts); the kernel keeps the permission bits
    if (mode().isPresent() && mode().getAsInt() < 0) {
      throw MountChecks.invalid(this, "tmpfs mode " + mode().getAsInt() + " is negative; give permission bits such as 01777");
    }
  }

  /** A tmpfs at a target with the kernel's defaults. */
  public static TmpfsMount at(String target) {
    return builder().target(target).build();
  }

  /** A builder: {@code TmpfsMount.builder().target("/run").sizeBytes(64 << 20).mode(01777).addOption("noexec").build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TmpfsMount}; {@code target} is required. */
  public static final class Builder extends ImmutableTmpfsMount.Builder {}
}
