package io.github.volumes4j.data;

import java.util.Map;

/**
 * A restore would create a volume with a driver or driver options taken from the backup's manifest,
 * which nothing vouches for: a tampered backup could ask for {@code type=none,o=bind,device=/etc} and
 * turn the restore into a write into any host directory, or for another file server to send a
 * password to. Thrown before anything is created. Restore with
 * {@link Restore#trustManifest()} when the backup is yours, with {@link Restore#authenticatedBy} when it
 * was written with {@link Backup#authenticate}, or say the driver and options yourself
 * ({@link Restore#driver(String)}, {@link Restore#driverOption(String, String)}).
 *
 * <pre>{@code
 * try { volumes.restore(file).toNewVolume(); }
 * catch (UntrustedManifestException e) {
 *   System.out.println(e.driver() + " " + e.driverOptions());         // what the manifest asks for
 *   volumes.restore(file).driver("local").toNewVolume();               // a plain local volume instead
 * }
 * }</pre>
 */
public class UntrustedManifestException extends DataMovementException {
  private static final long serialVersionUID = 1L;
  /** The driver the manifest names. */
  private final String driver;
  /** The driver options the manifest names (secrets masked). */
  private final Map<String, String> driverOptions;

  /** For a manifest whose driver settings were not consented to: {@code new UntrustedManifestException(message, "local", Map.of("type", "none"))}. */
  public UntrustedManifestException(String message, String driver, Map<String, String> driverOptions) {
    super(message);
    this.driver = driver;
    this.driverOptions = Map.copyOf(driverOptions);
  }

  /** The driver the manifest asks for. */
  public String driver() {
    return driver;
  }

  /** The driver options the manifest asks for, secrets masked. */
  public Map<String, String> driverOptions() {
    return driverOptions;
  }
}
