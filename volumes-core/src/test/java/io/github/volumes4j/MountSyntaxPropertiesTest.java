package io.github.volumes4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.internal.GoPaths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Properties: any text gives a mount or InvalidMountSpecException; every expressible value survives a round trip. */
class MountSyntaxPropertiesTest {

  private static final List<String> FLAGS = List.of("-v", "--volume", "--mount", "--tmpfs");
  private static final ParseOptions OPTIONS = ParseOptions.builder().baseDirectory("/base/dir").build();

  @Property(tries = 3000)
  void anyTextGivesAMountOrInvalidMountSpec(@ForAll("specText") String text, @ForAll("flag") String flag) {
    try {
      MountSpec m = MountSyntax.ofFlag(flag).parse(text, OPTIONS);
      assertThat(m.target()).isNotEmpty();
    } catch (InvalidMountSpecException e) {
      assertThat(e.input()).isEqualTo(text);
      assertThat(e.getMessage()).isNotBlank();
      e.position().ifPresent(p -> assertThat(p).isBetween(0, text.length()));
    }
  }

  @Property(tries = 2000)
  void anyUnicodeTextGivesAMountOrInvalidMountSpec(@ForAll @StringLength(max = 60) String text, @ForAll("flag") String flag) {
    try {
      MountSyntax.ofFlag(flag).parse(text, OPTIONS);
    } catch (InvalidMountSpecException e) {
      assertThat(e.input()).isEqualTo(text);
    }
  }

  @Property(tries = 2000)
  void anyTextGivesAWindowsMountOrInvalidMountSpec(@ForAll("windowsText") String text) {
    ParseOptions windows = ParseOptions.builder().daemonOs(DaemonOs.WINDOWS).build();
    try {
      MountSpec m = MountSyntax.VOLUME.parse(text, windows);
      assertThat(m.target()).isNotEmpty();
    } catch (InvalidMountSpecException e) {
      assertThat(e.input()).isEqualTo(text);
    }
  }

  @Provide
  Arbitrary<String> windowsText() {
    return Arbitraries.oneOf(Arbitraries.of("C:", "c:\\", "D:/", "\\\\.\\pipe\\", "\\\\?\\", ":", "\\", "/", "ro", "rw", "vol", "con",
        "*", "|", "a b", ".."), Arbitraries.strings().withChars("abC:\\/ .").ofMaxLength(6))
        .list().ofMaxSize(10).map(l -> String.join("", l));
  }

  @Property(tries = 2000)
  void anyTextGivesVolumesFromOrInvalidMountSpec(@ForAll("specText") String text) {
    try {
      VolumesFrom v = VolumesFrom.parse(text);
      assertThat(VolumesFrom.parse(v.format())).isEqualTo(v);
    } catch (InvalidMountSpecException e) {
      assertThat(e.input()).isEqualTo(text);
    }
  }

  @Property(tries = 3000)
  void everyExpressibleValueSurvivesItsSyntax(@ForAll("mounts") MountSpec m) {
    for (String flag : List.of("-v", "--mount", "--tmpfs")) {
      if (MountSyntax.ofFlag(flag).canWrite(m)) {
        String text = MountSyntax.ofFlag(flag).format(m);
        MountSpec back = MountSyntax.ofFlag(flag).parse(text, OPTIONS);
        MountSpec expected = flag.equals("-v") && m instanceof BindMount b ? b.withCreateMountpoint(true) : m;
        assertThat(back).as("%s %s", flag, text).isEqualTo(expected);
      } else {
        assertThatThrownBy(() -> MountSyntax.ofFlag(flag).format(m)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(flag);
      }
    }
  }

  @Property(tries = 1000, maxDiscardRatio = 200)
  void textThatParsesWritesBackToTheSameValue(@ForAll("specText") String text, @ForAll("flag") String flag) {
    MountSpec m;
    try {
      m = MountSyntax.ofFlag(flag).parse(text, OPTIONS);
    } catch (InvalidMountSpecException e) {
      Assume.that(false);
      return;
    }
    String f = flag.equals("--volume") ? "-v" : flag;
    if (MountSyntax.ofFlag(f).canWrite(m)) {
      assertThat(MountSyntax.ofFlag(f).parse(MountSyntax.ofFlag(f).format(m), OPTIONS)).isEqualTo(m);
    }
  }

  @Property(tries = 1000)
  void mountsRejectsExactlyTheTargetsThatCleanToTheSamePath(@ForAll("target") String a, @ForAll("target") String b) {
    boolean same = GoPaths.clean(a).equals(GoPaths.clean(b));
    try {
      Mounts.of(TmpfsMount.at(a), VolumeMount.anonymous(b));
      assertThat(same).as("%s and %s", a, b).isFalse();
    } catch (InvalidMountSpecException e) {
      assertThat(same).as("%s and %s: %s", a, b, e.getMessage()).isTrue();
      assertThat(e.getMessage()).startsWith("Duplicate mount point: " + GoPaths.clean(b));
    }
  }

  @Provide
  Arbitrary<String> flag() {
    return Arbitraries.of(FLAGS);
  }

  @Provide
  Arbitrary<String> specText() {
    Arbitrary<String> pieces = Arbitraries.oneOf(
        Arbitraries.of(":", ",", "=", "\"", "/", ".", "..", " ", "\n", "\r", "\\", "C:", "%", "-", "0"),
        Arbitraries.of("ro", "rw", "z", "Z", "nocopy", "rshared", "rslave", "private", "cached", "delegated", "consistent",
            "type", "volume", "bind", "tmpfs", "image", "source", "src", "target", "dst", "destination", "readonly",
            "bind-propagation", "bind-recursive", "bind-nonrecursive", "bind-create-src", "volume-driver", "volume-label",
            "volume-nocopy", "volume-opt", "volume-subpath", "tmpfs-size", "tmpfs-mode", "consistency", "size", "mode",
            "noexec", "exec", "uid", "nr_inodes", "64m", "1777", "1.5g", "true", "false", "enabled", "disabled", "writable"),
        Arbitraries.strings().withChars("abcAZ09_-/.:,=\"' \t%").ofMaxLength(8),
        Arbitraries.of("/data", "/srv/app", "pgdata", "./src", "../x", "/", "//", "/x/..", "vol1"));
    return pieces.list().ofMaxSize(14).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> target() {
    Arbitrary<String> seg = Arbitraries.of("a", "b", "data", ".", "..", "", "x.y");
    return seg.list().ofMinSize(1).ofMaxSize(5).map(l -> "/" + String.join("/", l))
        .filter(t -> !GoPaths.clean(t).equals("/"));
  }

  @Provide
  Arbitrary<MountSpec> mounts() {
    return Arbitraries.oneOf(volumeMounts(), bindMounts(), tmpfsMounts());
  }

  private static Arbitrary<String> containerPaths() {
    Arbitrary<String> seg = Arbitraries.oneOf(Arbitraries.strings().withChars("abcxyz019_-.").ofMinLength(1).ofMaxLength(6),
        Arbitraries.strings().withChars("ab ,=\":\\").ofMinLength(1).ofMaxLength(4));
    return seg.list().ofMinSize(1).ofMaxSize(4).map(l -> "/" + String.join("/", l)).filter(t -> !GoPaths.clean(t).equals("/"));
  }

  private static Arbitrary<Optional<Consistency>> consistency() {
    return Arbitraries.of(Consistency.class).optional(0.3);
  }

  private static Arbitrary<MountSpec> volumeMounts() {
    Arbitrary<Optional<String>> names = Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(2).ofMaxLength(10)
        .filter(n -> Character.isLetterOrDigit(n.charAt(0))).optional(0.8);
    Arbitrary<Map<String, String>> kv = Arbitraries.maps(Arbitraries.strings().withChars("ab=,\" x").ofMinLength(1).ofMaxLength(5),
        Arbitraries.strings().withChars("ab=,\" x\n").ofMaxLength(6)).ofMaxSize(2);
    Arbitrary<Optional<String>> drivers = Arbitraries.of("local", "nfs-plugin", "a,b").optional(0.2);
    Arbitrary<Optional<String>> subpaths = Arbitraries.of("a", "a/b", "x y", "a,b", "c=d").optional(0.2);
    return Combinators.combine(names, containerPaths(), Arbitraries.of(true, false), Arbitraries.of(true, false), consistency(),
        Arbitraries.of(SelinuxLabel.class).optional(0.2), subpaths, Combinators.combine(kv, kv, drivers).as(List::of))
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
            return (MountSpec) VolumeMount.anonymous("/fallback");
          }
        });
  }

  private static Arbitrary<MountSpec> bindMounts() {
    Arbitrary<String> sources = containerPaths().map(p -> p.length() > 1 ? p : "/src");
    return Combinators.combine(sources, containerPaths(), Arbitraries.of(true, false), Arbitraries.of(Propagation.class).optional(0.5),
        Arbitraries.of(SelinuxLabel.class).optional(0.2), Arbitraries.of(BindRecursion.class).optional(0.3), Arbitraries.of(true, false),
        consistency())
        .as((src, target, ro, prop, label, rec, create, cons) -> {
          try {
            return (MountSpec) BindMount.builder().source(src).target(target).readOnly(ro).propagation(prop).selinuxLabel(label)
                .recursion(rec).createMountpoint(create).consistency(cons).build();
          } catch (InvalidMountSpecException e) {
            return (MountSpec) BindMount.of("/a", "/b");
          }
        });
  }

  private static Arbitrary<MountSpec> tmpfsMounts() {
    Arbitrary<List<String>> options = Arbitraries.of("noexec", "exec", "nosuid", "uid=1000", "gid=5", "nr_inodes=1k", "mpol=bind:0",
        "size=50%").list().ofMaxSize(3);
    return Combinators.combine(containerPaths(), Arbitraries.of(true, false),
        Arbitraries.longs().between(1, Long.MAX_VALUE / 2).optional(0.5),
        Arbitraries.integers().between(0, 07777).optional(0.5), options, consistency())
        .as((target, ro, size, mode, opts, cons) -> {
          try {
            TmpfsMount.Builder b = TmpfsMount.builder().target(target).readOnly(ro).addAllOptions(opts).consistency(cons);
            size.ifPresent(b::sizeBytes);
            mode.ifPresent(b::mode);
            return (MountSpec) b.build();
          } catch (InvalidMountSpecException e) {
            return (MountSpec) TmpfsMount.at("/t");
          }
        });
  }
}
