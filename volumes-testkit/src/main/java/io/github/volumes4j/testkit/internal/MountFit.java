package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.internal.DaemonRules;
import io.github.volumes4j.internal.MountRouting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the daemon, runc and the kernel say about where a mount goes and how it is reported, as recorded
 * from Docker 20.10 ({@code recordings/mount-specs.tsv}): volumes refused over files, names too long for
 * the host, the mode text and propagation that inspect shows for each request field, the tmpfs data the
 * kernel refuses and the propagation a host mount allows when the container starts.
 */
final class MountFit {

  private MountFit() {}

  private static boolean isFile(Tree.Node n) {
    return n != null && !(n instanceof Tree.Dir);
  }

  /** Refuses a volume over a file of the image (or one the daemon writes), or a path too long for the host. */
  static void requireVolumeFits(Tree.Dir rootfs, String target, boolean anonymous) {
    DaemonRules.volumeTarget(target, anonymous).ifPresent(r -> {
      throw new EngineException(500, r.message(), null);
    });
    overFile(rootfs, io.github.volumes4j.MountType.VOLUME, target, null, anonymous).ifPresent(message -> {
      throw new EngineException(500, message, null);
    });
  }

  /**
   * A directory mount (a volume, a tmpfs, a bind of a directory or of a missing source) over a file of the
   * root file system given: the daemon's words at create for a volume, runc's at start for the others.
   */
  static java.util.Optional<String> overFile(Tree.Dir rootfs, io.github.volumes4j.MountType type, String target,
      String bindSource, boolean anonymous) {
    boolean directory = type != io.github.volumes4j.MountType.BIND || !Files.exists(Path.of(bindSource))
        || Files.isDirectory(Path.of(bindSource));
    if (!directory || !isFile(TreeFiles.walk(rootfs, target))) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(type == io.github.volumes4j.MountType.VOLUME ? DaemonRules.volumeOverFile(target, anonymous)
        : DaemonRules.overFile(DaemonRules.runcSource(type, bindSource), target));
  }

  /** The mode text of a volume: its {@code -v} modes for Binds ("z" when none), "z" for Mounts, "" for {@code -v /x}. */
  static String volumeMode(MountSpec m, MountRouting.Field field) {
    return switch (field) {
      case BINDS -> modeText(m, "z");
      case MOUNTS -> "z";
      default -> "";
    };
  }

  /** The mode part of the value's {@code -v} text, as Docker reports it for a mount that came in Binds. */
  static String modeText(MountSpec m, String none) {
    String text = MountSyntax.VOLUME.format(m);
    int first = text.indexOf(':');
    int cut = first < 0 ? -1 : text.indexOf(':', first + 1);
    return cut < 0 ? none : text.substring(cut + 1);
  }

  private static final Set<String> DATA_ROOT_AND_PARENTS = Set.of("/", "/var", "/var/lib", "/var/lib/docker");

  /** The daemon's default propagation is rslave for a bind of its data root or a parent of it, rprivate for any other. */
  static String bindPropagation(BindMount b) {
    // the daemon compares the source as given with its data root and the parents of it ("//" is rprivate, recorded)
    return b.propagation().map(Propagation::apiName).orElse(DATA_ROOT_AND_PARENTS.contains(b.source()) ? "rslave" : "rprivate");
  }

  /** A relative {@code -v} target as the daemon reports it: cleaned, still relative ({@code ./x} is {@code x}). */
  static String relativeClean(String target) {
    String abs = ContainerPaths.clean("/" + target);
    return abs.substring(1);
  }

  /** What the daemon, runc and the kernel refuse when the container starts. */
  static void requireStartable(ContainerModel.Container c) {
    for (MountSpec spec : c.spec.mounts()) {
      if (spec instanceof TmpfsMount t) {
        kernelTmpfsCheck(t);
      } else if (spec instanceof BindMount b && b.propagation().isPresent()) {
        requirePropagation(b.source(), b.propagation().get(), DaemonRules.mountTable());
      }
    }
    for (ContainerModel.Mount m : c.mounts) {
      if (m.volume != null) {
        localVolumeCheck(m.volume);
      }
      runcCheck(c.rootfs, m);
    }
  }

  /**
   * The local driver mounts a volume with options when a container first uses it (recorded: a bind device
   * that is missing, tmpfs data the kernel refuses). What the fake cannot mount (nfs, cifs, a block device)
   * fails loudly rather than pretending.
   */
  static void localVolumeCheck(VolumeRecord v) {
    String type = v.options == null ? null : v.options.get("type");
    if (!"local".equals(v.driver) || type == null) {
      return;
    }
    DaemonRules.localVolumeMount(v.mountpoint(), v.options, true).ifPresent(r -> {
      throw new EngineException(500, r.message(), null);
    });
    if (v.bindDevice == null && !v.tmpfsBacked) {
      throw new io.github.volumes4j.UnsupportedFeatureException("local volume of type " + type, "the in-memory engine"
          + " cannot mount the local volume " + v.name + " (type=" + type + ", device=" + v.options.getOrDefault("device", "")
          + "): it models tmpfs and bind devices only; test this volume on Docker (@VolumesTest(engines = EngineKind.DOCKER))");
    }
  }

  /** runc's refusals of where a mount goes (recorded through runc 1.1 on 20.10), the image's files included. */
  private static void runcCheck(Tree.Dir rootfs, ContainerModel.Mount m) {
    boolean bind = m.type == io.github.volumes4j.MountType.BIND;
    String what = DaemonRules.runcSource(m.type, m.bindSource);
    boolean directory = !bind || Files.isDirectory(Path.of(m.bindSource)) || !Files.exists(Path.of(m.bindSource));
    Boolean devNull = m.destination.equals("/dev") ? bind && Files.exists(Path.of(m.bindSource, "null")) : null;
    java.util.Optional<DaemonRules.Refusal> r = DaemonRules.runcTarget(what, m.destination, directory, devNull);
    r.ifPresent(x -> {
      throw new EngineException(500, x.message(), null);
    });
    if (m.type != io.github.volumes4j.MountType.VOLUME) {  // (a volume over a file was refused at create)
      overFile(rootfs, m.type, m.destination, m.bindSource, false).ifPresent(message -> {
        throw new EngineException(500, message, null);
      });
    }
  }

  /** The kernel's refusals of tmpfs data (recorded through runc on 20.10). */
  static void kernelTmpfsCheck(TmpfsMount t) {
    DaemonRules.kernelTmpfs(t).ifPresent(r -> {
      throw new EngineException(500, r.message(), null);
    });
  }

  /** The daemon's check of a shared or slave bind against this host's mount table. */
  static void requirePropagation(String source, Propagation propagation, List<String> mountinfo) {
    DaemonRules.propagation(source, propagation, mountinfo).ifPresent(r -> {
      throw new EngineException(500, r.message(), null);
    });
  }
}
