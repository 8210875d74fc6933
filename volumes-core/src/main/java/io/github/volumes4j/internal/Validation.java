package io.github.volumes4j.internal;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.MountProblem;
import io.github.volumes4j.MountProblem.Stage;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.spi.VolumeEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code Volumes.validate}: every problem the daemon would raise at create or start, found with the rules
 * of {@link DaemonRules}, the volumes the spec names as the engine has them, and what the engine adds
 * ({@link VolumeEngine#problemsOf(ContainerSpec)}). Reads only: nothing is created.
 */
public final class Validation {

  private Validation() {}

  public static List<MountProblem> check(VolumeEngine engine, ContainerSpec spec) {
    List<MountProblem> out = new ArrayList<>();
    boolean host = engine.sharesHostFiles();
    List<String> mountinfo = null;
    for (MountSpec m : spec.mounts()) {
      MountRouting.Field field = MountRouting.field(m, engine.info().apiVersion());
      if (m instanceof BindMount b) {
        Path source = Path.of(b.source());
        boolean exists = host && Files.exists(source);
        if (host && !exists && field == MountRouting.Field.MOUNTS && !b.createMountpoint()) {
          out.add(MountProblem.of(m, b.source(), "invalid mount config for type \"bind\": bind source path does not exist: "
              + b.source(), "create " + b.source() + " first, set createMountpoint (bind-create-src), or give the bind"
              + " as -v, which creates a missing source as a directory", Stage.CREATE));
          continue;
        }
        if (host && b.propagation().isPresent()) {
          if (mountinfo == null) {
            mountinfo = DaemonRules.mountTable();
          }
          add(out, m, DaemonRules.propagation(b.source(), b.propagation().get(), mountinfo), Stage.START);
        }
        Boolean directory = host ? (Boolean) (!exists || Files.isDirectory(source)) : null;
        Boolean devNull = b.target().equals("/dev") && host ? (Boolean) Files.exists(source.resolve("null")) : null;
        add(out, m, DaemonRules.runcTarget(b.source(), b.target(), directory, devNull), Stage.START);
      } else if (m instanceof TmpfsMount t) {
        add(out, m, DaemonRules.kernelTmpfs(t), Stage.START);
        add(out, m, DaemonRules.runcTarget("tmpfs", t.target(), true, false), Stage.START);
      } else if (m instanceof VolumeMount v) {
        if (!v.target().startsWith("/")) {
          continue;  // -v x: the daemon passes a relative target on (recorded as such)
        }
        Optional<DaemonRules.Refusal> target = DaemonRules.volumeTarget(v.target(), v.source().isEmpty());
        if (target.isPresent()) {
          add(out, m, target, Stage.CREATE);
          continue;
        }
        Optional<Volume> existing = v.source().isEmpty() ? Optional.empty() : find(engine, v.source().get());
        String driver = existing.map(Volume::driver).orElse(v.driver().orElse("local"));
        if (driver.equals("local")) {  // another driver's rules are its own (an unknown one is the engine's to report)
          String root = engine.info().dataRoot().orElse("/var/lib/docker");
          if (existing.isEmpty()) {
            Optional<DaemonRules.Refusal> refused = DaemonRules.localVolumeCreate(v.source().orElse(""), v.driverOptions(),
                root);
            if (refused.isPresent()) {
              add(out, m, refused, Stage.CREATE);
              continue;
            }
          }
          String mountpoint = existing.map(Volume::mountpoint).orElse(root + "/volumes/" + v.source().orElse("<id>") + "/_data");
          add(out, m, DaemonRules.localVolumeMount(mountpoint, existing.map(Volume::options).orElse(v.driverOptions()), host),
              Stage.START);
        }
        add(out, m, DaemonRules.runcTarget(DaemonRules.runcSource(v.type(), ""), v.target(), true, false), Stage.START);
      }
    }
    for (io.github.volumes4j.VolumesFrom vf : spec.volumesFrom()) {
      try {
        engine.inspectContainer(vf.container());
      } catch (io.github.volumes4j.ContainerNotFoundException e) {
        out.add(MountProblem.ofSpec(vf.container(), "No such container: " + vf.container(),
            "create the container first, or name one that exists (docker ps -a)", Stage.CREATE));
      } catch (io.github.volumes4j.EngineException e) {
        // a reference the inspect path cannot carry (a daemon answers /containers//x/json with a redirect):
        // the create request carries it in VolumesFrom, where the daemon judges it; nothing to say here
      }
    }
    out.addAll(engine.problemsOf(spec));
    return List.copyOf(out);
  }

  private static Optional<Volume> find(VolumeEngine engine, String name) {
    try {
      return Optional.of(engine.inspectVolume(name));
    } catch (VolumeNotFoundException e) {
      return Optional.empty();
    }
  }

  private static void add(List<MountProblem> out, MountSpec m, Optional<DaemonRules.Refusal> r, Stage stage) {
    r.ifPresent(x -> out.add(MountProblem.of(m, x.value(), x.message(), x.advice(), stage)));
  }
}
