package io.github.volumes4j.docker.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Keys and certificates made with openssl 3 (src/test/resources/tls): the JDK alone must read them. */
class TlsTest {

  static String resource(String name) throws IOException {
    try (InputStream in = TlsTest.class.getResourceAsStream("/tls/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa1", "rsa8", "ec1", "ec8"})
  void readsKeysThatMatchTheirCertificates(String name) throws Exception {
    PrivateKey key = Tls.privateKey(resource(name + ".key"));
    Certificate cert = Tls.certificates(resource(name + ".crt")).get(0);
    String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    Signature s = Signature.getInstance(alg);
    s.initSign(key);
    s.update("volumes4j".getBytes(StandardCharsets.UTF_8));
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(alg);
    v.initVerify(cert.getPublicKey());
    v.update("volumes4j".getBytes(StandardCharsets.UTF_8));
    assertThat(v.verify(sig)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa1", "ec1"})
  void buildsAContextFromACertDirectory(String name, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("ca.pem"), resource("ca.pem"));
    Files.writeString(dir.resolve("cert.pem"), resource(name + ".crt"));
    Files.writeString(dir.resolve("key.pem"), resource(name + ".key"));
    SSLContext ctx = Tls.context(dir, true);
    assertThat(ctx.getProtocol()).isEqualTo("TLS");
    assertThat(Tls.context(dir, false)).isNotNull();
  }

  @Test
  void verifyingWithoutCaPemSaysWhatIsMissing(@TempDir Path dir) {
    assertThatThrownBy(() -> Tls.context(dir, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TLS verification needs " + dir.resolve("ca.pem") + ", which does not exist; put the daemon's CA"
            + " certificate there or set DOCKER_CERT_PATH to the directory that has it");
  }

  @Test
  void refusesEncryptedAndMissingKeys() {
    assertThatThrownBy(() -> Tls.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("encrypted");
    assertThatThrownBy(() -> Tls.privateKey("nothing")).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("no private key block");
  }

  @Test
  void readsEveryCertificateOfABundle() throws Exception {
    List<Certificate> certs = Tls.certificates(resource("ca.pem") + resource("rsa1.crt"));
    assertThat(certs).hasSize(2);
  }
}
