package io.github.volumes4j;

/**
 * No volume has the name asked for.
 *
 * <pre>{@code
 * try { volumes.inspect("pgdata"); } catch (VolumeNotFoundException e) { create(e.name()); }
 * }</pre>
 */
public class VolumeNotFoundException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** The volume asked for. */
  private final String name;

  /** For a volume that does not exist: {@code new VolumeNotFoundException("pgdata", "get pgdata: no such volume", null)}. */
  public VolumeNotFoundException(String name, String message, Throwable cause) {
    super(message, cause);
    this.name = name;
  }

  /** With Docker's message: {@code get NAME: no such volume}. */
  public VolumeNotFoundException(String name) {
    this(name, "get " + name + ": no such volume", null);
  }

  /** The name that was not found. */
  public String name() {
    return name;
  }
}
