/**
 * Moving data into, out of and between volumes, written once over any engine: start at
 * {@link io.github.volumes4j.data.DataMovement} (or the same methods on {@code Volumes}).
 *
 * <pre>{@code
 * volumes.copyInto("cfg").string("port: 80\n", "/app.yml");
 * BackupResult b = volumes.backup("pgdata").zstd().to(Path.of("pgdata.tar.zst"));
 * volumes.restore(Path.of("pgdata.tar.zst")).into("pgdata", RestorePolicy.REPLACE);
 * SnapshotRepository repo = SnapshotRepository.openOrCreate(Path.of("/backups/repo"));
 * volumes.snapshot("pgdata").consistent().into(repo);      // only what changed is stored
 * }</pre>
 *
 * <p>Every archive is checked before it is written (no escape from the volume:
 * {@link io.github.volumes4j.data.ArchiveLimits}), backups carry a checksum and optionally an HMAC,
 * a restore never takes a driver or driver options from a backup without consent
 * ({@link io.github.volumes4j.data.Restore#trustManifest()}), and a failure leaves no helper container,
 * volume or temporary file behind. Incremental snapshots with retention live in a
 * {@link io.github.volumes4j.data.SnapshotRepository}. Results say which path the data took
 * ({@link io.github.volumes4j.data.TransferPath}) and why.
 */
package io.github.volumes4j.data;
