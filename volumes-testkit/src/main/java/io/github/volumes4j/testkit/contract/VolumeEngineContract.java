package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.InvalidVolumeSpecException;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.spi.VolumeEngine;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour every {@link VolumeEngine} must show, checked the same way on each: one abstract
 * JUnit 5 suite, one subclass per engine. The in-memory engine runs it in every build; the Docker
 * engine runs it against a real daemon. Where they disagree, Docker is right.
 *
 * <pre>{@code
 * class InMemoryEngineContractTest extends VolumeEngineContract {
 *   @Override protected VolumeEngine createEngine() { return InMemoryEngine.dockerLike(); }
 * }
 * @EnabledIfDocker
 * class DockerEngineContractIT extends VolumeEngineContract {
 *   @Override protected VolumeEngine createEngine() { return DockerEngine.detect(); }
 * }
 * }</pre>
 *
 * <p>The scenarios (255, parameterized cases counted one by one) cover volume names, create,
 * inspect, list filters, remove, a closed engine ({@code VolumeScenarios}); prune ({@code PruneScenarios}); copy-up, archive
 * read/write/stat through mounts and symbolic links, and Docker's archive errors ({@code CopyUpScenarios}, {@code ArchiveScenarios}, {@code PathScenarios}); bind mounts onto a directory of this machine
 * ({@code BindScenarios}); references, in-use errors, {@code rm -v}, auto-remove, volumes-from,
 * duplicate mount points and container states ({@code ContainerScenarios}); and the mount model
 * ({@code MountScenarios}). Every expected message was taken from Docker 20.10's answers.
 *
 * <p>Scenarios whose outcome depends on the API version branch on {@code engine.info().apiVersion()};
 * those that need a feature or version the engine lacks are assumed away, and the suite prints how
 * many after the class. Every scenario uses unique names, puts the label
 * {@value #TEST_LABEL}{@code =<unique run id>} on what it creates and removes it afterwards, so it
 * can run on a shared daemon.
 */
@ExtendWith(ContractReport.class)
public abstract class VolumeEngineContract {

  /** The label on everything the contract creates. */
  public static final String TEST_LABEL = ContractBase.TEST_LABEL;

  /** Creates the engine under test; called before each scenario and closed after it. */
  protected abstract VolumeEngine createEngine();

  /** Volume names, create, inspect, list filters, remove, local-driver options, a closed engine. */
  @Nested
  class Volumes extends VolumeScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return VolumeEngineContract.this.createEngine();
    }
  }

  /** Prune: which volumes go, by API version and by label and label! filters. */
  @Nested
  class Prune extends PruneScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return VolumeEngineContract.this.createEngine();
    }
  }

  /** Copy-up at create: image content into an empty volume. */
  @Nested
  class CopyUp extends CopyUpScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return VolumeEngineContract.this.createEngine();
    }
  }

  /** Archive read, write and stat through mounts, Docker's archive errors. */
  @Nested
  class Archives extends ArchiveScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return VolumeEngineContract.this.createEngine();
    }
  }

  /** Symbolic links in archive paths, volume subpaths. */
  @Nested
  class Paths extends PathScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return VolumeEngineContract.this.createEngine();
    }
  }

  /** Bind mounts onto a directory of this machine. */
  @Nested
  class Binds extends BindScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return VolumeEngineContract.this.createEngine();
    }
  }

  /** References, in-use errors, rm -v, auto-remove, volumes-from, duplicate mount points, states. */
  @Nested
  class Containers extends ContainerScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return VolumeEngineContract.this.createEngine();
    }
  }

  /** The mount model as the engine applies it: tmpfs, read-only, subpaths, gates. */
  @Nested
  class Mounts extends MountScenarios {
    @Override
    protected VolumeEngine createEngine() {
      return VolumeEngineContract.this.createEngine();
    }
  }
}

