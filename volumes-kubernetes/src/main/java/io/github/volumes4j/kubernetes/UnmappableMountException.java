package io.github.volumes4j.kubernetes;

import io.github.volumes4j.VolumesException;

/**
 * A mount or volume setting that Kubernetes has no equivalent for: the message names the mount, the
 * setting, why it has none and what to do instead.
 *
 * <pre>{@code
 * try {
 *   mapping.map(List.of(MountSyntax.MOUNT.parse("type=bind,src=/srv,dst=/srv,bind-recursive=disabled")));
 * } catch (UnmappableMountException e) {
 *   System.out.println(e.getMessage());   // ... hostPath volumes are always bound recursively ...
 * }
 * }</pre>
 */
public final class UnmappableMountException extends VolumesException {
  private static final long serialVersionUID = 1L;

  /**
   * For a setting without an equivalent.
   *
   * <pre>{@code
   * throw new UnmappableMountException("mount /srv: bind-recursive=disabled has no Kubernetes equivalent");
   * }</pre>
   *
   * @param message the mount, the setting, why, and what to do
   */
  public UnmappableMountException(String message) {
    super(message);
  }
}
