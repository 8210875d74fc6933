package io.github.volumes4j.testkit.assertj;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountType;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link MountSpec}.
 *
 * <pre>{@code
 * assertThat(MountSyntax.VOLUME.parse("data:/srv:ro")).isVolumeMount().hasSource("data").hasTarget("/srv").isReadOnly();
 * }</pre>
 */
public final class MountSpecAssert extends AbstractAssert<MountSpecAssert, MountSpec> {

  MountSpecAssert(MountSpec actual) {
    super(actual, MountSpecAssert.class);
  }

  private String who() {
    return actual.type().apiName() + " mount at " + actual.target();
  }

  /** Checks that the mount is read-only: {@code assertThat(mount).isReadOnly()}. */
  public MountSpecAssert isReadOnly() {
    isNotNull();
    if (!actual.readOnly()) {
      failWithMessage("Expecting %s to be read-only, but it is writable", who());
    }
    return this;
  }

  /** Checks that it is writable. */
  public MountSpecAssert isWritable() {
    isNotNull();
    if (actual.readOnly()) {
      failWithMessage("Expecting %s to be writable, but it is read-only", who());
    }
    return this;
  }

  /** Checks its target: {@code assertThat(mount).hasTarget("/data")}. */
  public MountSpecAssert hasTarget(String target) {
    isNotNull();
    if (!actual.target().equals(target)) {
      failWithMessage("Expecting %s to have target \"%s\", but it has \"%s\"", who(), target, actual.target());
    }
    return this;
  }

  /** Checks its kind: {@code assertThat(mount).isOfType(MountType.TMPFS)}. */
  public MountSpecAssert isOfType(MountType type) {
    isNotNull();
    if (actual.type() != type) {
      failWithMessage("Expecting %s to be a %s mount, but it is a %s mount", who(), type.apiName(), actual.type().apiName());
    }
    return this;
  }

  /** Checks that it is a volume mount. */
  public MountSpecAssert isVolumeMount() {
    return isOfType(MountType.VOLUME);
  }

  /** Checks that it is a bind mount. */
  public MountSpecAssert isBindMount() {
    return isOfType(MountType.BIND);
  }

  /** Checks that it is a tmpfs mount. */
  public MountSpecAssert isTmpfsMount() {
    return isOfType(MountType.TMPFS);
  }

  /** The volume name (volume mounts) or host path (bind mounts). */
  public MountSpecAssert hasSource(String source) {
    isNotNull();
    String s = actual instanceof VolumeMount v ? v.source().orElse("")
        : actual instanceof BindMount b ? b.source() : "";
    if (actual instanceof TmpfsMount || !s.equals(source)) {
      failWithMessage("Expecting %s to have source \"%s\", but its source is %s", who(), source,
          s.isEmpty() ? "empty" : "\"" + s + "\"");
    }
    return this;
  }

  /** An anonymous volume mount (no source). */
  public MountSpecAssert isAnonymousVolume() {
    isVolumeMount();
    if (!((VolumeMount) actual).anonymous()) {
      failWithMessage("Expecting %s to be an anonymous volume, but it names volume \"%s\"", who(),
          ((VolumeMount) actual).source().orElse(""));
    }
    return this;
  }
}
