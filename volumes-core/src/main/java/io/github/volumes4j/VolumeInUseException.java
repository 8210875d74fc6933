package io.github.volumes4j;

import java.util.List;

/**
 * A volume cannot be removed because containers (in any state) refer to it.
 *
 * <pre>{@code
 * try { volumes.remove("pgdata"); }
 * catch (VolumeInUseException e) { e.containerIds().forEach(id -> remove container id); }
 * }</pre>
 */
public class VolumeInUseException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** The volume in use. */
  private final String name;
  /** The containers using it. */
  private final List<String> containerIds;

  /** For a volume that containers use: {@code new VolumeInUseException("pgdata", List.of(id), "remove pgdata: volume is in use - [" + id + "]", null)}. */
  public VolumeInUseException(String name, List<String> containerIds, String message, Throwable cause) {
    super(message, cause);
    this.name = name;
    this.containerIds = List.copyOf(containerIds);
  }

  /**
   * With Docker's message: {@code remove NAME: volume is in use - [ID1, ID2]} (ids joined by
   * {@code ", "}, as the daemon writes them).
   */
  public VolumeInUseException(String name, List<String> containerIds) {
    this(name, containerIds, "remove " + name + ": volume is in use - [" + String.join(", ", containerIds) + "]", null);
  }

  /** The volume's name. */
  public String name() {
    return name;
  }

  /** The full ids of the containers that use it. */
  public List<String> containerIds() {
    return containerIds;
  }
}
