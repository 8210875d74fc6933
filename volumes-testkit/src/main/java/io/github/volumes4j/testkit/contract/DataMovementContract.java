package io.github.volumes4j.testkit.contract;

import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.VolumeEngine;
import io.github.volumes4j.testkit.InMemoryEngine;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Data movement ({@code io.github.volumes4j.data}) on an engine: copy in and out, backup and
 * restore with every policy, clone, migrate, hostile and damaged archives, helper containers and
 * image. One subclass per engine; every tree is compared by {@link TreeDigest} (names, types,
 * modes, owners, whole-second mtimes, symbolic and hard links, empty directories, content).
 *
 * <pre>{@code
 * class InMemoryDataMovementTest extends DataMovementContract {
 *   @Override protected VolumeEngine createEngine() { return InMemoryEngine.dockerLike(); }
 * }
 * }</pre>
 *
 * <p>The scenarios are in three areas: {@code Copy} (trees, files, streams, hostile tars, unusual
 * names, links on the way), {@code Backups} (formats, streams, policies, half-way failures, damaged
 * backups) and {@code Moves} (clone, migrate, links a container made, consistent and concurrent
 * backups, the helper image). Everything created carries {@value #TEST_LABEL}{@code =<unique run id>}
 * and is removed afterwards.
 */
@ExtendWith(ContractReport.class)
public abstract class DataMovementContract {

  /** The label on everything the scenarios create. */
  public static final String TEST_LABEL = ContractBase.TEST_LABEL;

  /** The engine under test; called before each scenario and closed after it. */
  protected abstract VolumeEngine createEngine();

  /**
   * A second engine for migrations; by default a fresh in-memory engine of the testkit.
   *
   * <pre>{@code
   * @Override protected VolumeEngine createOtherEngine() { return DockerEngine.connect(secondDaemon); }
   * }</pre>
   */
  protected VolumeEngine createOtherEngine() {
    return InMemoryEngine.dockerLike();
  }

  /** Copy in and out: trees, files, streams, hostile tars, unusual names, links on the way. */
  @Nested
  class Copy extends CopyScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return DataMovementContract.this.createEngine();
    }
  }

  /** Backup and restore: formats, streams, policies, half-way failures, damaged backups. */
  @Nested
  class Backups extends BackupScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return DataMovementContract.this.createEngine();
    }
  }

  /** Incremental snapshots: round trip, changes only, diff, retention, prune, interruption, lock, damage. */
  @Nested
  class Snapshots extends SnapshotScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return DataMovementContract.this.createEngine();
    }
  }

  /** Two engines over one shared directory: migrate, clone, restore and consistent backups across them. */
  @Nested
  class SharedStorage extends SharedStorageScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return DataMovementContract.this.createEngine();
    }

    @Override
    protected VolumeEngine createOtherEngine() {
      return DataMovementContract.this.createOtherEngine();
    }
  }

  /** Clone and migrate, links a container made, consistent and concurrent backups, the helper image. */
  @Nested
  class Moves extends MoveScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return DataMovementContract.this.createEngine();
    }

    @Override
    protected VolumeEngine createOtherEngine() {
      return DataMovementContract.this.createOtherEngine();
    }
  }
}
