package io.github.volumes4j.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.RegistryAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials found where the docker CLI keeps them: auths, credsStore, credHelpers (helpers are real scripts here). */
class RegistryAuthTest {

  @TempDir
  Path dir;

  private RegistryAuth auth(String configJson) throws Exception {
    Files.writeString(dir.resolve("config.json"), configJson);
    return new RegistryAuth(dir, List.of(dir.resolve("bin")));
  }

  private void helper(String name, String script) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path p = bin.resolve("docker-credential-" + name);
    Files.writeString(p, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeHeader(RegistryAuth.Credentials c) {
    return new String(Base64.getUrlDecoder().decode(c.header()), StandardCharsets.UTF_8);
  }

  @Test
  void authsKeyedAsTheCliWritesThem() throws Exception {
    RegistryAuth a = auth("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub-user:hub:pw") + "\"},"
        + "\"registry.example.com\":{\"auth\":\"" + b64("ann:s3cret") + "\"},"
        + "\"http://127.0.0.1:5000/v2/\":{\"identitytoken\":\"tok-123\"}}}");
    RegistryAuth.Credentials hub = a.lookup("busybox", "docker.io").orElseThrow();
    assertThat(hub.username()).contains("hub-user");
    assertThat(hub.secret()).isEqualTo("hub:pw");
    assertThat(decodeHeader(hub)).isEqualTo("{\"username\":\"hub-user\",\"password\":\"hub:pw\",\"serveraddress\":\"https://index.docker.io/v1/\"}");
    assertThat(a.lookup("registry.example.com/a:1", "registry.example.com").orElseThrow().secret()).isEqualTo("s3cret");
    RegistryAuth.Credentials token = a.lookup("127.0.0.1:5000/a", "127.0.0.1:5000").orElseThrow();
    assertThat(token.identityToken()).isTrue();
    assertThat(decodeHeader(token)).isEqualTo("{\"identitytoken\":\"tok-123\",\"serveraddress\":\"127.0.0.1:5000\"}");
    assertThat(a.lookup("other.example.com/a", "other.example.com")).isEmpty();
    assertThat(token.toString()).doesNotContain("tok-123");
    assertThat(hub.toString()).doesNotContain("hub:pw");
  }

  @Test
  void noConfigOrAnUnreadableOneIsAnAnonymousPull() throws Exception {
    assertThat(new RegistryAuth(dir.resolve("nowhere"), List.of()).lookup("busybox", "docker.io")).isEmpty();
    assertThat(auth("{not json").lookup("busybox", "docker.io")).isEmpty();
  }

  @Test
  void aBrokenAuthEntrySaysToLogInAgain() throws Exception {
    assertThatThrownBy(() -> auth("{\"auths\":{\"r.example.com\":{\"auth\":\"%%%\"}}}").lookup("r.example.com/a", "r.example.com"))
        .isInstanceOf(RegistryAuthenticationException.class).hasMessageContaining("docker login r.example.com");
    assertThatThrownBy(() -> auth("{\"auths\":{\"r.example.com\":{\"auth\":\"" + b64("nocolon") + "\"}}}")
        .lookup("r.example.com/a", "r.example.com")).isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("no ':'");
  }

  @Test
  void credHelpersWinForTheirRegistryAndCredsStoreForTheRest() throws Exception {
    helper("team", "read server; echo \"{\\\"ServerURL\\\":\\\"$server\\\",\\\"Username\\\":\\\"bot\\\",\\\"Secret\\\":\\\"team-$server\\\"}\"");
    helper("desktop", "read server; echo \"{\\\"ServerURL\\\":\\\"$server\\\",\\\"Username\\\":\\\"<token>\\\",\\\"Secret\\\":\\\"desk-tok\\\"}\"");
    RegistryAuth a = auth("{\"credsStore\":\"desktop\",\"credHelpers\":{\"team.example.com\":\"team\"},"
        + "\"auths\":{\"team.example.com\":{}}}");
    RegistryAuth.Credentials team = a.lookup("team.example.com/app:1", "team.example.com").orElseThrow();
    assertThat(team.username()).contains("bot");
    assertThat(team.secret()).isEqualTo("team-team.example.com");
    RegistryAuth.Credentials hub = a.lookup("busybox", "docker.io").orElseThrow();
    assertThat(hub.identityToken()).isTrue();
    assertThat(hub.secret()).isEqualTo("desk-tok");
  }

  @Test
  void aHelperWithoutCredentialsIsAnonymousAndAFailingOrMissingOneIsTyped() throws Exception {
    helper("none", "echo 'credentials not found in native keychain'; exit 1");
    assertThat(auth("{\"credsStore\":\"none\"}").lookup("busybox", "docker.io")).isEmpty();
    helper("broken", "echo 'the keychain is locked'; exit 3");
    assertThatThrownBy(() -> auth("{\"credsStore\":\"broken\"}").lookup("busybox", "docker.io"))
        .isInstanceOf(RegistryAuthenticationException.class).hasMessageContaining("docker-credential-broken get failed (exit 3)")
        .hasMessageContaining("the keychain is locked");
    assertThatThrownBy(() -> auth("{\"credsStore\":\"absent\"}").lookup("busybox", "docker.io"))
        .isInstanceOf(RegistryAuthenticationException.class).hasMessageContaining("docker-credential-absent")
        .hasMessageContaining("not on the PATH");
  }

  @Test
  void keysAreComparedByHostAsTheCliDoes() {
    assertThat(RegistryAuth.hostOf("https://index.docker.io/v1/")).isEqualTo("docker.io");
    assertThat(RegistryAuth.hostOf("registry-1.docker.io")).isEqualTo("docker.io");
    assertThat(RegistryAuth.hostOf("http://Registry.Example.com:5000/v2/")).isEqualTo("registry.example.com:5000");
    assertThat(Optional.of(RegistryAuth.hostOf("127.0.0.1:5000"))).contains("127.0.0.1:5000");
  }
}
