package io.github.volumes4j.data;

/**
 * A volume this job would create is a view of storage that exists already (a local volume with a bind
 * {@code device}, an NFS or CIFS export, a plugin's storage): a clone would share the source's storage instead of
 * copying it, or the new volume already holds data that is not the source's. Thrown before anything is written;
 * the volume the job created, if any, is removed again (removing a local volume leaves its device's files alone).
 *
 * <pre>{@code
 * try { volumes.clone("shared").to("shared-copy"); }
 * catch (SharedStorageException e) { System.out.println(e.volume() + " is storage at " + e.storage()); }
 * }</pre>
 */
public class SharedStorageException extends DataMovementException {
  private static final long serialVersionUID = 1L;
  /** The volume the job was about. */
  private final String volume;
  /** The storage, as the driver options name it (secrets masked). */
  private final String storage;

  /** For a volume whose storage exists already: {@code new SharedStorageException("v", "device=/srv/x", "...")}. */
  public SharedStorageException(String volume, String storage, String message) {
    super(message, null);
    this.volume = volume;
    this.storage = storage;
  }

  /** The volume: {@code e.volume()}. */
  public String volume() {
    return volume;
  }

  /** The storage as its driver options name it, secrets masked ({@code "type=none, o=bind, device=/srv/x"}): {@code e.storage()}. */
  public String storage() {
    return storage;
  }
}
