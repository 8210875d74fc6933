package io.github.volumes4j.data;

/**
 * An archive holds an entry that could write outside the volume or create something not asked
 * for: a {@code ..} or absolute name, a symbolic or hard link pointing outside, a device node or
 * fifo (unless {@link ArchiveLimits} allow them), an absurd size. Refused before anything is written.
 *
 * <pre>{@code
 * try { volumes.copyInto("data").tar(untrustedStream); }
 * catch (HostileArchiveException e) { System.out.println(e.entry() + ": " + e.getMessage()); }
 * }</pre>
 */
public class HostileArchiveException extends DataMovementException {
  private static final long serialVersionUID = 1L;
  /** The entry refused. */
  private final String entry;

  /** For an entry that would escape or harm: {@code new HostileArchiveException("../x", "entry ../x points outside the volume")}. */
  public HostileArchiveException(String entry, String message) {
    super(message);
    this.entry = entry;
  }

  /** The entry's name as the archive spells it. */
  public String entry() {
    return entry;
  }
}
