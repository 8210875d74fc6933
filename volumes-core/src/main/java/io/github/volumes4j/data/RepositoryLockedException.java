package io.github.volumes4j.data;

/**
 * A snapshot repository is locked by another operation that cannot run alongside this one (a
 * prune or forget excludes everything else; snapshots, restores and checks share). The message
 * names the holder: its operation, process id, host and since when.
 *
 * <pre>{@code
 * try {
 *   repo.prune();
 * } catch (RepositoryLockedException e) {
 *   log.warn("prune skipped: {}", e.getMessage());
 * }
 * }</pre>
 */
public final class RepositoryLockedException extends DataMovementException {
  private static final long serialVersionUID = 1L;

  /** @param message names the repository and the holder */
  public RepositoryLockedException(String message) {
    super(message);
  }
}
