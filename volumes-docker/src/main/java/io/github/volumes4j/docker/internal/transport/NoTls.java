package io.github.volumes4j.docker.internal.transport;

import java.security.Provider;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} that cannot make TLS connections, handed to the transport for unix sockets and
 * named pipes so that it does not build the JDK's default TLS context (loading the cacerts trust store)
 * at start-up. Any use fails loudly.
 */
final class NoTls {

  private static final SSLContext CONTEXT = new SSLContext(new Spi(), new Provider("volumes4j-no-tls", "1",
      "no TLS on local sockets") {
    private static final long serialVersionUID = 1L;
  }, "none") { };

  private NoTls() {}

  static SSLContext context() {
    return CONTEXT;
  }

  private static final class Spi extends SSLContextSpi {
    private static UnsupportedOperationException unused() {
      return new UnsupportedOperationException("TLS is not used on a unix socket or named pipe;"
          + " give a tcp:// host with TLS settings instead");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {}

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw unused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw unused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw unused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw unused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw unused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw unused();
    }
  }
}
