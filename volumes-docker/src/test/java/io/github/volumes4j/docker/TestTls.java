package io.github.volumes4j.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Certificates for a test daemon with verified TLS, made with the {@code openssl} CLI in a directory of the test's. */
final class TestTls {

  private TestTls() {}

  /**
   * A CA ({@code ca.pem}), a server certificate for {@code cn} and {@code subjectAltName} {@code san}
   * ({@code server-cert.pem}, {@code server-key.pem}) and a client directory {@code client/} holding
   * {@code ca.pem}, {@code cert.pem} and an EC {@code key.pem}, as the docker CLI reads it.
   */
  static void make(Path dir, String caName, String cn, String san) throws IOException, InterruptedException {
    Path client = Files.createDirectories(dir.resolve("client"));
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=" + caName);
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr", "-subj",
        "/CN=" + cn);
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth\n");
    openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
        "-out", "server-cert.pem", "-days", "2", "-extfile", "server.ext");
    openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "client/key.pem");
    openssl(dir, "req", "-new", "-key", "client/key.pem", "-out", "client.csr", "-subj", "/CN=client");
    Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    openssl(dir, "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
        "-out", "client/cert.pem", "-days", "2", "-extfile", "client.ext");
    Files.copy(dir.resolve("ca.pem"), client.resolve("ca.pem"));
  }

  /** The daemon's TLS flags for the files {@link #make} wrote. */
  static List<String> daemonFlags(Path dir) {
    return List.of("--tlsverify", "--tlscacert", dir.resolve("ca.pem").toString(),
        "--tlscert", dir.resolve("server-cert.pem").toString(), "--tlskey", dir.resolve("server-key.pem").toString());
  }

  static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }
}
