package io.github.volumes4j.testkit.junit;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.spi.VolumeEngine;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The session label that marks what a test run creates, and the sweep that removes what a crashed
 * run left behind, without a reaper container.
 *
 * <pre>{@code
 * List<String> removed = Sessions.sweep(engine);   // leftovers of dead runs on this host, or of runs older than a day
 * }</pre>
 *
 * <p>Each run labels its volumes and containers with {@value #SESSION_LABEL} (a random id),
 * {@value #OWNER_LABEL} ({@code host:pid}) and {@value #STARTED_LABEL} (epoch seconds). A later run
 * sweeps: a session of this host whose process is gone is dead; a session of another host counts as
 * dead once it is older than {@link #OTHER_HOST_TTL}. The current run's own session is never swept,
 * nor a temp volume kept by its cleanup mode ({@value #CLEANUP_LABEL}).
 */
public final class Sessions {

  /** The label with this run's random session id. */
  public static final String SESSION_LABEL = "io.github.volumes4j.session";
  /** The label with {@code host:pid} of the run. */
  public static final String OWNER_LABEL = "io.github.volumes4j.session.owner";
  /** The label with the run's start, in epoch seconds. */
  public static final String STARTED_LABEL = "io.github.volumes4j.session.started";
  /**
   * On a {@link TempVolume} whose {@link CleanupMode} may keep it ({@code NEVER}, {@code ON_SUCCESS}):
   * a kept temp volume was kept on purpose, so {@link #sweep} leaves it.
   */
  public static final String CLEANUP_LABEL = "io.github.volumes4j.cleanup";
  /** How long a session of another host is presumed alive. */
  public static final Duration OTHER_HOST_TTL = Duration.ofHours(24);

  private static final String ID = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private static final String HOST = hostName();
  private static final long PID = ProcessHandle.current().pid();
  private static final long STARTED = Instant.now().getEpochSecond();

  private Sessions() {}

  /** This JVM's session id. */
  public static String currentId() {
    return ID;
  }

  /** The labels this JVM's session puts on what it creates. */
  public static Map<String, String> currentLabels() {
    return Map.of(SESSION_LABEL, ID, OWNER_LABEL, HOST + ":" + PID, STARTED_LABEL, Long.toString(STARTED));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown-host");
    }
  }

  /** Whether the session that put these labels is over (so its leftovers may go). */
  static boolean isDead(Map<String, String> labels, Instant now) {
    String session = labels.get(SESSION_LABEL);
    if (session == null || session.equals(ID)) {
      return false;
    }
    String owner = labels.getOrDefault(OWNER_LABEL, "");
    int colon = owner.lastIndexOf(':');
    long started;
    try {
      started = Long.parseLong(labels.getOrDefault(STARTED_LABEL, "0"));
    } catch (NumberFormatException e) {
      started = 0;
    }
    if (colon > 0 && owner.substring(0, colon).equals(HOST)) {
      try {
        long pid = Long.parseLong(owner.substring(colon + 1));
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        // a live process with this pid that started after the session is a reused pid
        return p.isEmpty() || !p.get().isAlive() || p.get().info().startInstant()
            .map(s -> s.getEpochSecond() > Long.parseLong(labels.getOrDefault(STARTED_LABEL, "0")) + 1).orElse(false);
      } catch (NumberFormatException e) {
        return true;
      }
    }
    return Instant.ofEpochSecond(started).plus(OTHER_HOST_TTL).isBefore(now);
  }

  private static boolean keptOnPurpose(Map<String, String> labels) {
    String mode = labels.getOrDefault(CLEANUP_LABEL, CleanupMode.ALWAYS.name());
    return mode.equals(CleanupMode.NEVER.name()) || mode.equals(CleanupMode.ON_SUCCESS.name());
  }

  /**
   * Removes the containers (with their anonymous volumes) and volumes that dead sessions left.
   *
   * @return the ids of the containers and the names of the volumes removed
   */
  public static List<String> sweep(VolumeEngine engine) {
    Instant now = Instant.now();
    List<String> removed = new ArrayList<>();
    if (engine.supports(EngineFeature.CONTAINERS)) {
      for (ContainerInfo c : engine.listContainers(Map.of(SESSION_LABEL, ""))) {
        if (isDead(c.labels(), now)) {
          try {
            engine.removeContainer(c.id(), true, true);
            removed.add(c.id());
          } catch (VolumesException e) {
            // gone meanwhile, or refused: the next sweep tries again
          }
        }
      }
    }
    for (Volume v : engine.listVolumes(VolumeFilter.hasLabel(SESSION_LABEL))) {
      if (isDead(v.labels(), now) && !keptOnPurpose(v.labels())) {
        try {
          engine.removeVolume(v.name(), true);
          removed.add(v.name());
        } catch (VolumesException e) {
          // in use by a live container: keep it
        }
      }
    }
    return removed;
  }
}
