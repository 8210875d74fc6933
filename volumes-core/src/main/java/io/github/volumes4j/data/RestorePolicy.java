package io.github.volumes4j.data;

/**
 * What a restore or copy may do to a volume that already exists.
 *
 * <pre>{@code
 * volumes.restore(Path.of("pgdata.tar.gz")).into("pgdata", RestorePolicy.REPLACE);
 * }</pre>
 */
public enum RestorePolicy {
  /** Refuse unless the existing volume is empty (the default). */
  FAIL_IF_NOT_EMPTY,
  /**
   * Make the volume hold exactly the archive: restored and verified in a staging volume first, the
   * old content kept in a rollback volume until the target is complete; the volume must not be in
   * use by any container (it is removed and re-created with its own driver, options and labels).
   */
  REPLACE,
  /**
   * Write the archive over the existing content in place: files of the same name are replaced,
   * others are kept. The archive is verified before, but a failure during the write leaves a mix.
   */
  MERGE
}
