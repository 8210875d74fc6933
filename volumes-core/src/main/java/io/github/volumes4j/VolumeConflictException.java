package io.github.volumes4j;

/**
 * A volume of that name exists with another driver, so it cannot be created as asked.
 *
 * <pre>{@code
 * try { volumes.create(VolumeSpec.named("data").withDriver("nfs")); }
 * catch (VolumeConflictException e) { ... e.name() ... }
 * }</pre>
 */
public class VolumeConflictException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** The volume whose state conflicts. */
  private final String name;

  /** For a volume that exists (or is not empty) where it must not: {@code new VolumeConflictException("pgdata", "volume pgdata exists", null)}. */
  public VolumeConflictException(String name, String message, Throwable cause) {
    super(message, cause);
    this.name = name;
  }

  /** Like the three-argument constructor, without a cause. */
  public VolumeConflictException(String name, String message) {
    this(name, message, null);
  }

  /** The volume's name. */
  public String name() {
    return name;
  }
}
