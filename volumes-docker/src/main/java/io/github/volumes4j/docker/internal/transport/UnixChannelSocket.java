package io.github.volumes4j.docker.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A JDK 16+ unix domain {@link SocketChannel} seen as a blocking {@link Socket}, so that httpcore5's
 * blocking connection can be bound to it ({@code SocketChannel.socket()} is not supported for unix
 * sockets).
 *
 * <p>Read timeouts are not supported: {@link #setSoTimeout} is remembered and ignored, as docker-java's
 * own unix socket does; a read waits as long as the daemon takes. {@link #peerClosed()} tells, without
 * blocking, whether an idle connection was closed by the daemon.
 */
final class UnixChannelSocket extends Socket {

  private final SocketChannel channel;
  private final UnixDomainSocketAddress address;
  private final InputStream in = new In();
  private final OutputStream out = new Out();
  private volatile int timeout;
  private volatile boolean inputShut;
  private volatile boolean outputShut;

  private UnixChannelSocket(SocketChannel channel, UnixDomainSocketAddress address) throws SocketException {
    super((java.net.SocketImpl) null);     // no TCP socket implementation behind this one
    this.channel = channel;
    this.address = address;
  }

  /** Connects to the socket file; a missing file or a refusal throws a {@link SocketException}. */
  static UnixChannelSocket connect(Path path) throws IOException {
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(address);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new UnixChannelSocket(channel, address);
  }

  /**
   * True when the peer has closed the connection or sent something unasked (either way the connection
   * cannot carry another exchange). Only for an idle connection: no other thread may be reading it.
   */
  boolean peerClosed() {
    synchronized (channel.blockingLock()) {
      try {
        channel.configureBlocking(false);
        int n;
        try {
          n = channel.read(ByteBuffer.allocate(1));
        } finally {
          channel.configureBlocking(true);
        }
        return n != 0;
      } catch (IOException e) {
        return true;
      }
    }
  }

  @Override
  public InputStream getInputStream() throws IOException {
    ensureOpen();
    return in;
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    ensureOpen();
    return out;
  }

  private void ensureOpen() throws SocketException {
    if (!channel.isOpen()) {
      throw new SocketException("Socket is closed");
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public boolean isClosed() {
    return !channel.isOpen();
  }

  @Override
  public boolean isConnected() {
    return channel.isConnected();
  }

  @Override
  public boolean isBound() {
    return true;
  }

  @Override
  public void connect(SocketAddress endpoint) throws IOException {
    throw new SocketException("already connected");
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    throw new SocketException("already connected");
  }

  /** Remembered, not applied: see the class comment. */
  @Override
  public void setSoTimeout(int timeout) {
    this.timeout = timeout;
  }

  @Override
  public int getSoTimeout() {
    return timeout;
  }

  @Override
  public void setSoLinger(boolean on, int linger) {
    // no lingering on a unix socket: close is immediate
  }

  @Override
  public int getSoLinger() {
    return -1;
  }

  @Override
  public void setTcpNoDelay(boolean on) {
    // not TCP
  }

  @Override
  public void setKeepAlive(boolean on) {
    // not TCP
  }

  @Override
  public void shutdownInput() throws IOException {
    channel.shutdownInput();
    inputShut = true;
  }

  @Override
  public void shutdownOutput() throws IOException {
    channel.shutdownOutput();
    outputShut = true;
  }

  @Override
  public boolean isInputShutdown() {
    return inputShut;
  }

  @Override
  public boolean isOutputShutdown() {
    return outputShut;
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return address;
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return null;
  }

  @Override
  public java.net.InetAddress getInetAddress() {
    return null;
  }

  @Override
  public java.net.InetAddress getLocalAddress() {
    return null;
  }

  @Override
  public int getPort() {
    return 0;
  }

  @Override
  public int getLocalPort() {
    return -1;
  }

  @Override
  public String toString() {
    return "unix:" + address.getPath();
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      return channel.read(ByteBuffer.wrap(b, off, len));
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }
}
