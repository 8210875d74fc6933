package io.github.volumes4j.data;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.internal.Jobs;
import io.github.volumes4j.spi.VolumeEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Moves a volume to another engine (another daemon, or between a daemon and the in-memory
 * engine): the target volume is created with the source's driver, options and labels, the tree is
 * streamed from one engine to the other without temporary files, and the copy is verified by
 * reading it back and comparing tree digests. The source is left as it is.
 *
 * <pre>{@code
 * try (VolumeEngine remote = DockerEngine.builder().host(URI.create("tcp://backup-host:2376")).build()) {
 *   volumes.migrate("pgdata").as("pgdata-from-prod").to(remote);   // or .to(otherVolumes.engine())
 * }
 * }</pre>
 */
public final class Migrate {

  private final Jobs jobs;
  private final String source;
  private final Optional<String> name;
  private final Map<String, String> labels;
  private final ProgressListener listener;

  Migrate(Jobs jobs, String source) {
    this(jobs, source, Optional.empty(), Map.of(), ProgressListener.none());
  }

  private Migrate(Jobs jobs, String source, Optional<String> name, Map<String, String> labels, ProgressListener listener) {
    this.jobs = jobs;
    this.source = source;
    this.name = name;
    this.labels = labels;
    this.listener = listener;
  }

  /** The name on the target engine (default: the source's). */
  public Migrate as(String targetName) {
    return new Migrate(jobs, source, Optional.of(DataMovement.requireVolume(targetName)), labels, listener);
  }

  /** A label for the new volume, added to the source's. */
  public Migrate label(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(labels);
    m.put(requireNonNull(key, "key == null"), requireNonNull(value, "value == null"));
    return new Migrate(jobs, source, name, Map.copyOf(m), listener);
  }

  /** Reports progress to {@code listener}: {@code migrate.progress(p -> log.info("{}", p))}. */
  public Migrate progress(ProgressListener listener) {
    return new Migrate(jobs, source, name, labels, requireNonNull(listener, "listener == null"));
  }

  /** Migrates to {@code target}. @throws io.github.volumes4j.VolumeConflictException if the name exists there */
  public TransferResult to(VolumeEngine target) {
    requireNonNull(target, "target == null");
    return jobs.copyToNewVolume(new Jobs(target), source, name.orElse(source), labels, listener);
  }

  @Override
  public String toString() {
    return "Migrate[" + source + name.map(n -> " as " + n).orElse("") + "]";
  }
}
