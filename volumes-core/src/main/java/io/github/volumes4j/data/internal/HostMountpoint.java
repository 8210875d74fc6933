package io.github.volumes4j.data.internal;

import io.github.volumes4j.PathStat;
import io.github.volumes4j.Volume;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The proof that a volume's mountpoint on this host is the volume's, with the volume's owners. */
final class HostMountpoint {

  private static final Logger LOG = LoggerFactory.getLogger(HostMountpoint.class);

  private HostMountpoint() {}

  /**
   * The proofs one session made: a mountpoint proved the volume's by the engine's stat is not proved
   * again by a helper container for each operation (the engine and its data root do not change under
   * a session); the checks on this host (a readable directory, ids not remapped) are made every time.
   */
  static final class Proofs {
    private final java.util.Set<String> proved = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Optional<Path> prove(VolumeEngine engine, Helpers helpers, Volume v) {
      try {
        if (proved.contains(v.mountpoint()) && readableHere(Path.of(v.mountpoint()))) {
          return Optional.of(Path.of(v.mountpoint()));
        }
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
      Optional<Path> p = HostMountpoint.prove(engine, helpers, v);
      p.ifPresent(x -> proved.add(v.mountpoint()));
      return p;
    }
  }

  private static boolean readableHere(Path mp) throws IOException {
    return Files.isDirectory(mp, LinkOption.NOFOLLOW_LINKS) && Files.isReadable(mp) && Files.isExecutable(mp)
        && !idsRemapped(mp);
  }

  /**
   * The volume's mountpoint, when this process can read it and it provably is the volume's: the
   * engine's stat of the mounted root matches the host directory's mode and nanosecond mtime.
   */
  static Optional<Path> prove(VolumeEngine engine, Helpers helpers, Volume v) {
    if (v.mountpoint().isEmpty() || !v.mountpoint().startsWith("/")) {
      return Optional.empty();
    }
    try {
      Path mp = Path.of(v.mountpoint());
      if (!readableHere(mp)) {
        return Optional.empty();
      }
      Optional<PathStat> stat;
      try (Helpers.Helper h = helpers.createForStat(v.name(), true)) {
        stat = engine.statPath(h.id(), Helpers.MOUNT);
      }
      if (stat.isEmpty()) {
        return Optional.empty();
      }
      Instant hostTime = Files.getLastModifiedTime(mp, LinkOption.NOFOLLOW_LINKS).toInstant();
      int hostMode = (Integer) Files.getAttribute(mp, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777;
      if (hostTime.equals(stat.get().modified()) && hostMode == (stat.get().mode() & 0777)) {
        LOG.debug("volume {}: the mountpoint {} is the volume's", v.name(), mp);
        return Optional.of(mp);
      }
      LOG.debug("volume {}: mountpoint {} is not the engine's (mtime {} vs {})", v.name(), mp, hostTime,
          stat.get().modified());
    } catch (IOException | RuntimeException e) {
      LOG.debug("volume {}: no direct access to the mountpoint: {}", v.name(), e.toString());
    }
    return Optional.empty();
  }

  /**
   * Whether the daemon maps user ids, so that a file's owner on the host is not its owner in a
   * container: a rootless daemon (the volume's directory, which the daemon made, is not root's; seen
   * with rootless Podman 4.3 here: root in the container is the user on the host, uid 123 is 100122) or
   * Docker's {@code userns-remap} (its volumes are under {@code <data-root>/<uid>.<gid>/volumes}). Reading such a
   * mountpoint would put the host's ids into a backup, so it is not read.
   */
  private static boolean idsRemapped(Path mp) throws IOException {
    Path volumeDir = mp.getParent();
    if (volumeDir != null && (Integer) Files.getAttribute(volumeDir, "unix:uid", LinkOption.NOFOLLOW_LINKS) != 0) {
      LOG.debug("mountpoint {}: its volume's directory is not root's: the daemon runs rootless and maps ids", mp);
      return true;
    }
    if (mp.toString().matches(".*/[0-9]+\\.[0-9]+/volumes/.*")) {
      LOG.debug("mountpoint {}: under a userns-remap data root (<uid>.<gid>): ids are mapped", mp);
      return true;
    }
    return false;
  }

}
