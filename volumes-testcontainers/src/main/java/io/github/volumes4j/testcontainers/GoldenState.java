package io.github.volumes4j.testcontainers;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.Volumes;
import io.github.volumes4j.data.BackupResult;
import io.github.volumes4j.data.RestorePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;

/**
 * "Reset to golden state" for a Testcontainers container whose data lives in a named volume, such
 * as a database seeded once: capture the volume after seeding, and put it back between tests instead
 * of re-creating and re-seeding the container.
 *
 * <pre>{@code
 * @Container static GenericContainer<?> db = ContainerVolumes.mount(new GenericContainer<>("postgres:16"),
 *     VolumeMount.of("pgdata", "/var/lib/postgresql/data"));
 * static GoldenState golden;
 *
 * @BeforeAll static void seed() { loadFixtures(db); golden = GoldenState.capture(db, "pgdata"); }
 * @AfterEach void reset() { golden.reset(); }                    // the next test sees the seeded data
 * @AfterAll static void drop() { golden.close(); }
 * }</pre>
 *
 * <p>The container is stopped (Testcontainers' {@code stop()}: removed, its named volume kept) while the
 * volume is captured or restored, so that the database's files are at rest, and started again
 * ({@code start()}: a new container with the same configuration, new mapped ports). The capture is a
 * volumes4j backup (verified on restore, checksummed) in a temporary file; {@link #reset()} restores it
 * with {@link RestorePolicy#REPLACE}: the whole archive is checked before the volume is touched, and a
 * failure leaves the volume as it was.
 */
public final class GoldenState implements AutoCloseable {

  private final GenericContainer<?> container;
  private final String volume;
  private final Path backup;
  private final BackupResult captured;
  private final Volumes volumes;

  private GoldenState(GenericContainer<?> container, String volume, Path backup, BackupResult captured, Volumes volumes) {
    this.container = container;
    this.volume = volume;
    this.backup = backup;
    this.captured = captured;
    this.volumes = volumes;
  }

  /**
   * Captures the volume now: stops the container, backs the volume up, starts the container again.
   *
   * <pre>{@code
   * GoldenState golden = GoldenState.capture(db, "pgdata");
   * }</pre>
   *
   * @throws io.github.volumes4j.VolumeNotFoundException when the volume does not exist
   * @throws io.github.volumes4j.data.DataMovementException when another running container writes to it
   */
  public static GoldenState capture(GenericContainer<?> container, String volume) {
    requireNonNull(container, "container == null");
    requireNonNull(volume, "volume == null");
    Volumes volumes = ContainerVolumes.volumes();
    volumes.inspect(volume);
    Path file;
    try {
      file = Files.createTempFile("volumes4j-golden-" + volume.replaceAll("[^A-Za-z0-9_.-]", "_") + "-", ".tar");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary file for the golden state of volume \"" + volume + "\": " + e.getMessage(), e);
    }
    boolean wasRunning = container.getContainerId() != null && container.isRunning();
    try {
      if (wasRunning) {
        container.stop();
      }
      BackupResult r = volumes.backup(volume).overwrite().to(file);
      return new GoldenState(container, volume, file, r, volumes);
    } catch (RuntimeException | Error e) {
      deleteQuietly(file);
      throw e;
    } finally {
      if (wasRunning) {
        container.start();
      }
    }
  }

  /**
   * Puts the captured content back (and the volume's labels and options): stops the container,
   * replaces the volume's content, starts the container again. Returns how long it took.
   *
   * <pre>{@code
   * Duration took = golden.reset();
   * }</pre>
   */
  public Duration reset() {
    long t0 = System.nanoTime();
    boolean wasRunning = container.getContainerId() != null && container.isRunning();
    try {
      if (wasRunning) {
        container.stop();
      }
      volumes.restore(backup).into(volume, RestorePolicy.REPLACE);
    } finally {
      if (wasRunning) {
        container.start();
      }
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** The capture: its size, digest and how long it took. {@code golden.captured().archiveBytes()} */
  public BackupResult captured() {
    return captured;
  }

  /** The volume this state is of. {@code golden.volume()  // "pgdata"} */
  public String volume() {
    return volume;
  }

  /** Deletes the captured backup; the volume and the container are left as they are. {@code golden.close()} */
  @Override
  public void close() {
    deleteQuietly(backup);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file: the system's cleanup takes it
    }
  }

  @Override
  public String toString() {
    return "GoldenState[" + volume + ", " + captured.archiveBytes() + " bytes]";
  }
}
