package io.github.volumes4j.testkit.assertj;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a volume as the engine holds it: labels, users, files.
 *
 * <pre>{@code
 * assertThat(engine).volume("pgdata").isInUseBy("db").containsFile("/PG_VERSION").withContent("16\n");
 * }</pre>
 *
 * <p>File assertions read through a helper container that is created (never started) from a tiny
 * empty image, which is imported when missing ({@value #HELPER_IMAGE}), and removed afterwards.
 */
public final class EngineVolumeAssert extends AbstractAssert<EngineVolumeAssert, Volume> {

  /** The empty image of the helper containers. */
  public static final String HELPER_IMAGE = "volumes4j/assertj-helper:1";

  private final VolumeEngine engine;

  EngineVolumeAssert(VolumeEngine engine, Volume actual) {
    super(actual, EngineVolumeAssert.class);
    this.engine = engine;
  }

  private String who() {
    return "volume \"" + actual.name() + "\"";
  }

  /** Checks a label: {@code .volume("pgdata").hasLabel("app", "billing")}. */
  public EngineVolumeAssert hasLabel(String key, String value) {
    new VolumeAssert(actual).hasLabel(key, value);
    return this;
  }

  /** Checks that a label is set: {@code .volume("pgdata").hasLabel("app")}. */
  public EngineVolumeAssert hasLabel(String key) {
    new VolumeAssert(actual).hasLabel(key);
    return this;
  }

  /** Some container (in any state) refers to the volume. */
  public EngineVolumeAssert isInUse() {
    if (engine.listVolumes(VolumeFilter.builder().dangling(false).addName("^" + actual.name() + "$").build()).isEmpty()) {
      failWithMessage("Expecting %s to be in use, but no container refers to it", who());
    }
    return this;
  }

  /** Checks that no container uses it: {@code .volume("pgdata").isNotInUse()}. */
  public EngineVolumeAssert isNotInUse() {
    if (!engine.listVolumes(VolumeFilter.builder().dangling(true).addName("^" + actual.name() + "$").build()).isEmpty()) {
      return this;
    }
    failWithMessage("Expecting %s not to be in use, but a container refers to it", who());
    return this;
  }

  /** The container (name or id) mounts the volume. */
  public EngineVolumeAssert isInUseBy(String container) {
    ContainerInfo c;
    try {
      c = engine.inspectContainer(container);
    } catch (ContainerNotFoundException e) {
      failWithMessage("Expecting %s to be in use by container \"%s\", but there is no such container", who(), container);
      return this;
    }
    boolean mounts = c.mounts().stream().anyMatch(m -> m.name().filter(actual.name()::equals).isPresent());
    if (!mounts) {
      failWithMessage("Expecting %s to be in use by container \"%s\", but its mounts were %s", who(), container,
          c.mounts().stream().map(m -> m.name().orElse(m.source()) + " -> " + m.destination()).toList());
    }
    return this;
  }

  /** The volume holds a regular file at this path (absolute, from the volume's root). */
  public FileAssert containsFile(String path) {
    Optional<byte[]> content = read(path);
    if (content.isEmpty()) {
      failWithMessage("Expecting %s to contain file \"%s\", but it does not", who(), path);
    }
    return new FileAssert(this, path, content.orElse(new byte[0]));
  }

  /** Checks that a path is absent: {@code .volume("pgdata").doesNotContain("/tmp/lock")}. */
  public EngineVolumeAssert doesNotContain(String path) {
    if (read(path).isPresent()) {
      failWithMessage("Expecting %s not to contain \"%s\", but it does", who(), path);
    }
    return this;
  }

  /** Chained assertions on a file's content. */
  public static final class FileAssert {
    private final EngineVolumeAssert parent;
    private final String path;
    private final byte[] content;

    FileAssert(EngineVolumeAssert parent, String path, byte[] content) {
      this.parent = parent;
      this.path = path;
      this.content = content;
    }

    /** After {@code containsFile}: checks its text: {@code .containsFile("/PG_VERSION").withContent("16\n")}. */
    public EngineVolumeAssert withContent(String expected) {
      String got = new String(content, StandardCharsets.UTF_8);
      if (!got.equals(expected)) {
        parent.fail("Expecting file \"" + path + "\" of " + parent.who() + " to contain \"" + expected
            + "\", but it contains \"" + got + "\"");
      }
      return parent;
    }

    /** After {@code containsFile}: checks its bytes. */
    public EngineVolumeAssert withContent(byte[] expected) {
      if (!java.util.Arrays.equals(content, expected)) {
        parent.fail("Expecting file \"" + path + "\" of " + parent.who() + " to contain " + expected.length
            + " given bytes, but it contains " + content.length + " other bytes");
      }
      return parent;
    }
  }

  private void fail(String message) {
    failWithMessage("%s", message);
  }

  private Optional<byte[]> read(String path) {
    if (!engine.supports(EngineFeature.ARCHIVE) || !engine.supports(EngineFeature.CONTAINERS)) {
      throw new UnsupportedOperationException("file assertions need an engine with containers and archive access");
    }
    if (!engine.imageExists(HELPER_IMAGE)) {
      engine.importImage(new ByteArrayInputStream(emptyTar()), HELPER_IMAGE,
          Map.of("io.github.volumes4j.helper", "assertj"));
    }
    String rel = path.startsWith("/") ? path.substring(1) : path;
    String id = engine.createContainer(ContainerSpec.builder().image(HELPER_IMAGE).addCommand("none")
        .putLabel("io.github.volumes4j.helper", "assertj")
        .addMount(VolumeMount.of(actual.name(), "/v").withNoCopy(true)).build());
    try (InputStream in = engine.readArchive(id, "/v/" + rel);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e = tar.getNextEntry();
      if (e == null || !e.isFile() || e.isSymbolicLink() || e.isLink()) {
        return Optional.empty();
      }
      return Optional.of(tar.readAllBytes());
    } catch (VolumesException e) {
      if (engine.statPath(id, "/v/" + rel).isEmpty()) {
        return Optional.empty();
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      engine.removeContainer(id, false, true);
    }
  }

  private static byte[] emptyTar() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
        TarArchiveEntry e = new TarArchiveEntry("v/");
        e.setMode(0755);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
