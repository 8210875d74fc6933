package io.github.volumes4j;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.internal.ImageRefs;
import io.github.volumes4j.spi.VolumeEngine;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of an engine, as far as running containers needs them: whether one is there, and pulling
 * one as {@code docker pull} does. Credentials come from where the docker CLI keeps them
 * ({@code ~/.docker/config.json}: {@code auths}, {@code credsStore}, {@code credHelpers}); the
 * in-memory engine pulls from the images a test registered as remote.
 *
 * <pre>{@code
 * Images images = volumes.images();
 * if (!images.exists("busybox:1.36")) {
 *   images.pull("busybox:1.36", p -> System.out.println(p));
 * }
 * }</pre>
 */
public final class Images {

  private static final Logger LOG = LoggerFactory.getLogger(Images.class);

  private final VolumeEngine engine;

  Images(VolumeEngine engine) {
    this.engine = engine;
  }

  /**
   * Whether the engine has the image.
   *
   * <pre>{@code
   * boolean there = volumes.images().exists("busybox:1.36");
   * }</pre>
   */
  public boolean exists(String reference) {
    return engine.imageExists(requireNonNull(reference, "reference == null"));
  }

  /**
   * Pulls the image, its progress logged at DEBUG.
   *
   * <pre>{@code
   * volumes.images().pull("busybox:1.36");
   * }</pre>
   *
   * @throws ImagePullException (ImageNotFoundException, RegistryAuthenticationException,
   *     RegistryUnreachableException) as {@link VolumeEngine#pullImage} says
   * @throws IllegalArgumentException if the reference is not one Docker would read
   */
  public void pull(String reference) {
    pull(reference, p -> LOG.debug("pull {}: {}", p.reference(), p));
  }

  /**
   * Pulls the image, reporting each step to {@code progress}.
   *
   * <pre>{@code
   * volumes.images().pull("busybox:1.36", p -> System.out.println(p));
   * }</pre>
   */
  public void pull(String reference, Consumer<PullProgress> progress) {
    requireNonNull(reference, "reference == null");
    requireNonNull(progress, "progress == null");
    ImageRefs.parse(reference);
    engine.pullImage(reference, progress);
  }

  /**
   * Makes sure the engine has the image as the policy says: pulls it when missing
   * ({@link PullPolicy#MISSING}), always ({@link PullPolicy#ALWAYS}), or never, failing when it is
   * missing ({@link PullPolicy#NEVER}).
   *
   * <pre>{@code
   * boolean pulled = volumes.images().ensure("busybox:1.36", PullPolicy.MISSING, p -> {});
   * }</pre>
   *
   * @return whether it pulled
   * @throws ImageNotFoundException for a missing image under {@link PullPolicy#NEVER}, or one the registry lacks
   */
  public boolean ensure(String reference, PullPolicy policy, Consumer<PullProgress> progress) {
    requireNonNull(reference, "reference == null");
    requireNonNull(policy, "policy == null");
    requireNonNull(progress, "progress == null");
    if (policy == PullPolicy.ALWAYS) {
      pull(reference, progress);
      return true;
    }
    if (exists(reference)) {
      return false;
    }
    if (policy == PullPolicy.NEVER) {
      String registry;
      try {
        registry = ImageRefs.parse(reference).registry();
      } catch (IllegalArgumentException e) {
        registry = "";
      }
      throw new ImageNotFoundException(reference, registry, "image " + reference + " is not on " + engine.info().name()
          + " and the pull policy is NEVER; pull it first (volumes.images().pull), use PullPolicy.MISSING, or load it"
          + " into the engine (docker load, an import)", null);
    }
    if (!engine.supports(EngineFeature.IMAGE_PULL)) {
      throw new ImageNotFoundException(reference, "", "image " + reference + " is not on " + engine.info().name()
          + ", which cannot pull images; make it available there first", null);
    }
    pull(reference, progress);
    return true;
  }
}
