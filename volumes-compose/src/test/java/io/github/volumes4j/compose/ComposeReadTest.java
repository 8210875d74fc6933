package io.github.volumes4j.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.SelinuxLabel;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.lint.LintNote;
import io.github.volumes4j.lint.LintRule;
import io.github.volumes4j.lint.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose files read as compose-go reads them and as docker/compose sends them (the reference: compose-go e70e961 and
 * docker/compose f72979427, read from source; no compose binary runs here, see docs/compose.md).
 */
class ComposeReadTest {

  @TempDir
  Path dir;

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  ComposeProject load(String yaml) throws IOException {
    return load(yaml, Map.of());
  }

  ComposeProject load(String yaml, Map<String, String> env) throws IOException {
    return Compose.loader().withFiles(write("app/compose.yaml", yaml)).withEnvironment(env).load();
  }

  static MountSpec spec(ComposeProject p, String service, int i) {
    return p.service(service).mounts().get(i).spec().orElseThrow();
  }

  @Nested
  class ShortSyntax {
    @Test
    void namedVolumesTravelAsVolumeFlagTextWithTheProjectPrefix() throws IOException {
      ComposeProject p = load("""
          services:
            db:
              volumes:
                - pgdata:/var/lib/postgresql/data:ro
          volumes:
            pgdata:
          """);
      assertThat(p.name()).isEqualTo("app");
      assertThat(spec(p, "db", 0)).isEqualTo(VolumeMount.of("app_pgdata", "/var/lib/postgresql/data").withReadOnly(true));
      assertThat(spec(p, "db", 0).origin()).contains(MountSpec.Origin.VOLUME_FLAG);
      ServiceMount m = p.service("db").mounts().get(0);
      assertThat(m.volumeKey()).contains("pgdata");
      assertThat(m.location()).isEqualTo(new SourceLocation(dir.resolve("app/compose.yaml").toString(), 4, 9));
      assertThat(m.syntax()).isEqualTo("short");
    }

    @Test
    void relativeAndHomeBindsAreResolvedAndCreated() throws IOException {
      ComposeProject p = load("""
          services:
            web:
              volumes:
                - ./site:/usr/share/nginx/html:ro,z
                - ../shared:/shared
                - ~/cache:/cache
                - .:/app
          """, Map.of("HOME", "/home/dev"));
      Path app = dir.resolve("app");
      assertThat(spec(p, "web", 0)).isEqualTo(BindMount.builder().source(app.resolve("site").toString())
          .target("/usr/share/nginx/html").readOnly(true).selinuxLabel(SelinuxLabel.SHARED).createMountpoint(true).build());
      assertThat(((BindMount) spec(p, "web", 1)).source()).isEqualTo(dir.resolve("shared").toString());
      assertThat(((BindMount) spec(p, "web", 2)).source()).isEqualTo("/home/dev/cache");
      assertThat(((BindMount) spec(p, "web", 3)).source()).isEqualTo(app.toString());
      assertThat(spec(p, "web", 0).origin()).contains(MountSpec.Origin.VOLUME_FLAG);
    }

    @Test
    void anonymousVolumesGoThroughMounts() throws IOException {
      ComposeProject p = load("services:\n  db:\n    volumes: [/var/lib/mysql]\n");
      assertThat(spec(p, "db", 0)).isEqualTo(VolumeMount.anonymous("/var/lib/mysql"));
      assertThat(spec(p, "db", 0).origin()).isEmpty();
    }

    @Test
    void optionsComposeDropsAreNotes() throws IOException {
      ComposeProject p = load("services:\n  web:\n    volumes:\n      - ./src:/src:cached,rw\n");
      assertThat(p.service("web").notes()).extracting(LintNote::rule, LintNote::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(LintRule.IGNORED_BY_COMPOSE, "cached"));
      assertThat(p.service("web").notes().get(0).message()).contains("consistency: cached");
      assertThat(((BindMount) spec(p, "web", 0)).consistency()).isEmpty();
    }

    @Test
    void propagationSendsABindThroughMountsAndDropsItsSelinuxLabel() throws IOException {
      ComposeProject p = load("services:\n  web:\n    volumes:\n      - ./m:/m:rshared,z\n");
      BindMount b = (BindMount) spec(p, "web", 0);
      assertThat(b.origin()).isEmpty();
      assertThat(b.propagation()).contains(Propagation.RSHARED);
      assertThat(b.selinuxLabel()).isEmpty();
      assertThat(b.createMountpoint()).isTrue();
      assertThat(p.service("web").notes()).extracting(LintNote::rule).containsExactly(LintRule.IGNORED_BY_COMPOSE);
      assertThat(p.service("web").notes().get(0).message()).contains("bind.selinux: z is dropped");
    }

    @Test
    void windowsDriveLetters() throws IOException {
      ComposeProject p = load("services:\n  w:\n    volumes:\n      - 'C:\\data:/data'\n      - c:/only\n");
      assertThat(p.service("w").mounts().get(0).type()).isEqualTo("bind");
      assertThat(p.service("w").notes()).extracting(LintNote::rule).contains(LintRule.DRIVE_LETTER_TRAP);
      ServiceMount anon = p.service("w").mounts().get(1);
      assertThat(anon.type()).isEqualTo("volume");
      assertThat(p.service("w").notes().stream().filter(n -> n.value().equals("c:/only")).map(LintNote::message))
          .singleElement().asString().contains("anonymous volume at the container path 'c:/only'");
    }

    @Test
    void colonsInsideInterpolationAreResolvedFirst() throws IOException {
      ComposeProject p = load("services:\n  w:\n    volumes:\n      - ${SRC:-./data}:/data:${MODE:-ro}\n");
      assertThat(spec(p, "w", 0)).isEqualTo(BindMount.builder().source(dir.resolve("app/data").toString()).target("/data")
          .readOnly(true).createMountpoint(true).build());
    }
  }

  @Nested
  class LongSyntax {
    @Test
    void everyKey() throws IOException {
      ComposeProject p = load("""
          services:
            app:
              volumes:
                - type: bind
                  source: ./conf
                  target: /etc/app
                  read_only: true
                  bind:
                    propagation: rprivate
                    create_host_path: false
                    recursive: readonly
                - type: volume
                  source: data
                  target: /data/
                  volume:
                    nocopy: true
                    subpath: sub/dir
                    labels: {tier: db}
                - type: tmpfs
                  target: /run
                  tmpfs:
                    size: 64m
                    mode: 01777
                - type: bind
                  source: /srv/plain
                  target: /plain
                  consistency: cached
          volumes:
            data:
          """);
      assertThat(spec(p, "app", 0)).isEqualTo(BindMount.builder().source(dir.resolve("app/conf").toString())
          .target("/etc/app").readOnly(true).propagation(Propagation.RPRIVATE).recursion(BindRecursion.READONLY).build());
      assertThat(spec(p, "app", 1)).isEqualTo(VolumeMount.builder().source("app_data").target("/data").noCopy(true)
          .subpath("sub/dir").putLabel("tier", "db").build());
      assertThat(spec(p, "app", 2)).isEqualTo(TmpfsMount.at("/run").withSizeBytes(64L << 20).withMode(01777));
      // no bind section: -v text, which creates the source and has no consistency
      assertThat(spec(p, "app", 3).origin()).contains(MountSpec.Origin.VOLUME_FLAG);
      assertThat(p.service("app").notes()).extracting(LintNote::value).containsExactly("cached");
      ServiceMount m = p.service("app").mounts().get(0);
      assertThat(m.fields().get("bind.propagation").line()).isEqualTo(9);
      assertThat(m.fields().get("read_only")).isEqualTo(new SourceLocation(m.location().file(), 7, 20));
    }

    @Test
    void sectionsOfAnotherTypeAreDroppedWithANote() throws IOException {
      ComposeProject p = load("""
          services:
            app:
              volumes:
                - type: volume
                  source: data
                  target: /data
                  tmpfs: {size: 1024}
          volumes:
            data: {}
          """);
      assertThat(spec(p, "app", 0)).isEqualTo(VolumeMount.of("app_data", "/data"));
      assertThat(p.service("app").notes()).extracting(LintNote::value).containsExactly("tmpfs");
    }

    @Test
    void typesWithoutAMountValueAreKeptWithTheReason() throws IOException {
      ComposeProject p = load("services:\n  a:\n    volumes:\n      - {type: image, source: 'alpine:3', target: /img,"
          + " image: {subpath: usr/share}}\n      - {type: volume, source: v, target: /v, volume: {subpath: s}}\n"
          + "      - ./b:/b\nvolumes: {v: {}}\n");
      ServiceMount m = p.service("a").mounts().get(0);
      assertThat(m.spec()).isEmpty();
      assertThat(m.problem()).hasValueSatisfying(s -> assertThat(s).contains("Engine API 1.48"));
      assertThat(m.source()).contains("alpine:3");
      assertThat(m.subpath()).contains("usr/share");
      assertThat(m.fields()).containsKey("image.subpath");
      ServiceMount v = p.service("a").mounts().get(1);
      assertThat(v.source()).contains("app_v");
      assertThat(v.subpath()).contains("s");
      assertThat(p.service("a").mounts().get(2).source()).contains(dir.resolve("app/b").toString());
    }

    @Test
    void booleansAsComposeCastsThem() throws IOException {
      ComposeProject p = load("services:\n  a:\n    volumes:\n      - {type: volume, source: v, target: /x, read_only: 'yes'}\n"
          + "      - {type: volume, source: v, target: /y, read_only: \"${RO:-false}\"}\n"
          + "      - {type: volume, target: /z, read_only: true}\nvolumes: {v: {}}\n");
      assertThat(spec(p, "a", 0).readOnly()).isTrue();
      assertThat(spec(p, "a", 1).readOnly()).isFalse();
      // Docker refuses a read-only anonymous volume; the mount is kept with the daemon's reason
      assertThat(p.service("a").mounts().get(2).problem()).hasValueSatisfying(s -> assertThat(s)
          .contains("must not set ReadOnly mode when using anonymous volumes"));
    }
  }

  @Nested
  class OtherKeys {
    @Test
    void tmpfsKeyAndVolumesFrom() throws IOException {
      ComposeProject p = load("""
          services:
            db:
              tmpfs: /run:size=64m,mode=1777
            backup:
              tmpfs:
                - /tmp
              volumes_from:
                - db:ro
                - container:legacy
          """);
      assertThat(spec(p, "db", 0)).isEqualTo(TmpfsMount.builder().target("/run").sizeBytes(64L << 20).mode(01777).build());
      assertThat(spec(p, "db", 0).origin()).contains(MountSpec.Origin.TMPFS_FLAG);
      List<ServiceVolumesFrom> from = p.service("backup").volumesFrom();
      assertThat(from).extracting(ServiceVolumesFrom::source, ServiceVolumesFrom::container, ServiceVolumesFrom::mode)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("db", false, Optional.of("ro")),
              org.assertj.core.groups.Tuple.tuple("legacy", true, Optional.empty()));
      assertThat(from.get(0).toVolumesFrom("app-db-1").format()).isEqualTo("app-db-1");
      assertThat(p.service("backup").notes()).extracting(LintNote::rule).containsExactly(LintRule.IGNORED_BY_COMPOSE);
    }

    @Test
    void topLevelVolumes() throws IOException {
      ComposeProject p = load("""
          name: Shop!
          services: {}
          volumes:
            data:
            named:
              name: exact-name
            ext:
              external: true
            oldext:
              external:
                name: legacy-volume
            nfs:
              driver: local
              driver_opts: {type: none, o: bind, device: /srv/share, size: 10}
              labels: [backup=nightly, team]
          """);
      assertThat(p.name()).isEqualTo("shop");
      assertThat(p.volumes().values()).extracting(ComposeVolume::name)
          .containsExactly("shop_data", "exact-name", "ext", "legacy-volume", "shop_nfs");
      ComposeVolume nfs = p.volumes().get("nfs");
      assertThat(nfs.driverOptions()).containsExactly(Map.entry("type", "none"), Map.entry("o", "bind"),
          Map.entry("device", "/srv/share"), Map.entry("size", "10"));
      assertThat(nfs.labels()).containsExactly(Map.entry("backup", "nightly"), Map.entry("team", ""));
      assertThat(nfs.toVolumeSpec("shop").labels()).containsEntry("com.docker.compose.project", "shop")
          .containsEntry("com.docker.compose.volume", "nfs");
    }
  }

  @Nested
  class Environment {
    @Test
    void dotEnvFillsWhatTheEnvironmentLacks() throws IOException {
      write("app/.env", "# settings\nDATA=from-dotenv\nexport MODE='ro'\nQUOTED=\"a\\tb\"\nINLINE=x # comment\n");
      ComposeProject p = load("services:\n  a:\n    volumes: ['${DATA}:/d:${MODE}', '${MISSING}/x:/x']\nvolumes:\n"
          + "  from-dotenv: {}\n  from-env: {}\n", Map.of());
      assertThat(spec(p, "a", 0)).isEqualTo(VolumeMount.of("app_from-dotenv", "/d").withReadOnly(true));
      assertThat(p.unsetVariables()).containsExactly("MISSING");
      ComposeProject q = Compose.loader().withFiles(dir.resolve("app/compose.yaml")).withEnvironment(Map.of("DATA", "from-env"))
          .load();
      assertThat(spec(q, "a", 0)).isEqualTo(VolumeMount.of("app_from-env", "/d").withReadOnly(true));
    }

    @Test
    void escapedDollars() throws IOException {
      ComposeProject p = load("services:\n  a:\n    volumes: ['/srv/$$x:/x']\n");
      assertThat(((BindMount) spec(p, "a", 0)).source()).isEqualTo("/srv/$x");
    }

    @Test
    void requiredVariablesFailWithThePlace() throws IOException {
      assertThatThrownBy(() -> load("services:\n  a:\n    volumes:\n      - ${DATA:?set DATA to the volume}:/d\n"))
          .isInstanceOf(InvalidComposeFileException.class)
          .hasMessageContaining("compose.yaml:4:9: error while interpolating services.a.volumes[]")
          .hasMessageContaining("required variable DATA is missing a value: set DATA to the volume");
    }

    @Test
    void projectNamePrecedence() throws IOException {
      Path f = write("My Dir/compose.yaml", "name: from-file\nservices: {}\n");
      assertThat(Compose.loader().withFiles(f).withEnvironment(Map.of()).load().name()).isEqualTo("from-file");
      assertThat(Compose.loader().withFiles(f).withEnvironment(Map.of("COMPOSE_PROJECT_NAME", "env")).load().name())
          .isEqualTo("env");
      assertThat(Compose.loader().withFiles(f).withEnvironment(Map.of("COMPOSE_PROJECT_NAME", "env")).withProjectName("flag")
          .load().name()).isEqualTo("flag");
      Path g = write("My Dir/other.yaml", "services: {}\n");
      assertThat(Compose.loader().withFiles(g).withEnvironment(Map.of()).load().name()).isEqualTo("mydir");
      assertThatThrownBy(() -> Compose.loader().withFiles(g).withProjectName("Bad Name").load())
          .hasMessageContaining("invalid project name \"Bad Name\"");
    }
  }

  @Nested
  class MultipleFiles {
    @Test
    void mergedAsComposeMergesThem() throws IOException {
      Path base = write("app/compose.yaml", """
          services:
            web:
              volumes:
                - ./site:/site
                - logs:/logs
              tmpfs: [/run]
          volumes:
            logs:
              labels: {a: "1"}
          """);
      Path over = write("app/deploy/compose.prod.yaml", """
          services:
            web:
              volumes:
                - ./prod-site:/site:ro
              tmpfs: [/tmp]
          volumes:
            logs:
              labels: {b: "2"}
          """);
      ComposeProject p = Compose.loader().withFiles(base, over).withEnvironment(Map.of()).load();
      // the override replaces by target, in place; its relative path is the project directory's (the first file's)
      assertThat(p.service("web").mountSpecs()).extracting(MountSpec::target).containsExactly("/site", "/logs", "/run", "/tmp");
      assertThat(((BindMount) spec(p, "web", 0)).source()).isEqualTo(dir.resolve("app/prod-site").toString());
      assertThat(p.service("web").mounts().get(0).location().file()).endsWith("compose.prod.yaml");
      assertThat(p.volumes().get("logs").labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
      assertThat(p.service("web").notes()).isEmpty();
    }

    @Test
    void resetAndOverrideTags() throws IOException {
      Path base = write("app/compose.yaml", "services:\n  web:\n    volumes: [/a, /b]\n    tmpfs: [/run]\n");
      Path over = write("app/compose.override.yaml", "services:\n  web:\n    volumes: !override [/c]\n    tmpfs: !reset []\n");
      ComposeProject p = Compose.loader().withFiles(base, over).withEnvironment(Map.of()).load();
      assertThat(p.service("web").mountSpecs()).extracting(MountSpec::target).containsExactly("/c");
    }

    @Test
    void aDuplicateTargetInOneFileIsANote() throws IOException {
      ComposeProject p = load("services:\n  web:\n    volumes:\n      - a1:/data\n      - a2:/data\nvolumes: {a1: {}, a2: {}}\n");
      assertThat(p.service("web").mountSpecs()).containsExactly(VolumeMount.of("app_a2", "/data"));
      assertThat(p.service("web").notes()).extracting(LintNote::rule).containsExactly(LintRule.IGNORED_BY_COMPOSE);
    }
  }

  @Nested
  class ExtendsKey {
    @Test
    void aServiceStartsFromAnotherOfTheSameFile() throws IOException {
      ComposeProject p = load("""
          services:
            base:
              volumes: [./shared:/shared, logs:/logs]
              tmpfs: /run
            web:
              extends: base
              volumes: [./web:/shared:ro]
            worker:
              extends: {service: web}
              tmpfs: /tmp
          volumes:
            logs:
          """);
      assertThat(p.service("web").mountSpecs()).extracting(MountSpec::target).containsExactly("/shared", "/logs", "/run");
      assertThat(((BindMount) spec(p, "web", 0)).source()).isEqualTo(dir.resolve("app/web").toString());
      assertThat(spec(p, "web", 0).readOnly()).isTrue();
      assertThat(p.service("worker").mountSpecs()).extracting(MountSpec::target)
          .containsExactly("/shared", "/logs", "/run", "/tmp");
    }

    @Test
    void aServiceFromAnotherFileKeepsThatFilesRelativePaths() throws IOException {
      write("app/common/base.yaml", """
          services:
            db:
              volumes:
                - ./initdb:/docker-entrypoint-initdb.d:ro
                - type: bind
                  source: ../conf/pg.conf
                  target: /etc/postgresql.conf
          """);
      ComposeProject p = load("""
          services:
            db:
              extends:
                file: common/base.yaml
                service: db
              volumes:
                - ./local:/local
          """);
      assertThat(p.service("db").mountSpecs()).extracting(m -> ((BindMount) m).source()).containsExactly(
          dir.resolve("app/common/initdb").toString(), dir.resolve("app/conf/pg.conf").toString(),
          dir.resolve("app/local").toString());
      assertThat(p.service("db").mounts().get(0).location().file()).endsWith("base.yaml");
      assertThatThrownBy(() -> load("services:\n  db:\n    extends: {file: common/base.yaml, service: nope}\n"))
          .hasMessageContaining("service \"nope\" not found in " + dir.resolve("app/common/base.yaml"));
    }
  }

  @Nested
  class IncludeKey {
    @Test
    void anIncludedProjectBringsItsServicesAndVolumesWithItsOwnDirectoryAndEnv() throws IOException {
      write("app/db/.env", "PGDATA_NAME=pgdata\n");
      write("app/db/compose.yaml", """
          services:
            db:
              volumes:
                - ${PGDATA_NAME}:/var/lib/postgresql/data
                - ./init:/docker-entrypoint-initdb.d:ro
          volumes:
            pgdata:
          """);
      ComposeProject p = load("""
          include:
            - db/compose.yaml
          services:
            web:
              volumes_from: [db]
            db:
              tmpfs: /run
          """);
      assertThat(p.volumes().get("pgdata").name()).isEqualTo("app_pgdata");
      assertThat(p.service("db").mountSpecs()).extracting(MountSpec::target)
          .containsExactly("/var/lib/postgresql/data", "/docker-entrypoint-initdb.d", "/run");
      assertThat(((BindMount) spec(p, "db", 1)).source()).isEqualTo(dir.resolve("app/db/init").toString());
      assertThat(p.service("db").mounts().get(0).location().file()).endsWith("db/compose.yaml");
      assertThat(p.service("web").volumesFrom()).extracting(ServiceVolumesFrom::source).containsExactly("db");
    }

    @Test
    void projectDirectoryEnvFileAndCycles() throws IOException {
      write("app/lib/svc.yaml", "services:\n  s:\n    volumes: ['./${SUB}:/x']\n");
      write("app/lib/custom.env", "SUB=from-custom\n");
      ComposeProject p = load("""
          include:
            - path: lib/svc.yaml
              project_directory: other
              env_file: lib/custom.env
          """);
      assertThat(((BindMount) spec(p, "s", 0)).source()).isEqualTo(dir.resolve("app/other/from-custom").toString());
      write("app/loop.yaml", "include: [compose.yaml]\n");
      assertThatThrownBy(() -> load("include: [loop.yaml]\n")).isInstanceOf(InvalidComposeFileException.class)
          .hasMessageContaining("include cycle detected");
    }
  }

  @Test
  void severalDocumentsInOneFileAreMergedInOrder() throws IOException {
    ComposeProject p = load("services:\n  a:\n    volumes: [/one]\n---\nservices:\n  a:\n    volumes: [/two]\n"
        + "version: '3.8'\n");
    assertThat(p.service("a").mountSpecs()).extracting(MountSpec::target).containsExactly("/one", "/two");
    assertThat(p.service("a").mounts().get(1).location().line()).isEqualTo(7);
  }

  @Test
  void anchorsAndMergeKeys() throws IOException {
    ComposeProject p = load("""
        x-common: &common
          volumes:
            - shared:/shared
          read_only: true
        services:
          a:
            <<: *common
          b:
            <<: *common
            read_only: false
        volumes:
          shared:
        """);
    assertThat(spec(p, "a", 0)).isEqualTo(VolumeMount.of("app_shared", "/shared"));
    assertThat(p.service("a").readOnly()).contains(true);
    assertThat(p.service("b").readOnly()).contains(false);
    assertThat(p.service("b").mounts().get(0).location().line()).isEqualTo(3);
  }

  @Nested
  class Refusals {
    void refused(String yaml, String... parts) {
      assertThatThrownBy(() -> load(yaml)).isInstanceOf(InvalidComposeFileException.class).satisfies(e -> {
        assertThat(e.getMessage()).contains(parts);
        assertThat(((InvalidComposeFileException) e).location()).isPresent();
      });
    }

    @Test
    void whatComposeRefuses() {
      refused("services:\n  a:\n    volumes: [data:/d]\n", "compose.yaml:3:15", "refers to undefined volume data");
      refused("services:\n  a:\n    volumes:\n      - {type: bind, target: /x, sourc: /y}\n", "additional property 'sourc'");
      refused("services:\n  a:\n    volumes:\n      - {type: blob, target: /x}\n", "'blob' is not one of");
      refused("services:\n  a:\n    volumes:\n      - {type: volume}\n", "missing a mount target");
      refused("services:\n  a:\n    volumes: ['ab:cd:ef:gh']\n", "too many colons");
      refused("services:\n  a: {}\n  a: {}\n", "compose.yaml:3:3", "mapping key \"a\" already defined at line 2");
      refused("services:\n  a:\n    volumes: [x\n", "not valid YAML");
      refused("- a\n", "top-level object must be a mapping");
      refused("services:\n  a:\n    volumes_from: [nope]\n", "depends on undefined service \"nope\"");
      refused("services:\n  a:\n    volumes:\n      - {type: tmpfs, target: /t, tmpfs: {mode: '0755'}}\n", "must be a number");
      refused("volumes:\n  v:\n    external: true\n    driver: local\n", "conflicting parameters \"external\" and \"driver\"");
      refused("include:\n  - missing.yaml\nservices: {}\n", "included file", "missing.yaml does not exist");
      refused("include: other.yaml\n", "`include` must be a list");
      refused("services:\n  a:\n    extends: {service: b}\n", "service \"b\" not found");
      refused("services:\n  a:\n    extends: b\n  b:\n    extends: a\n", "circular reference");
      refused("services:\n  a:\n    volumes:\n      - {type: bind, target: /x, read_only: maybe}\n", "must be a boolean");
    }

    @Test
    void aliasBombsAreBounded() {
      StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
      for (char c = 'b'; c <= 'j'; c++) {
        char p = (char) (c - 1);
        y.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
            .append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p)
            .append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
      }
      assertThatThrownBy(() -> load(y.toString())).isInstanceOf(InvalidComposeFileException.class)
          .hasMessageContaining("anchors and aliases");
    }

    @Test
    void valuesDockerRefusesAreKeptWithTheReason() throws IOException {
      ComposeProject p = load("services:\n  a:\n    volumes:\n      - ./x:relative\n");
      ServiceMount m = p.service("a").mounts().get(0);
      assertThat(m.spec()).isEmpty();
      assertThat(m.problem()).isPresent();
      assertThat(p.service("a").notes()).extracting(LintNote::rule).containsExactly(LintRule.INVALID_MOUNT);
    }
  }

  @Test
  void inlineSuppressions() throws IOException {
    ComposeProject p = load("""
        services:
          # volumes4j-lint: ignore bind-in-production
          web:
            volumes:
              # volumes4j-lint: ignore VOL007
              - ./nginx.conf:/etc/nginx/nginx.conf
              - /var/run/docker.sock:/var/run/docker.sock # volumes4j-lint: ignore runtime-socket, VOL002
        """);
    assertThat(p.service("web").suppressed()).containsExactly("bind-in-production");
    assertThat(p.service("web").mounts().get(0).suppressed()).containsExactly("VOL007");
    assertThat(p.service("web").mounts().get(1).suppressed()).containsExactlyInAnyOrder("runtime-socket", "VOL002");
    assertThatThrownBy(() -> load("services:\n  web:\n    volumes:\n      - /a:/a # volumes4j-lint: ignore VOL999\n"))
        .hasMessageContaining("VOL999");
  }
}
