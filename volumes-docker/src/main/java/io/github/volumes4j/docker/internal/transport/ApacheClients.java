package io.github.volumes4j.docker.internal.transport;

import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * docker-java's httpclient5 client ({@code ApacheDockerHttpClient}), used for TLS and Windows named
 * pipes, where {@link LeanHttpClient} does not go: TLS keeps httpclient5's proven handshake, host name
 * verification and session handling (tested against a real TLS daemon by {@code DockerTlsIT}), and its
 * cost per call is small next to a network round trip. In a class of its own so that the JVM loads
 * httpclient5 only when one of those hosts is used.
 */
final class ApacheClients {

  private ApacheClients() {}

  static DockerHttpClient create(URI host, SSLContext ssl, Duration connectTimeout, Duration responseTimeout,
      int maxConnections) {
    ApacheDockerHttpClient.Builder b = new ApacheDockerHttpClient.Builder()
        .dockerHost(host)
        .maxConnections(maxConnections)
        .connectionTimeout(connectTimeout);
    if (!responseTimeout.isZero()) {
      b.responseTimeout(responseTimeout);
    }
    if (ssl != null) {
      SSLConfig config = () -> ssl;
      b.sslConfig(config);
    } else if ("unix".equals(host.getScheme()) || "npipe".equals(host.getScheme())) {
      // Without an SSLConfig the transport builds the JDK's default TLS context (the cacerts trust store)
      // even for a local socket: about 0.4-0.7 s of start-up for nothing. This context is never used.
      SSLConfig none = NoTls::context;
      b.sslConfig(none);
    }
    return b.build();
  }
}
