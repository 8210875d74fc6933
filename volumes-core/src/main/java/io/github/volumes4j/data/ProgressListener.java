package io.github.volumes4j.data;

/**
 * Receives the progress of a transfer, at most about ten times a second and once at the end
 * ({@link Progress#done()}), on the thread doing the transfer. Keep it quick.
 *
 * <pre>{@code
 * volumes.backup("pgdata").progress(p -> System.out.printf("%d MB, %s left%n",
 *     p.bytes() >> 20, p.estimatedRemaining().map(Object::toString).orElse("?"))).to(file);
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
  /** Called with each step, from the thread doing the work: keep it short. */
  void onProgress(Progress progress);

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return p -> {};
  }
}
