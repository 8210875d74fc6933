package io.github.volumes4j.testkit.assertj;

import static io.github.volumes4j.testkit.assertj.VolumesAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class VolumesAssertionsTest {

  final InMemoryEngine engine = InMemoryEngine.dockerLike();

  @Test
  void oneStaticImportGivesAssertJsOtherAssertionsToo() {
    assertThat(1 + 1).isEqualTo(2);
    assertThat("pgdata").startsWith("pg");
    assertThat(java.util.List.of(1, 2)).containsExactly(1, 2);
    assertThat(engine).isNotNull();
  }

  @Test
  void volumeAssertionsPassAndFailWithAssertJStyleMessages() {
    Volume v = engine.createVolume(VolumeSpec.named("pgdata").label("team", "infra"));
    assertThat(v).hasName("pgdata").hasDriver("local").hasLabel("team", "infra").hasLabel("team").isNamed()
        .hasNoOptions().doesNotHaveLabel("x");
    assertThatThrownBy(() -> assertThat(v).hasLabel("team", "db")).isInstanceOf(AssertionError.class)
        .hasMessage("Expecting volume \"pgdata\" to have label \"team\"=\"db\", but its labels were {team=infra}");
    assertThatThrownBy(() -> assertThat(v).isAnonymous())
        .hasMessage("Expecting volume \"pgdata\" to be anonymous (64 hex digits), but it is named");
    assertThatThrownBy(() -> assertThat(v).hasOption("type", "tmpfs"))
        .hasMessage("Expecting volume \"pgdata\" to have driver option \"type\"=\"tmpfs\", but its options were {}");
  }

  @Test
  void mountAssertions() {
    assertThat(VolumeMount.of("data", "/srv").withReadOnly(true)).isVolumeMount().hasSource("data").hasTarget("/srv")
        .isReadOnly();
    assertThat(VolumeMount.anonymous("/cache")).isAnonymousVolume().isWritable();
    assertThat(BindMount.of("/host", "/c")).isBindMount().hasSource("/host");
    assertThatThrownBy(() -> assertThat(TmpfsMount.at("/run")).isReadOnly())
        .hasMessage("Expecting tmpfs mount at /run to be read-only, but it is writable");
    assertThatThrownBy(() -> assertThat(TmpfsMount.at("/run")).isVolumeMount())
        .hasMessage("Expecting tmpfs mount at /run to be a volume mount, but it is a tmpfs mount");
    assertThatThrownBy(() -> assertThat(VolumeMount.of("aa", "/x")).hasSource("bb"))
        .hasMessage("Expecting volume mount at /x to have source \"bb\", but its source is \"aa\"");
  }

  @Test
  void engineAssertions() {
    engine.createVolume(VolumeSpec.named("pgdata").label("app", "billing"));
    Volumes volumes = Volumes.using(engine);
    assertThat(volumes).hasVolume("pgdata").doesNotHaveVolume("other")
        .hasExactlyVolumesLabelled("app", "billing", "pgdata");
    assertThatThrownBy(() -> assertThat(engine).hasVolume("pgdat"))
        .hasMessage("Expecting the engine to have volume \"pgdat\", but it has no such volume (similar: [pgdata])");
    assertThatThrownBy(() -> assertThat(engine).doesNotHaveVolume("pgdata"))
        .hasMessage("Expecting the engine not to have volume \"pgdata\", but it has");
  }

  @Test
  void inUseAndFileAssertions() throws Exception {
    engine.registerImage("app:1", fs -> fs.mkdirs("/data"));
    engine.createVolume(VolumeSpec.named("pgdata"));
    engine.createVolume(VolumeSpec.named("idle"));
    String id = engine.createContainer(ContainerSpec.builder().image("app:1").name("db")
        .addMount(VolumeMount.of("pgdata", "/data")).build());
    engine.writeArchive(id, "/data", new ByteArrayInputStream(tar("PG_VERSION", "16\n")), false);
    assertThat(engine).volume("pgdata").isInUse().isInUseBy("db").isInUseBy(id)
        .containsFile("/PG_VERSION").withContent("16\n").doesNotContain("/nope");
    assertThat(engine).volume("idle").isNotInUse();
    assertThatThrownBy(() -> assertThat(engine).volume("idle").isInUseBy("db"))
        .hasMessage("Expecting volume \"idle\" to be in use by container \"db\", but its mounts were [pgdata -> /data]");
    assertThatThrownBy(() -> assertThat(engine).volume("idle").isInUse())
        .hasMessage("Expecting volume \"idle\" to be in use, but no container refers to it");
    assertThatThrownBy(() -> assertThat(engine).volume("pgdata").containsFile("/PG_VERSION").withContent("15\n"))
        .hasMessage("Expecting file \"/PG_VERSION\" of volume \"pgdata\" to contain \"15\n\", but it contains \"16\n\"");
    assertThatThrownBy(() -> assertThat(engine).volume("pgdata").containsFile("/missing"))
        .hasMessage("Expecting volume \"pgdata\" to contain file \"/missing\", but it does not");
    org.assertj.core.api.Assertions.assertThat(engine.listContainers(java.util.Map.of("io.github.volumes4j.helper", "")))
        .as("helpers removed").isEmpty();
  }

  static byte[] tar(String name, String content) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      byte[] b = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(b.length);
      t.putArchiveEntry(e);
      t.write(b);
      t.closeArchiveEntry();
    }
    return out.toByteArray();
  }
}
