package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.InvalidVolumeSpecException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Volume scenarios: names, create, inspect, list, remove, local-driver options (prune: {@code PruneScenarios}). */
abstract class VolumeScenarios extends ContractBase {



  // ---- create and inspect --------------------------------------------------------------------

  @Test
  void createdVolumeReportsNameDriverScopeAndMountpoint() {
    Volume v = create("a");
    assertThat(v.name()).isEqualTo(name("a"));
    assertThat(v.driver()).isEqualTo("local");
    assertThat(v.scope()).isEqualTo("local");
    assertThat(v.mountpoint()).endsWith("/volumes/" + name("a") + "/_data");
    assertThat(v.anonymous()).isFalse();
  }

  @Test
  void createdAtIsInDockersFormatWholeSecondsNearNow() {
    assertCreatedAtIsDockers(create("a"));
  }

  @Test
  void inspectReturnsWhatCreateReturned() {
    Volume v = create(spec("a").label("team", "infra"));
    Volume i = engine.inspectVolume(name("a"));
    assertThat(i.name()).isEqualTo(v.name());
    assertThat(i.labels()).isEqualTo(v.labels());
    assertThat(i.createdAt()).isEqualTo(v.createdAt());
    assertThat(i.mountpoint()).isEqualTo(v.mountpoint());
  }

  @Test
  void labelsAreKeptExactly() {
    Volume v = create(spec("a").label("team", "infra").label("empty", "").label("dots.and-dashes/x", "a=b"));
    assertThat(v.labels()).containsOnly(Map.entry(TEST_LABEL, run), Map.entry("team", "infra"), Map.entry("empty", ""),
        Map.entry("dots.and-dashes/x", "a=b"));
    assertThat(v.labelsReported()).isTrue();
  }

  @Test
  void aVolumeWithoutOptionsReportsNoOptions() {
    Volume v = create("a");
    assertThat(v.options()).isEmpty();
  }

  @Test
  void createOfAnExistingNameReturnsItUnchanged() {
    Volume first = create("a");
    Volume second = engine.createVolume(VolumeSpec.named(name("a")).label("other", "x"));
    assertThat(second.labels()).isEqualTo(first.labels()).doesNotContainKey("other");
    assertThat(second.createdAt()).isEqualTo(first.createdAt());
  }

  @Test
  void createOfAnExistingNameIgnoresNewOptions() {
    create("a");
    Volume second = engine.createVolume(spec("a").driverOption("type", "tmpfs").driverOption("device", "tmpfs"));
    assertThat(second.options()).isEmpty();
    assertThat(engine.inspectVolume(name("a")).options()).isEmpty();
  }

  @Test
  void createOfAnExistingNameWithLabelsLeavesTheStoredLabels() {
    create(spec("a").label("k", "1"));
    engine.createVolume(spec("a").label("k", "2"));
    assertThat(engine.inspectVolume(name("a")).labels()).containsEntry("k", "1");
  }

  @Test
  void createWithAnUnknownDriverFailsNamingThePlugin() {
    String n = name("a");
    assertEngineError(() -> engine.createVolume(VolumeSpec.named(n).withDriver("nosuchdriver").label(TEST_LABEL, run)),
        404, "create " + n + ": error looking up volume plugin nosuchdriver: plugin \"nosuchdriver\" not found");
    assertThat(exists(n)).isFalse();
  }

  @Test
  void createOfAnExistingNameWithAnUnknownDriverFailsNamingThePlugin() {
    create("a");
    String n = name("a");
    assertEngineError(() -> engine.createVolume(VolumeSpec.named(n).withDriver("nosuchdriver")), 404,
        "create " + n + ": error looking up volume plugin nosuchdriver: plugin \"nosuchdriver\" not found");
    assertThat(engine.inspectVolume(n).driver()).isEqualTo("local");
  }

  @Test
  void createOfAnExistingNameWithDriverLocalSpelledOutReturnsIt() {
    Volume v = create("a");
    assertThat(engine.createVolume(VolumeSpec.named(name("a")).withDriver("local")).createdAt()).isEqualTo(v.createdAt());
  }

  @Test
  void inspectOfAMissingVolumeFails() {
    String n = name("missing");
    assertNotFound(() -> engine.inspectVolume(n), n);
  }

  @Test
  void inspectIsCaseSensitive() {
    create("abc");
    String upper = name("ABC");
    assertNotFound(() -> engine.inspectVolume(upper), upper);
  }

  // ---- names --------------------------------------------------------------------------------

  @Test
  void aOneCharacterNameIsTooShort() {
    assertInvalid(() -> engine.createVolume(VolumeSpec.named("x")),
        "create x: volume name is too short, names should be at least two alphanumeric characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-ab", ".ab", "_ab", "a b", "a/b", "ab:c", "a@b", "ab$", "a\u00e9", "a,b", "a+b", "a#b",
      "a*b", "ab!", "(ab)", "a~b"})
  void namesWithCharactersOutsideDockersSetAreRefused(String bad) {
    String n = bad.startsWith("-") || bad.startsWith(".") || bad.startsWith("_") || bad.startsWith("(")
        ? bad + run : run + bad;
    assertInvalid(() -> engine.createVolume(VolumeSpec.named(n).label(TEST_LABEL, run)), invalidNameMessage(n));
    assertThat(listNames(b -> {})).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "a.b", "a_b", "a-b", "A1", "0a", "a..b", "a--", "Z_9.x-y"})
  void namesInDockersSetAreAccepted(String good) {
    String n = good + run;
    assertThat(create(VolumeSpec.named(n).label(TEST_LABEL, run)).name()).isEqualTo(n);
  }

  @Test
  void aLongNameIsAccepted() {
    String n = run + "x".repeat(200);
    assertThat(create(VolumeSpec.named(n).label(TEST_LABEL, run)).name()).isEqualTo(n);
  }

  @Test
  void aNameOf255CharactersIsAcceptedAndOf256RefusedByTheFileSystem() {
    // the name is a directory under the volumes root: the host's file name limit (255 bytes) is Docker's
    // limit, met at mkdir (recorded from Docker 20.10: 500 "... mkdir <path>: file name too long")
    String longest = run + "x".repeat(255 - run.length());
    assertThat(create(VolumeSpec.named(longest).label(TEST_LABEL, run)).name()).isEqualTo(longest);
    String tooLong = run + "y".repeat(256 - run.length());
    assertThatThrownBy(() -> engine.createVolume(VolumeSpec.named(tooLong).label(TEST_LABEL, run)))
        .isInstanceOf(InvalidVolumeSpecException.class).hasMessageContaining("file name too long")
        .hasMessageContaining(tooLong);
    assertThat(exists(tooLong)).isFalse();
  }

  @Test
  void twoCharacterNameOfDigitsIsAcceptedAndRemovable() {
    // uses the run id to stay unique: digits-only names are valid names
    String n = run.replaceAll("[^0-9]", "") + "00";
    create(VolumeSpec.named(n).label(TEST_LABEL, run));
    engine.removeVolume(n, false);
    assertThat(exists(n)).isFalse();
  }

  // ---- anonymous volumes ----------------------------------------------------------------------

  @Test
  void anAnonymousVolumeGets64HexDigits() {
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    assertThat(v.name()).matches("[0-9a-f]{64}");
    assertThat(v.anonymous()).isTrue();
  }

  @Test
  void anonymousVolumesAreMarkedFromApi142Only() {
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    if (atLeast(ApiVersion.V1_42)) {
      assertThat(v.labels()).containsEntry(ANON_LABEL, "");
    } else {
      assertThat(v.labels()).doesNotContainKey(ANON_LABEL);
    }
  }

  @Test
  void namedVolumesAreNeverMarkedAnonymous() {
    assertThat(create("a").labels()).doesNotContainKey(ANON_LABEL);
  }

  @Test
  void twoAnonymousVolumesGetDifferentNames() {
    Volume a = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    Volume b = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    assertThat(a.name()).isNotEqualTo(b.name());
    assertThat(listNames(x -> {})).containsExactlyInAnyOrder(a.name(), b.name());
  }

  @Test
  void anAnonymousVolumeCanBeInspectedAndRemovedByItsName() {
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    assertThat(engine.inspectVolume(v.name()).name()).isEqualTo(v.name());
    engine.removeVolume(v.name(), false);
    assertThat(exists(v.name())).isFalse();
  }

  @Test
  void anAnonymousVolumeKeepsTheLabelsGiven() {
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("k", "v"));
    assertThat(v.labels()).containsEntry("k", "v").containsEntry(TEST_LABEL, run);
  }

  // ---- list ---------------------------------------------------------------------------------

  @Test
  void listByLabelKeyAndValue() {
    create(spec("a").label("tier", "db"));
    create(spec("b").label("tier", "web"));
    assertThat(listNames(b -> b.addLabel("tier=db"))).containsExactly(name("a"));
  }

  @Test
  void listByLabelKeyOnly() {
    create(spec("a").label("tier", "db"));
    create("b");
    assertThat(listNames(b -> b.addLabel("tier"))).containsExactly(name("a"));
  }

  @Test
  void listByLabelWithEmptyValueMatchesOnlyEmptyValues() {
    create(spec("a").label("tier", ""));
    create(spec("b").label("tier", "x"));
    assertThat(listNames(b -> b.addLabel("tier="))).containsExactly(name("a"));
  }

  @Test
  void listBySeveralLabelsNeedsAllOfThem() {
    create(spec("a").label("x", "1").label("y", "2"));
    create(spec("b").label("x", "1"));
    assertThat(listNames(b -> b.addAllLabels(List.of("x=1", "y=2")))).containsExactly(name("a"));
  }

  @Test
  void listByNameIsAnUnanchoredRegularExpression() {
    create("alpha");
    create("beta");
    assertThat(listNames(b -> b.addName("lph"))).containsExactly(name("alpha"));
  }

  @Test
  void listByNameHonoursAnchors() {
    create("alpha");
    create("xalpha");
    assertThat(listNames(b -> b.addName("^" + run + "-alpha$"))).containsExactly(name("alpha"));
  }

  @Test
  void listBySeveralNamesMatchesAnyOfThem() {
    create("alpha");
    create("beta");
    create("gamma");
    assertThat(listNames(b -> b.addAllNames(List.of("alpha", "gamma")))).containsExactlyInAnyOrder(name("alpha"), name("gamma"));
  }

  @Test
  void listByNameWithADotMatchesAnyCharacter() {
    create("a1b");
    assertThat(listNames(b -> b.addName("a.b"))).containsExactly(name("a1b"));
  }

  @Test
  void listByDriverLocal() {
    create("a");
    assertThat(listNames(b -> b.addDriver("local"))).containsExactly(name("a"));
  }

  @Test
  void listByAnotherDriverFindsNone() {
    create("a");
    assertThat(listNames(b -> b.addDriver("nosuchdriver"))).isEmpty();
  }

  @Test
  void listDanglingTrueFindsUnusedVolumes() {
    create("a");
    assertThat(listNames(b -> b.dangling(true))).containsExactly(name("a"));
  }

  @Test
  void listDanglingFalseLeavesOutUnusedVolumes() {
    create("a");
    assertThat(listNames(b -> b.dangling(false))).isEmpty();
  }

  @Test
  void listWithALabelNoVolumeHasIsEmpty() {
    create("a");
    assertThat(engine.listVolumes(VolumeFilter.label(TEST_LABEL, run + "-other"))).isEmpty();
  }

  @Test
  void listWithoutFiltersIncludesOurVolumes() {
    create("a");
    assertThat(engine.listVolumes(VolumeFilter.all())).extracting(Volume::name).contains(name("a"));
  }

  @Test
  void listReportsLabelsAndCreatedAtLikeInspect() {
    Volume v = create(spec("a").label("k", "v"));
    Volume listed = engine.listVolumes(VolumeFilter.name("^" + name("a") + "$")).get(0);
    assertThat(listed.labels()).isEqualTo(v.labels());
    assertThat(listed.createdAt()).isEqualTo(v.createdAt());
  }

  @Test
  void listFindsAnonymousVolumesByTheirLabel() {
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    assertThat(listNames(b -> {})).containsExactly(v.name());
  }

  @Test
  void theAnonymousLabelMarksAnonymousVolumesFromApi142() {
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    create("named");
    if (atLeast(ApiVersion.V1_42)) {
      assertThat(listNames(b -> b.addLabel(ANON_LABEL))).containsExactly(v.name());
    } else {
      // Docker 20.10 puts no com.docker.volume.anonymous label on anonymous volumes
      assertThat(engine.inspectVolume(v.name()).labels()).doesNotContainKey(ANON_LABEL);
      assertThat(listNames(b -> b.addLabel(ANON_LABEL))).isEmpty();
    }
  }

  @Test
  void aNameFilterThatIsNoRegularExpressionMatchesNothingAndIsNoError() {
    // recorded from Docker 20.10: name=[ , name=a( and name=* list nothing (200); other names still match
    create("a");
    for (String bad : List.of("[", "a(", "*")) {
      assertThat(engine.listVolumes(VolumeFilter.builder().addName(bad).addLabel(TEST_LABEL + "=" + run).build()))
          .as("name=%s", bad).isEmpty();
    }
    assertThat(engine.listVolumes(VolumeFilter.builder().addName("[").addName(name("a")).addLabel(TEST_LABEL + "=" + run).build()))
        .extracting(Volume::name).containsExactly(name("a"));
  }

  // ---- remove -------------------------------------------------------------------------------

  @Test
  void removeDeletesTheVolume() {
    create("a");
    engine.removeVolume(name("a"), false);
    assertThat(exists(name("a"))).isFalse();
  }

  @Test
  void removeOfAMissingVolumeFails() {
    String n = name("missing");
    assertNotFound(() -> engine.removeVolume(n, false), n);
  }

  @Test
  void forceForgivesAMissingVolume() {
    assertThatCode(() -> engine.removeVolume(name("missing"), true)).doesNotThrowAnyException();
  }

  @Test
  void removingTwiceFailsTheSecondTime() {
    create("a");
    engine.removeVolume(name("a"), false);
    assertNotFound(() -> engine.removeVolume(name("a"), false), name("a"));
  }

  @Test
  void aRemovedNameCanBeCreatedAgainWithNewLabels() {
    create(spec("a").label("gen", "1"));
    engine.removeVolume(name("a"), false);
    assertThat(create(spec("a").label("gen", "2")).labels()).containsEntry("gen", "2");
  }

  @Test
  void removeLeavesOtherVolumes() {
    create("a");
    create("b");
    engine.removeVolume(name("a"), false);
    assertThat(listNames(x -> {})).containsExactly(name("b"));
  }

  // ---- local driver options -----------------------------------------------------------------

  @Test
  void tmpfsOptionsAreAcceptedAndReported() {
    Volume v = create(spec("a").driverOption("type", "tmpfs").driverOption("device", "tmpfs").driverOption("o", "size=1m"));
    assertThat(v.options()).containsOnly(Map.entry("type", "tmpfs"), Map.entry("device", "tmpfs"), Map.entry("o", "size=1m"));
    assertThat(v.optionsReported()).isTrue();
    assertThat(engine.inspectVolume(name("a")).options()).isEqualTo(v.options());
  }

  @Test
  void nfsOptionsAreAcceptedAtCreate() {
    Volume v = create(spec("a").driverOption("type", "nfs").driverOption("device", ":/export")
        .driverOption("o", "addr=192.0.2.1,ro"));
    assertThat(v.options()).containsEntry("type", "nfs").containsEntry("device", ":/export");
  }

  @Test
  void emptyTypeAndDeviceAreAccepted() {
    Volume v = create(spec("a").driverOption("type", "").driverOption("device", ""));
    assertThat(v.options()).containsOnly(Map.entry("type", ""), Map.entry("device", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo", "mode", "uid", "Type", "DEVICE", "o2"})
  void unknownLocalOptionsAreRefused(String key) {
    String n = name("a");
    assertInvalid(() -> engine.createVolume(spec("a").driverOption(key, "x")),
        "create " + n + ": invalid option: \"" + key + "\"");
    assertThat(exists(n)).isFalse();
  }

  @Test
  void typeWithoutDeviceIsRefused() {
    String n = name("a");
    assertInvalid(() -> engine.createVolume(spec("a").driverOption("type", "tmpfs")),
        "create " + n + ": missing required option: \"device\"");
  }

  @Test
  void deviceWithoutTypeIsRefused() {
    String n = name("a");
    assertInvalid(() -> engine.createVolume(spec("a").driverOption("device", "tmpfs")),
        "create " + n + ": missing required option: \"type\"");
  }

  @Test
  void oAloneNeedsDevice() {
    String n = name("a");
    assertInvalid(() -> engine.createVolume(spec("a").driverOption("o", "size=1m")),
        "create " + n + ": missing required option: \"device\"");
  }

  @Test
  void oWithDeviceNeedsType() {
    String n = name("a");
    assertInvalid(() -> engine.createVolume(spec("a").driverOption("o", "size=1m").driverOption("device", "tmpfs")),
        "create " + n + ": missing required option: \"type\"");
  }

  @Test
  void oWithTypeNeedsDevice() {
    String n = name("a");
    assertInvalid(() -> engine.createVolume(spec("a").driverOption("o", "size=1m").driverOption("type", "tmpfs")),
        "create " + n + ": missing required option: \"device\"");
  }

  @Test
  void sizeNeedsQuotaSupportWhichThisDaemonLacks() {
    String n = name("a");
    assertInvalid(() -> engine.createVolume(spec("a").driverOption("size", "1m")),
        "create " + n + ": quota size requested but no quota support");
    assertThat(exists(n)).isFalse();
  }

  @Test
  void anUnknownOptionIsReportedBeforeAMissingOne() {
    String n = name("a");
    assertInvalid(() -> engine.createVolume(spec("a").driverOption("type", "tmpfs").driverOption("zzz", "1")),
        "create " + n + ": invalid option: \"zzz\"");
  }

  @Test
  void optionsAreCheckedForAnonymousVolumesToo() {
    assertThatCode(() -> engine.createVolume(VolumeSpec.anonymous().label(TEST_LABEL, run).driverOption("bad", "1")))
        .isInstanceOf(io.github.volumes4j.InvalidVolumeSpecException.class)
        .hasMessageEndingWith(": invalid option: \"bad\"");
    assertThat(listNames(b -> {})).isEmpty();
  }

  @Test
  void aListedVolumeKeepsItsOptions() {
    create(spec("a").driverOption("type", "tmpfs").driverOption("device", "tmpfs"));
    List<Volume> l = engine.listVolumes(VolumeFilter.name("^" + name("a") + "$"));
    assertThat(l).singleElement().satisfies(v -> assertThat(v.options()).containsEntry("type", "tmpfs"));
  }

  // ---- close ----------------------------------------------------------------------------------

  @Test
  void aClosedEngineRefusesCallsButStillDescribesItself() {
    io.github.volumes4j.spi.VolumeEngine other = createEngine();
    ApiVersion version = other.info().apiVersion();
    other.close();
    other.close();
    assertThat(other.info().apiVersion()).isEqualTo(version);
    assertThatThrownBy(() -> other.listVolumes(VolumeFilter.all())).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the ").hasMessageEndingWith(" is closed; build a new one");
    assertThatThrownBy(() -> other.createVolume(spec("late"))).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith(" is closed; build a new one");
    assertThat(exists(name("late"))).isFalse();
  }
}
