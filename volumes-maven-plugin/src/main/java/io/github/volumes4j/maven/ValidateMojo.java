package io.github.volumes4j.maven;

import io.github.volumes4j.EngineUnavailableException;
import io.github.volumes4j.MountProblem;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.Mounts;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.compose.ComposeProject;
import io.github.volumes4j.compose.ComposeService;
import io.github.volumes4j.compose.ComposeVolume;
import io.github.volumes4j.compose.ServiceMount;
import io.github.volumes4j.lint.LintMount;
import io.github.volumes4j.lint.LintSubject;
import io.github.volumes4j.ContainerSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code volumes4j:validate}: asks the reachable daemon ({@code DOCKER_HOST}, else the local socket) whether it would
 * take every service's mounts and the configured mounts, with {@code Volumes.validate}: missing bind sources, targets
 * runc refuses, tmpfs options the kernel refuses, fields the daemon's API version lacks, missing external volumes.
 * Nothing is created. Without a daemon it is skipped with a message, unless {@code volumes4j.docker.required} (or
 * the environment variable {@code VOLUMES4J_DOCKER_REQUIRED}) is true.
 *
 * <pre>{@code
 * ./mvnw verify                                         # skipped with a message when no daemon answers
 * VOLUMES4J_DOCKER_REQUIRED=true ./mvnw verify          # fails instead
 * }</pre>
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ValidateMojo extends AbstractVolumesMojo {

  /** The image the checks assume (validation reads no image content; the name appears in messages only). */
  @Parameter(property = "volumes4j.image", defaultValue = "busybox")
  String image;

  /** Whether a missing daemon fails the build instead of skipping the goal. */
  @Parameter(property = "volumes4j.docker.required", defaultValue = "false")
  boolean required;

  /** Runs the validation. */
  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("volumes4j:validate skipped (volumes4j.skip)");
      return;
    }
    boolean mustHaveDaemon = required || "true".equalsIgnoreCase(System.getenv("VOLUMES4J_DOCKER_REQUIRED"));
    List<LintSubject> unreadable = new ArrayList<>();
    List<Path> files = Sources.composeFiles(composeFiles, basedir);
    Optional<ComposeProject> project = Sources.load(files, projectName, basedir, unreadable);
    Optional<LintSubject> configured = Sources.mounts(mounts, pomFile, unreadable);
    if (!unreadable.isEmpty()) {
      throw new MojoFailureException("volumes4j:validate cannot read what it should validate: " + unreadable.stream()
          .flatMap(s -> s.notes().stream()).map(n -> n.message()).toList() + "; run volumes4j:lint for the details");
    }
    Volumes volumes;
    try {
      volumes = Volumes.connect();
    } catch (EngineUnavailableException e) {
      String msg = "volumes4j:validate: no Docker daemon answers (" + e.getMessage() + ")";
      if (mustHaveDaemon) {
        throw new MojoFailureException(msg + "; volumes4j.docker.required is set, so this fails the build");
      }
      getLog().warn(msg + "; skipped. Start Docker or set DOCKER_HOST to validate; set volumes4j.docker.required=true"
          + " to fail instead of skipping");
      return;
    }
    List<String> problems = new ArrayList<>();
    int checked = 0;
    try (volumes) {
      if (project.isPresent()) {
        ComposeProject p = project.get();
        for (ComposeVolume v : p.volumes().values()) {
          if (v.external() && volumes.find(v.name()).isEmpty()) {
            problems.add(v.location() + ": [" + v.key() + "] external volume \"" + v.name() + "\" not found; create it"
                + " before docker compose up");
          }
        }
        for (ComposeService s : p.services().values()) {
          for (ServiceMount m : s.mounts()) {
            m.problem().ifPresent(why -> problems.add(m.location() + ": [" + s.name() + "] " + why));
          }
          checked += s.mountSpecs().size();
          List<MountSpec> specs = s.mounts().stream().flatMap(m -> m.spec().stream()).toList();
          ContainerSpec supported = ContainerSpec.builder().image(image).addAllMounts(supported(volumes, specs,
              spec -> locationOf(s, spec) + ": [" + s.name() + "] ", problems)).build();
          for (MountProblem problem : volumes.validate(supported)) {
            problems.add(where(s, problem) + ": [" + s.name() + "] " + problem);
          }
        }
      }
      if (configured.isPresent()) {
        List<LintMount> mounts = configured.get().mounts();
        ContainerSpec spec = ContainerSpec.builder().image(image).addAllMounts(supported(volumes,
            mounts.stream().map(LintMount::spec).toList(), x -> mounts.stream().filter(m -> m.spec().equals(x))
                .findFirst().flatMap(LintMount::location).map(l -> l + ": ").orElse("") + "[(mounts)] ", problems))
            .build();
        checked += configured.get().mounts().size();
        for (MountProblem problem : volumes.validate(spec)) {
          problems.add("[(mounts)] " + problem);
        }
      }
      getLog().info("volumes4j:validate: " + checked + " mount(s) checked against " + volumes.engine().info().product().orElse(volumes.engine().info().name())
          + " " + volumes.engine().info().version() + " (API " + volumes.apiVersion() + ")");
    } catch (VolumesException e) {
      throw new MojoExecutionException("volumes4j:validate: the daemon failed while validating: " + e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      problems.forEach(getLog()::error);
      throw new MojoFailureException("volumes4j:validate: the daemon would refuse " + problems.size()
          + " mount(s): " + problems);
    }
  }

  /**
   * The mounts the daemon's API version can take; each other one becomes a problem with its place (the daemon would
   * ignore the field without a word, so the mount would not be what the file says), and is not validated further.
   */
  private static List<MountSpec> supported(Volumes volumes, List<MountSpec> specs, Function<MountSpec, String> where,
      List<String> problems) {
    List<MountSpec> out = new ArrayList<>();
    for (MountSpec spec : specs) {
      try {
        Mounts.of(spec).requireSupportedBy(volumes.apiVersion());
        out.add(spec);
      } catch (UnsupportedFeatureException e) {
        problems.add(where.apply(spec) + "the daemon at API " + volumes.apiVersion() + " would ignore part of this"
            + " mount: " + e.getMessage());
      }
    }
    return out;
  }

  private static String locationOf(ComposeService s, MountSpec spec) {
    return s.mounts().stream().filter(x -> x.spec().equals(Optional.of(spec))).findFirst()
        .map(x -> x.location().toString()).orElse(s.location().toString());
  }

  private static String where(ComposeService s, MountProblem p) {
    return p.mount().map(m -> locationOf(s, m)).orElse(s.location().toString());
  }
}
