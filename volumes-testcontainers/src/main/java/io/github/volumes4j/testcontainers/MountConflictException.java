package io.github.volumes4j.testcontainers;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.VolumesException;

/**
 * A mount given to a Testcontainers container collides with what the container already has at that
 * target: its own binds, tmpfs, volumes, files it copies in, or another mount given through volumes4j.
 * Thrown before the container is created; nothing was created for it.
 *
 * <pre>{@code
 * try {
 *   ContainerVolumes.mount(new GenericContainer<>(image).withTmpFs(Map.of("/data", "")), VolumeMount.of("data", "/data"));
 * } catch (MountConflictException e) {
 *   System.out.println(e.target() + ": " + e.mount() + " vs " + e.existing());
 * }
 * }</pre>
 */
public final class MountConflictException extends VolumesException {
  private static final long serialVersionUID = 1L;

  /** The container path both claim. */
  private final String target;
  /** The refused mount, as text. */
  private final String mount;
  /** What the container already had at the target, as text. */
  private final String existing;

  /**
   * A conflict at {@code target} between the new {@code mount} and the {@code existing} one (both as text).
   *
   * <pre>{@code
   * new MountConflictException("/data", "volume data:/data", "tmpfs /data", "the tmpfs would hide the volume");
   * }</pre>
   */
  public MountConflictException(String target, String mount, String existing, String why) {
    super("cannot mount " + requireNonNull(mount, "mount == null") + " at " + requireNonNull(target, "target == null")
        + ": the container already has " + requireNonNull(existing, "existing == null") + " there ("
        + requireNonNull(why, "why == null") + "); mount it at another target or drop one of the two");
    this.target = target;
    this.mount = mount;
    this.existing = existing;
  }

  /** The container path both claim. {@code e.target()  // "/data"} */
  public String target() {
    return target;
  }

  /** The mount that was refused, as text. {@code e.mount()  // "volume data:/data"} */
  public String mount() {
    return mount;
  }

  /** What the container already had there, as text. {@code e.existing()  // "tmpfs /data (withTmpFs)"} */
  public String existing() {
    return existing;
  }
}
