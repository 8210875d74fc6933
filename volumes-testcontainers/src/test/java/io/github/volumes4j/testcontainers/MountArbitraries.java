package io.github.volumes4j.testcontainers;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.Consistency;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.SelinuxLabel;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Valid mount values of every kind and option, each with any origin its kind can have. */
final class MountArbitraries {

  private MountArbitraries() {}

  static Arbitrary<MountSpec> mounts() {
    return Arbitraries.oneOf(volumes(), binds(), tmpfs()).flatMap(m -> origins(m));
  }

  private static Arbitrary<MountSpec> origins(MountSpec m) {
    Arbitrary<Optional<MountSpec.Origin>> o = m instanceof TmpfsMount
        ? Arbitraries.of(MountSpec.Origin.TMPFS_FLAG, MountSpec.Origin.MOUNT_FLAG).optional(0.6)
        : MountSyntax.VOLUME.canWrite(m) ? Arbitraries.of(MountSpec.Origin.VOLUME_FLAG, MountSpec.Origin.MOUNT_FLAG).optional(0.6)
        : Arbitraries.just(MountSpec.Origin.MOUNT_FLAG).optional(0.5);
    return o.map(origin -> {
      if (m instanceof VolumeMount v) {
        return v.withOrigin(origin);
      }
      if (m instanceof BindMount b) {
        return b.withOrigin(origin);
      }
      return ((TmpfsMount) m).withOrigin(origin);
    });
  }

  private static Arbitrary<String> paths() {
    return Arbitraries.strings().withChars("abcxyz019_-.").ofMinLength(1).ofMaxLength(6).list().ofMinSize(1).ofMaxSize(3)
        .map(l -> "/" + String.join("/", l)).filter(p -> !p.contains("/./") && !p.endsWith("/.") && !p.contains("/.."));
  }

  private static Arbitrary<Optional<Consistency>> consistency() {
    return Arbitraries.of(Consistency.class).optional(0.3);
  }

  private static Arbitrary<MountSpec> volumes() {
    Arbitrary<Optional<String>> names = Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(2).ofMaxLength(10)
        .filter(n -> Character.isLetterOrDigit(n.charAt(0))).optional(0.8);
    Arbitrary<Map<String, String>> kv = Arbitraries.maps(Arbitraries.strings().withChars("ab=x.").ofMinLength(1).ofMaxLength(5),
        Arbitraries.strings().withChars("ab x,=").ofMaxLength(6)).ofMaxSize(2);
    Arbitrary<Optional<String>> drivers = Arbitraries.of("local", "nfs-plugin").optional(0.3);
    Arbitrary<Optional<String>> subpaths = Arbitraries.of("a", "a/b", "x y").optional(0.2);
    return Combinators.combine(names, paths(), Arbitraries.of(true, false), Arbitraries.of(true, false), consistency(),
        Arbitraries.of(SelinuxLabel.class).optional(0.15), subpaths, Combinators.combine(kv, kv, drivers).as(List::of))
        .as((name, target, ro, nocopy, cons, label, sub, rest) -> {
          @SuppressWarnings("unchecked")
          Map<String, String> labels = (Map<String, String>) rest.get(0);
          @SuppressWarnings("unchecked")
          Map<String, String> opts = (Map<String, String>) rest.get(1);
          @SuppressWarnings("unchecked")
          Optional<String> driver = (Optional<String>) rest.get(2);
          try {
            return (MountSpec) VolumeMount.builder().source(name).target(target).readOnly(ro && name.isPresent()).noCopy(nocopy)
                .consistency(cons).selinuxLabel(label).subpath(name.isPresent() ? sub : Optional.empty())
                .putAllLabels(labels).putAllDriverOptions(opts).driver(driver).build();
          } catch (InvalidMountSpecException e) {
            return (MountSpec) VolumeMount.of("fallback", target);
          }
        });
  }

  private static Arbitrary<MountSpec> binds() {
    return Combinators.combine(paths(), paths(), Arbitraries.of(true, false), Arbitraries.of(Propagation.class).optional(0.4),
        Arbitraries.of(SelinuxLabel.class).optional(0.15), Arbitraries.of(BindRecursion.class).optional(0.3), Arbitraries.of(true, false),
        consistency())
        .as((src, target, ro, prop, label, rec, create, cons) -> {
          try {
            return (MountSpec) BindMount.builder().source(src).target(target).readOnly(ro).propagation(prop).selinuxLabel(label)
                .recursion(rec).createMountpoint(create).consistency(cons).build();
          } catch (InvalidMountSpecException e) {
            return (MountSpec) BindMount.of("/srv", target);
          }
        });
  }

  private static Arbitrary<MountSpec> tmpfs() {
    Arbitrary<List<String>> options = Arbitraries.of("noexec", "exec", "nosuid", "uid=1000", "gid=5", "nr_inodes=1k").list()
        .uniqueElements().ofMaxSize(3);
    return Combinators.combine(paths(), Arbitraries.of(true, false), Arbitraries.longs().between(1, 1L << 40).optional(0.5),
        Arbitraries.integers().between(0, 07777).optional(0.5), options, consistency())
        .as((target, ro, size, mode, opts, cons) -> {
          try {
            TmpfsMount.Builder b = TmpfsMount.builder().target(target).readOnly(ro).addAllOptions(opts).consistency(cons);
            size.ifPresent(b::sizeBytes);
            mode.ifPresent(b::mode);
            return (MountSpec) b.build();
          } catch (InvalidMountSpecException e) {
            return (MountSpec) TmpfsMount.at(target);
          }
        });
  }
}
