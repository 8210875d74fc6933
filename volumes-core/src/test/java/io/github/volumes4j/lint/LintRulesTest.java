package io.github.volumes4j.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every rule with a case it must find and a close case it must leave alone. */
class LintRulesTest {

  static List<LintRule> rules(String... args) {
    return rules(LintConfig.defaults(), false, args);
  }

  static List<LintRule> rules(LintConfig c, boolean production, String... args) {
    LintSubject s = LintSubject.of("app", Arrays.stream(args).map(LintMount::parse).toList()).withProduction(production);
    return Linter.of(c).lint(List.of(s)).findings().stream().map(LintFinding::rule).toList();
  }

  static LintFinding only(String arg) {
    List<LintFinding> f = Linter.defaults().lint(List.of(LintSubject.of("app", List.of(LintMount.parse(arg))))).findings();
    assertThat(f).as("findings for %s", arg).hasSize(1);
    return f.get(0);
  }

  @Test
  void runtimeSockets() {
    assertThat(rules("-v /var/run/docker.sock:/var/run/docker.sock:ro")).containsExactly(LintRule.RUNTIME_SOCKET);
    assertThat(rules("--mount type=bind,src=/run/containerd/containerd.sock,dst=/c.sock")).containsExactly(LintRule.RUNTIME_SOCKET);
    assertThat(rules("-v /run/podman/podman.sock:/run/podman.sock")).containsExactly(LintRule.RUNTIME_SOCKET);
    assertThat(rules("-v /var/run/docker:/d")).containsExactly(LintRule.RUNTIME_SOCKET);
    assertThat(only("-v /var/run/docker.sock:/s:ro").message()).contains("read-only does not limit");
    assertThat(only("-v /var/run/docker.sock:/s").severity()).isEqualTo(LintSeverity.ERROR);
    // a socket of an application is not a runtime's
    assertThat(rules("-v /srv/app/app.sock:/app.sock")).isEmpty();
  }

  @Test
  void sensitiveHostDirectories() {
    assertThat(only("-v /etc:/host/etc").severity()).isEqualTo(LintSeverity.ERROR);
    assertThat(only("-v /etc:/host/etc:ro").severity()).isEqualTo(LintSeverity.WARNING);
    assertThat(rules("-v /proc:/host/proc:ro")).containsExactly(LintRule.SENSITIVE_HOST_DIRECTORY);
    assertThat(rules("-v /:/host:ro")).containsExactly(LintRule.SENSITIVE_HOST_DIRECTORY);
    assertThat(only("-v /:/host").severity()).isEqualTo(LintSeverity.ERROR);
    assertThat(rules("-v /usr/share/../../etc/shadow:/s:ro")).contains(LintRule.SENSITIVE_HOST_DIRECTORY);
    // the usual read-only time zone file is not a finding; the same file writable is
    assertThat(rules("-v /etc/localtime:/etc/localtime:ro")).isEmpty();
    assertThat(rules("-v /etc/localtime:/etc/localtime")).contains(LintRule.SENSITIVE_HOST_DIRECTORY);
    assertThat(rules("-v /etcetera:/x:ro", "-v /srv/data:/data")).isEmpty();
  }

  @Test
  void sharedPropagation() {
    assertThat(rules("-v /srv/m:/m:rshared")).containsExactly(LintRule.SHARED_PROPAGATION);
    assertThat(rules("--mount type=bind,src=/srv/m,dst=/m,bind-propagation=shared")).containsExactly(LintRule.SHARED_PROPAGATION);
    assertThat(rules("-v /srv/m:/m:rslave", "-v /srv/n:/n:private")).isEmpty();
  }

  @Test
  void tmpfsThatAllowsExec() {
    assertThat(rules("--tmpfs /run:exec")).containsExactly(LintRule.TMPFS_EXEC);
    assertThat(rules("--tmpfs /run:suid,dev")).containsExactly(LintRule.TMPFS_EXEC, LintRule.TMPFS_EXEC);
    assertThat(rules("--tmpfs /run:size=64m,noexec", "--mount type=tmpfs,dst=/t")).isEmpty();
  }

  @Test
  void anonymousVolumesHoldingData() {
    assertThat(rules("-v /var/lib/postgresql/data")).containsExactly(LintRule.ANONYMOUS_DATA_VOLUME);
    assertThat(rules("--mount type=volume,dst=/var/lib/mysql")).containsExactly(LintRule.ANONYMOUS_DATA_VOLUME);
    assertThat(rules("-v /cache", "-v pgdata:/var/lib/postgresql/data")).isEmpty();
    // the colon-less -v trap is the library's MountSyntax.check warning, reported under the same rule
    assertThat(rules("-v pgdata")).containsExactly(LintRule.ANONYMOUS_DATA_VOLUME);
    assertThat(rules(LintConfig.defaults().withPersistentPaths(List.of("/srv/uploads")), false, "-v /srv/uploads/u1"))
        .containsExactly(LintRule.ANONYMOUS_DATA_VOLUME);
  }

  @Test
  void bindsInProduction() {
    assertThat(rules(LintConfig.defaults(), true, "-v /srv/app:/app")).containsExactly(LintRule.BIND_IN_PRODUCTION);
    assertThat(rules(LintConfig.defaults(), false, "-v /srv/app:/app")).isEmpty();
    assertThat(rules(LintConfig.defaults(), true, "-v data:/app")).isEmpty();
  }

  @Test
  void writableConfiguration() {
    assertThat(rules("-v /srv/nginx.conf:/etc/nginx/nginx.conf")).containsExactly(LintRule.WRITABLE_COULD_BE_READ_ONLY);
    assertThat(rules("-v /srv/conf:/etc/app")).containsExactly(LintRule.WRITABLE_COULD_BE_READ_ONLY);
    assertThat(only("-v /srv/conf:/etc/app").severity()).isEqualTo(LintSeverity.NOTE);
    assertThat(rules("-v /srv/nginx.conf:/etc/nginx/nginx.conf:ro", "-v /srv/www:/var/www")).isEmpty();
  }

  @Test
  void secretsOnDisk() {
    assertThat(rules("-v /srv/secrets:/run/secrets:ro")).containsExactly(LintRule.SECRET_ON_DISK);
    assertThat(rules("-v /home/ci/.ssh/id_rsa:/root/id:ro")).contains(LintRule.SECRET_ON_DISK);
    assertThat(rules("-v /srv/tls/server.key:/tls/server.key:ro")).containsExactly(LintRule.SECRET_ON_DISK);
    assertThat(rules("-v db_password:/pw")).containsExactly(LintRule.SECRET_ON_DISK);
    assertThat(rules("--tmpfs /run/secrets", "-v /srv/tls/server.crt:/tls/server.crt:ro")).isEmpty();
  }

  @Test
  void driveLetterTrap() {
    // recorded on Docker 20.10 (CLI 28): -v x:/data is an anonymous volume at the container path "x:/data"
    assertThat(io.github.volumes4j.MountSyntax.VOLUME.parse("x:/data")).isEqualTo(VolumeMount.anonymous("x:/data"));
    assertThat(rules("-v x:/data")).containsExactly(LintRule.DRIVE_LETTER_TRAP);
    assertThat(only("-v c:\\data").message()).contains("'c:\\data'", "not drive C:");
    assertThat(rules("-v xy:/data")).isEmpty();
    assertThatThrownBy(() -> rules("--mount type=volume,src=x,dst=/data")).hasMessageContaining("too short");
    assertThat(Linter.defaults().lint(List.of(LintSubject.of("app", List.of(LintMount.of(
        BindMount.of("C:/data", "/data"))))))
        .findings()).extracting(LintFinding::rule).containsExactly(LintRule.DRIVE_LETTER_TRAP);
  }

  @Test
  void fieldsTheDaemonIgnores() {
    LintConfig at141 = LintConfig.defaults().withTargetApi(ApiVersion.MINIMUM);
    assertThat(rules(at141, false, "--mount type=volume,src=dd,dst=/d,volume-subpath=sub")).containsExactly(LintRule.IGNORED_BY_DAEMON);
    assertThat(rules(at141, false, "--mount type=bind,src=/srv/x,dst=/x,bind-recursive=readonly,readonly,bind-propagation=rprivate")).containsExactly(LintRule.IGNORED_BY_DAEMON);
    assertThat(rules(LintConfig.defaults().withTargetApi(ApiVersion.LATEST), false,
        "--mount type=volume,src=dd,dst=/d,volume-subpath=sub")).isEmpty();
    assertThat(rules(LintConfig.defaults(), false, "--mount type=volume,src=dd,dst=/d,volume-subpath=sub")).isEmpty();
    // consistency, from the library's MountSyntax.check warning
    assertThat(rules("-v /srv/x:/x:cached")).containsExactly(LintRule.IGNORED_BY_DAEMON);
  }

  @Test
  void readerNotesAreFindings() {
    LintNote n = new LintNote(LintRule.IGNORED_BY_COMPOSE, "cached", "compose drops 'cached'",
        java.util.Optional.of(new SourceLocation("compose.yaml", 4, 9)));
    LintReport r = Linter.defaults().lint(List.of(LintSubject.of("web", List.of()).withNotes(List.of(n))));
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(LintRule.IGNORED_BY_COMPOSE);
      assertThat(f.location()).contains(new SourceLocation("compose.yaml", 4, 9));
    });
  }

  @Test
  void sharedWritableSources() {
    LintSubject a = LintSubject.of("a", List.of(LintMount.parse("-v uploads:/u")));
    LintSubject b = LintSubject.of("b", List.of(LintMount.parse("-v uploads:/srv/u")));
    LintSubject c = LintSubject.of("c", List.of(LintMount.parse("-v uploads:/u:ro")));
    assertThat(Linter.defaults().lint(List.of(a, b, c)).findings()).extracting(LintFinding::rule, LintFinding::subject)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(LintRule.SHARED_WRITABLE_SOURCE, "a"),
            org.assertj.core.groups.Tuple.tuple(LintRule.SHARED_WRITABLE_SOURCE, "b"));
    assertThat(Linter.defaults().lint(List.of(a, c)).findings()).isEmpty();
  }

  @Test
  void relabelledSystemDirectories() {
    assertThat(rules("-v /usr:/x:ro,z")).contains(LintRule.RELABEL_SYSTEM_DIRECTORY);
    assertThat(rules("-v /srv/app:/x:z")).isEmpty();
  }

  @Test
  void readOnlyRoot() {
    LintSubject ro = LintSubject.of("app", List.of()).withReadOnlyRoot(true);
    assertThat(Linter.defaults().lint(List.of(ro)).findings()).extracting(LintFinding::rule).containsExactly(LintRule.READ_ONLY_ROOT);
    LintSubject roWithTmp = LintSubject.of("app", List.of(LintMount.parse("--tmpfs /tmp"))).withReadOnlyRoot(true);
    assertThat(Linter.defaults().lint(List.of(roWithTmp)).findings()).isEmpty();
    LintSubject prodWritable = LintSubject.of("app", List.of()).withReadOnlyRoot(false).withProduction(true);
    assertThat(Linter.defaults().lint(List.of(prodWritable)).findings()).extracting(LintFinding::rule).containsExactly(LintRule.READ_ONLY_ROOT);
    assertThat(Linter.defaults().lint(List.of(LintSubject.of("app", List.of()).withReadOnlyRoot(false))).findings()).isEmpty();
  }

  @Test
  void droppedModeBits() {
    assertThat(rules("--mount type=tmpfs,dst=/t,tmpfs-mode=41777")).containsExactly(LintRule.DROPPED_BY_KERNEL);
    assertThat(rules("--mount type=tmpfs,dst=/t,tmpfs-mode=1777")).isEmpty();
  }

  @Nested
  class Configuration {
    @Test
    void disabledRulesDoNotRunAndSeveritiesChange() {
      assertThat(rules(LintConfig.defaults().withDisabled(LintRule.RUNTIME_SOCKET), false, "-v /var/run/docker.sock:/s")).isEmpty();
      LintReport r = Linter.of(LintConfig.defaults().withSeverity(LintRule.WRITABLE_COULD_BE_READ_ONLY, LintSeverity.ERROR))
          .lint(List.of(LintSubject.of("app", List.of(LintMount.parse("-v /srv/a.conf:/a.conf"))))) ;
      assertThat(r.findings()).extracting(LintFinding::severity).containsExactly(LintSeverity.ERROR);
      assertThat(r.hasAtLeast(LintSeverity.ERROR)).isTrue();
    }

    @Test
    void suppressionsKeepTheFindingWithItsReason() {
      LintConfig c = LintConfig.defaults().withSuppression(LintSuppression.parse("runtime-socket app /var/run/*"));
      LintReport r = Linter.of(c).lint(List.of(LintSubject.of("app", List.of(LintMount.parse("-v /var/run/docker.sock:/s"),
          LintMount.parse("-v /etc:/e")))));
      assertThat(r.findings()).extracting(LintFinding::rule).containsExactly(LintRule.SENSITIVE_HOST_DIRECTORY);
      assertThat(r.suppressed()).singleElement().satisfies(f -> assertThat(f.suppression()).hasValueSatisfying(
          s -> assertThat(s).contains("configured: runtime-socket app /var/run/*")));
      // another subject is not covered
      LintReport other = Linter.of(c).lint(List.of(LintSubject.of("web", List.of(LintMount.parse("-v /var/run/docker.sock:/s")))));
      assertThat(other.findings()).hasSize(1);
    }

    @Test
    void inlineSuppressionsOnTheMountOrTheSubject() {
      LintMount m = LintMount.parse("-v /srv/a.conf:/a.conf").suppressing(Set.of("VOL007"));
      assertThat(Linter.defaults().lint(List.of(LintSubject.of("app", List.of(m)))).suppressed())
          .extracting(LintFinding::suppression).containsExactly(java.util.Optional.of("inline: VOL007"));
      LintSubject s = LintSubject.of("app", List.of(LintMount.parse("-v /etc:/e"))).suppressing(Set.of("*"));
      LintReport r = Linter.defaults().lint(List.of(s));
      assertThat(r.findings()).isEmpty();
      assertThat(r.suppressed()).hasSize(1);
    }

    @Test
    void badConfigurationIsRefusedByName() {
      assertThatThrownBy(() -> LintSuppression.parse("VOL999 app")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("VOL999");
      assertThatThrownBy(() -> LintRule.of("sockets")).hasMessageContaining("'sockets'");
      assertThatThrownBy(() -> LintMount.parse("data:/data")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-v data:/data");
      assertThatThrownBy(() -> LintMount.parse("-v /x:/y:bogus")).isInstanceOf(InvalidMountSpecException.class);
      assertThatThrownBy(() -> LintSeverity.parse("fatal")).hasMessageContaining("'fatal'");
    }
  }

  @Test
  void codeBuiltSpecsAreLintedToo() {
    LintReport r = Linter.defaults().lint(io.github.volumes4j.ContainerSpec.builder().image("app:1")
        .addMounts(TmpfsMount.at("/run").withOptions("exec"), VolumeMount.anonymous("/var/lib/mysql")).build());
    assertThat(r.findings()).extracting(LintFinding::rule).containsExactly(LintRule.TMPFS_EXEC, LintRule.ANONYMOUS_DATA_VOLUME);
    assertThat(r.findings()).allSatisfy(f -> assertThat(f.subject()).isEqualTo("container"));
  }
}
