package io.github.volumes4j.testcontainers;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.api.command.CreateContainerCmd;
import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.data.TransferResult;
import io.github.volumes4j.docker.internal.wire.MountMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.testcontainers.containers.GenericContainer;

/**
 * Volumes in Testcontainers tests: any {@link MountSpec} on any {@link GenericContainer} in one call, on
 * the daemon Testcontainers itself uses.
 *
 * <pre>{@code
 * GenericContainer<?> db = ContainerVolumes.mount(new GenericContainer<>("postgres:16"),
 *     VolumeMount.of("pgdata", "/var/lib/postgresql/data"),
 *     TmpfsMount.at("/run/secrets").withSizeBytes(1 << 20).withMode(0700));
 * db.start();
 * ContainerVolumes.copyOut(db, "/var/log", Path.of("target/db-logs"));   // the whole directory
 * }</pre>
 *
 * <p>At the container's create (its {@code start()}), before anything is created:
 * <ul>
 *   <li>each mount is checked against what the container already has at its target (its own binds,
 *       tmpfs, volumes, the files it copies in, the other mounts given here):
 *       {@link MountConflictException} naming both;</li>
 *   <li>each named volume that does not exist yet is created with its driver, options and labels, plus
 *       Testcontainers' session labels ({@link #sessionLabels()}), so that Testcontainers' reaper
 *       removes it with the session's containers; a container with {@code withReuse(true)} gets
 *       unlabelled volumes, which outlive the session as the container does; a volume that already
 *       exists is used as it is;</li>
 *   <li>each mount is sent in the field {@code DockerEngine} would use at the daemon's API version
 *       ({@link DockerJavaMounts#apply}); a field the daemon's version lacks is refused with
 *       {@link io.github.volumes4j.UnsupportedFeatureException}.</li>
 * </ul>
 */
public final class ContainerVolumes {

  private ContainerVolumes() {}

  /**
   * A new {@link Volumes} on the daemon Testcontainers uses (its own discovery: docker host and TLS);
   * close it when done.
   *
   * <pre>{@code
   * try (Volumes volumes = ContainerVolumes.connect()) {
   *   volumes.backup("pgdata").to(Path.of("pgdata.tar"));
   * }
   * }</pre>
   */
  public static Volumes connect() {
    return Volumes.using(TestcontainersDaemon.engineFor(org.testcontainers.DockerClientFactory.instance().getTransportConfig()));
  }

  /**
   * The {@link Volumes} this module shares for the JVM on Testcontainers' daemon (the one the mounts
   * of {@link #mount} are created through); do not close it.
   *
   * <pre>{@code
   * ContainerVolumes.volumes().copyInto("config").resource("app.yml", "/app.yml");
   * }</pre>
   */
  public static Volumes volumes() {
    return TestcontainersDaemon.shared();
  }

  /**
   * The labels Testcontainers' reaper removes resources of this session by (its session id label
   * among them), put on every volume {@link #mount} creates for a container that is not reused.
   *
   * <pre>{@code
   * ContainerVolumes.sessionLabels();   // {org.testcontainers.sessionId=6f1c...}
   * }</pre>
   */
  public static Map<String, String> sessionLabels() {
    return TestcontainersDaemon.sessionLabels();
  }

  /**
   * Mounts values into a container when it starts; checks them now against what the container has
   * so far, and again at its create against everything it has then.
   *
   * <pre>{@code
   * ContainerVolumes.mount(app, MountSyntax.VOLUME.parse("/srv/conf:/etc/app:ro"), VolumeMount.of("cache", "/cache"));
   * }</pre>
   *
   * @return the container, for chaining
   * @throws MountConflictException when a target is already taken
   */
  public static <T extends GenericContainer<?>> T mount(T container, MountSpec... mounts) {
    requireNonNull(container, "container == null");
    List<MountSpec> list = List.copyOf(Arrays.asList(requireNonNull(mounts, "mounts == null")));
    MountConflicts.checkNow(container, list);
    return register(container, () -> list, List.of());
  }

  /**
   * Mounts a value decided when the container starts, such as one naming a JUnit temp volume that
   * exists only once the test class runs.
   *
   * <pre>{@code
   * @TempVolume static Volume shared;
   * @Container static GenericContainer<?> app = ContainerVolumes.mount(new GenericContainer<>(image),
   *     () -> VolumeMount.of(shared.name(), "/data"));
   * }</pre>
   *
   * @return the container, for chaining
   */
  public static <T extends GenericContainer<?>> T mount(T container, Supplier<? extends MountSpec> mount) {
    requireNonNull(container, "container == null");
    requireNonNull(mount, "mount == null");
    return register(container, () -> List.of(requireNonNull(mount.get(), "the mount supplier gave null")), List.of());
  }

  /**
   * Mounts the volumes of other containers ({@code --volumes-from}), sent as written: {@code "c:ro"}
   * stays {@code "c:ro"}.
   *
   * <pre>{@code
   * ContainerVolumes.volumesFrom(reader, VolumesFrom.parse(writer.getContainerId() + ":ro"));
   * }</pre>
   *
   * @return the container, for chaining
   */
  public static <T extends GenericContainer<?>> T volumesFrom(T container, VolumesFrom... from) {
    requireNonNull(container, "container == null");
    List<VolumesFrom> list = List.copyOf(Arrays.asList(requireNonNull(from, "from == null")));
    return register(container, List::of, list);
  }

  /**
   * What a Testcontainers container is configured to mount (its binds and tmpfs), as volumes4j values.
   *
   * <pre>{@code
   * List<MountSpec> configured = ContainerVolumes.mountsOf(container);
   * }</pre>
   */
  public static List<MountSpec> mountsOf(GenericContainer<?> container) {
    requireNonNull(container, "container == null");
    List<MountSpec> out = new ArrayList<>();
    MountConflicts.orEmpty(container.getBinds()).forEach(b -> out.add(DockerJavaMounts.fromBind(b)));
    MountConflicts.orEmpty(container.getTmpFsMapping()).forEach((t, o) -> out.add(DockerJavaMounts.fromTmpfs(t, o)));
    return List.copyOf(out);
  }

  /**
   * Copies a whole directory out of a started container to a host directory, every entry (empty
   * directories, symbolic and hard links, modes, mtimes), what its mounts hold included, as
   * {@code docker cp} does; entries are checked so that nothing lands outside {@code hostDir}.
   *
   * <pre>{@code
   * TransferResult r = ContainerVolumes.copyOut(app, "/var/log/app", Path.of("target/app-logs"));
   * }</pre>
   */
  public static TransferResult copyOut(GenericContainer<?> container, String containerDir, Path hostDir) {
    requireNonNull(container, "container == null");
    String id = container.getContainerId();
    if (id == null) {
      throw new IllegalStateException("container " + container.getDockerImageName() + " has not been started; start it first");
    }
    return volumes().copyFromContainer(id).tree(containerDir, hostDir);
  }

  private static <T extends GenericContainer<?>> T register(T container, Supplier<List<MountSpec>> mounts,
      List<VolumesFrom> from) {
    container.withCreateContainerCmdModifier(cmd -> atCreate(container, cmd, mounts.get(), from));
    return container;
  }

  private static void atCreate(GenericContainer<?> container, CreateContainerCmd cmd, List<MountSpec> mounts,
      List<VolumesFrom> from) {
    MountConflicts.checkAtCreate(container, cmd, mounts);
    ApiVersion api = TestcontainersDaemon.engine().info().apiVersion();
    // the version gates first: nothing is created for a mount the daemon would not understand
    MountMapper.requireSupported(mounts, api);
    TestcontainersDaemon.createVolumes(mounts, !container.isShouldBeReused());
    DockerJavaMounts.apply(cmd, mounts, from, api);
  }
}
