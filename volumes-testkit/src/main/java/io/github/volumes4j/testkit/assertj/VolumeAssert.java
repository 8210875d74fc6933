package io.github.volumes4j.testkit.assertj;

import io.github.volumes4j.Volume;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Volume} value.
 *
 * <pre>{@code
 * assertThat(volume).hasName("pgdata").hasDriver("local").hasLabel("app", "billing").isNamed();
 * }</pre>
 */
public final class VolumeAssert extends AbstractAssert<VolumeAssert, Volume> {

  VolumeAssert(Volume actual) {
    super(actual, VolumeAssert.class);
  }

  private String who() {
    return "volume \"" + actual.name() + "\"";
  }

  /** Checks the name: {@code assertThat(volume).hasName("pgdata")}. */
  public VolumeAssert hasName(String name) {
    isNotNull();
    if (!actual.name().equals(name)) {
      failWithMessage("Expecting %s to be named \"%s\", but it is not", who(), name);
    }
    return this;
  }

  /** Checks the driver: {@code assertThat(volume).hasDriver("local")}. */
  public VolumeAssert hasDriver(String driver) {
    isNotNull();
    if (!actual.driver().equals(driver)) {
      failWithMessage("Expecting %s to have driver \"%s\", but its driver is \"%s\"", who(), driver, actual.driver());
    }
    return this;
  }

  /** The label is present with this value. */
  public VolumeAssert hasLabel(String key, String value) {
    isNotNull();
    if (!Objects.equals(actual.labels().get(key), value) || !actual.labels().containsKey(key)) {
      failWithMessage("Expecting %s to have label \"%s\"=\"%s\", but its labels were %s", who(), key, value,
          actual.labels());
    }
    return this;
  }

  /** The label is present, whatever its value. */
  public VolumeAssert hasLabel(String key) {
    isNotNull();
    if (!actual.labels().containsKey(key)) {
      failWithMessage("Expecting %s to have label \"%s\", but its labels were %s", who(), key, actual.labels());
    }
    return this;
  }

  /** Checks that a label is absent: {@code assertThat(volume).doesNotHaveLabel("tmp")}. */
  public VolumeAssert doesNotHaveLabel(String key) {
    isNotNull();
    if (actual.labels().containsKey(key)) {
      failWithMessage("Expecting %s not to have label \"%s\", but it has \"%s\"=\"%s\"", who(), key, key,
          actual.labels().get(key));
    }
    return this;
  }

  /** Checks a driver option: {@code assertThat(volume).hasOption("type", "tmpfs")}. */
  public VolumeAssert hasOption(String key, String value) {
    isNotNull();
    if (!Objects.equals(actual.options().get(key), value) || !actual.options().containsKey(key)) {
      failWithMessage("Expecting %s to have driver option \"%s\"=\"%s\", but its options were %s", who(), key, value,
          actual.options());
    }
    return this;
  }

  /** Checks that it has no driver options. */
  public VolumeAssert hasNoOptions() {
    isNotNull();
    if (!actual.options().isEmpty()) {
      failWithMessage("Expecting %s to have no driver options, but it has %s", who(), actual.options());
    }
    return this;
  }

  /** Named by the engine: 64 hex digits. */
  public VolumeAssert isAnonymous() {
    isNotNull();
    if (!actual.anonymous()) {
      failWithMessage("Expecting %s to be anonymous (64 hex digits), but it is named", who());
    }
    return this;
  }

  /** Checks that it is a named volume, not an anonymous one. */
  public VolumeAssert isNamed() {
    isNotNull();
    if (actual.anonymous()) {
      failWithMessage("Expecting %s to be named, but it is anonymous", who());
    }
    return this;
  }
}
