package io.github.volumes4j;

/**
 * The operating system of the daemon a mount spec is meant for; it decides how {@code -v} reads
 * drive letters and which paths are absolute.
 *
 * <pre>{@code
 * MountSpec m = MountSyntax.VOLUME.parse("C:\\data:C:\\data", ParseOptions.builder().daemonOs(DaemonOs.WINDOWS).build());
 * }</pre>
 */
public enum DaemonOs {
  /** A Linux daemon (Docker Engine on Linux, Docker Desktop's Linux VM): POSIX paths. */
  LINUX,
  /** A Windows daemon running Windows containers: drive-letter paths, modes {@code ro}/{@code rw} only. */
  WINDOWS
}
