package io.github.volumes4j.data;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.data.internal.Jobs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies a volume into a new volume of the same engine: driver, options, labels and the whole
 * tree, streamed, then verified by reading the copy back and comparing tree digests. If anything
 * fails the new volume is removed. When the engine is local and this process reads and writes both
 * mountpoints, the tree goes from one to the other directly ({@link TransferPath#HOST_MOUNTPOINT}).
 *
 * <pre>{@code
 * TransferResult r = volumes.clone("pgdata").label("purpose", "test").to("pgdata-test");
 * }</pre>
 */
public final class Clone {

  private final Jobs jobs;
  private final String source;
  private final Map<String, String> labels;
  private final ProgressListener listener;

  Clone(Jobs jobs, String source) {
    this(jobs, source, Map.of(), ProgressListener.none());
  }

  private Clone(Jobs jobs, String source, Map<String, String> labels, ProgressListener listener) {
    this.jobs = jobs;
    this.source = source;
    this.labels = labels;
    this.listener = listener;
  }

  /** A label for the new volume, added to the source's. */
  public Clone label(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(labels);
    m.put(requireNonNull(key, "key == null"), requireNonNull(value, "value == null"));
    return new Clone(jobs, source, Map.copyOf(m), listener);
  }

  /** Reports progress to {@code listener}: {@code clone.progress(p -> log.info("{}", p))}. */
  public Clone progress(ProgressListener listener) {
    return new Clone(jobs, source, labels, requireNonNull(listener, "listener == null"));
  }

  /** Creates {@code target} and copies into it. @throws io.github.volumes4j.VolumeConflictException if it exists */
  public TransferResult to(String target) {
    return jobs.copyToNewVolume(jobs, source, DataMovement.requireVolume(target), labels, listener);
  }

  /**
   * Creates {@code target} as the spec says (its name, driver and driver options; its labels added to the source's)
   * and copies into it: a clone of a volume over shared storage onto storage of its own, or of a plain volume onto a
   * bind device or a tmpfs. The new volume must be empty once created: storage that already holds data is refused
   * with {@link SharedStorageException} before anything is written.
   *
   * <pre>{@code
   * volumes.clone("shared").to(LocalDriver.bind("/srv/shared-copy").volume("shared-copy"));
   * }</pre>
   *
   * @throws io.github.volumes4j.VolumeConflictException if a volume of that name exists
   */
  public TransferResult to(io.github.volumes4j.VolumeSpec target) {
    requireNonNull(target, "target == null");
    String name = DataMovement.requireVolume(target.name().orElseThrow(() -> new IllegalArgumentException(
        "the clone's volume spec has no name; give one: LocalDriver.bind(dir).volume(\"copy\")")));
    return jobs.copyToNewVolume(jobs, source, name, labels, listener, java.util.Optional.of(target));
  }

  @Override
  public String toString() {
    return "Clone[" + source + "]";
  }
}
