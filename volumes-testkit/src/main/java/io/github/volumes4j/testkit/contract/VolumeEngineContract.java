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
 * <p>The scenarios (about 245, parameterized cases counted one by one) cover volume names, create,
 * inspect, list filters, remove and prune, a closed engine ({@code VolumeScenarios}); copy-up, archive
 * read/write/stat through mounts and symbolic links, and Docker's archive errors ({@code DataScenarios}); bind mounts onto a directory of this machine
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
public abstract class VolumeEngineContract extends MountScenarios {

  /** Creates the engine under test; called before each scenario and closed after it. */
  @Override
  protected abstract VolumeEngine createEngine();
}

