package io.github.volumes4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeSpec;
import org.junit.jupiter.api.Test;

/** Prune scenarios: anonymous and named volumes by API version, label and label! filters, what is spared. */
abstract class PruneScenarios extends ContractBase {

  // ---- prune --------------------------------------------------------------------------------

  @Test
  void pruneRemovesAnonymousUnusedVolumes() {
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    PruneResult r = prune(anonymousOnly());
    assertThat(r.volumesDeleted()).containsExactly(v.name());
    assertThat(exists(v.name())).isFalse();
  }

  @Test
  void pruneDefaultsSparesNamedVolumesOrIsRefusedBelowApi142() {
    create("a");
    Volume anon = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    if (atLeast(ApiVersion.V1_42)) {
      assertThat(prune(PruneOptions.defaults()).volumesDeleted()).containsExactly(anon.name());
    } else {
      // a 1.41 daemon would remove the named volume too: the engine refuses before it asks
      assertThatThrownBy(() -> prune(PruneOptions.defaults())).isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("1.42").hasMessageContaining("PruneOptions.all()")
          .satisfies(e -> assertThat(((UnsupportedFeatureException) e).requiredVersion()).hasValue(ApiVersion.V1_42));
      assertThat(exists(anon.name())).isTrue();
    }
    assertThat(exists(name("a"))).isTrue();
  }

  @Test
  void pruneAllRemovesNamedAndAnonymousVolumesOnEveryVersion() {
    create("a");
    Volume anon = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    assertThat(prune(PruneOptions.all()).volumesDeleted()).containsExactlyInAnyOrder(name("a"), anon.name());
    assertThat(exists(name("a"))).isFalse();
    assertThat(exists(anon.name())).isFalse();
  }

  @Test
  void pruneOnlyTouchesVolumesMatchingTheLabel() {
    Volume mine = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("keep", "no"));
    Volume other = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("keep", "yes"));
    PruneResult r = prune(anonymousOnly().label("keep", "no"));
    assertThat(r.volumesDeleted()).containsExactly(mine.name());
    assertThat(exists(other.name())).isTrue();
  }

  @Test
  void pruneLabelNotSparesMatchingVolumes() {
    Volume gone = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("keep", "no"));
    Volume kept = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("keep", "yes"));
    PruneResult r = prune(anonymousOnly().labelNot("keep", "yes"));
    assertThat(r.volumesDeleted()).containsExactly(gone.name());
    assertThat(exists(kept.name())).isTrue();
  }

  @Test
  void pruneLabelNotByKeyOnly() {
    Volume gone = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    Volume kept = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("pinned", "x"));
    PruneResult r = prune(PruneOptions.builder().from(anonymousOnly()).addLabelsNot("pinned").build());
    assertThat(r.volumesDeleted()).containsExactly(gone.name());
    assertThat(exists(kept.name())).isTrue();
  }

  @Test
  void pruneLabelKeyOnly() {
    Volume gone = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("tmp", "x"));
    Volume kept = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    PruneResult r = prune(PruneOptions.builder().from(anonymousOnly()).addLabel("tmp").build());
    assertThat(r.volumesDeleted()).containsExactly(gone.name());
    assertThat(exists(kept.name())).isTrue();
  }

  @Test
  void pruneSparesVolumesWithDriverOptions() {
    Volume v = create(VolumeSpec.anonymous().label(TEST_LABEL, run).driverOption("type", "tmpfs")
        .driverOption("device", "tmpfs"));
    assertThat(prune(PruneOptions.all()).volumesDeleted())
        .isEmpty();
    assertThat(exists(v.name())).isTrue();
  }

  @Test
  void pruneOfNothingReclaimsNothing() {
    PruneResult r = prune(anonymousOnly());
    assertThat(r.volumesDeleted()).isEmpty();
    assertThat(r.spaceReclaimed()).isZero();
  }

  @Test
  void pruneOfEmptyVolumesReclaimsZeroBytes() {
    create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    assertThat(prune(anonymousOnly()).spaceReclaimed()).isZero();
  }

  @Test
  void pruneRemovesSeveralVolumesAtOnce() {
    Volume a = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    Volume b = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    Volume c = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    assertThat(prune(anonymousOnly()).volumesDeleted()).containsExactlyInAnyOrder(a.name(), b.name(), c.name());
  }

  @Test
  void pruneWithTwoLabelsNeedsBoth() {
    Volume both = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("x", "1").label("y", "2"));
    Volume one = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("x", "1"));
    assertThat(prune(anonymousOnly().label("x", "1").label("y", "2")).volumesDeleted())
        .containsExactly(both.name());
    assertThat(exists(one.name())).isTrue();
  }

  @Test
  void pruneWithTwoLabelNotFiltersSparesOnlyVolumesCarryingBoth() {
    // recorded from Docker 20.10: label!=a and label!=b keep a volume only when it matches both; one that
    // carries a alone is pruned
    Volume none = create(VolumeSpec.anonymous().label(TEST_LABEL, run));
    Volume onlyA = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("a", "1"));
    Volume onlyB = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("b", "1"));
    Volume both = create(VolumeSpec.anonymous().label(TEST_LABEL, run).label("a", "1").label("b", "1"));
    PruneResult r = prune(PruneOptions.builder().from(anonymousOnly()).addLabelsNot("a", "b").build());
    assertThat(r.volumesDeleted()).containsExactlyInAnyOrder(none.name(), onlyA.name(), onlyB.name());
    assertThat(exists(both.name())).isTrue();
  }
}
