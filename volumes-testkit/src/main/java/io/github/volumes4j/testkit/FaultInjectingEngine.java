package io.github.volumes4j.testkit;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineUnavailableException;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumeUsage;
import io.github.volumes4j.spi.ForwardingVolumeEngine;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An engine that fails one chosen call the way a dropped connection does, to test that code on top
 * of volumes4j (and volumes4j itself) leaves nothing half done: the call is cut before it reaches
 * the engine, or its answer is lost after the engine did the work, or its stream breaks half way.
 * Every call that talks to the engine counts ({@code info()}, {@code supports()} and {@code close()}
 * do not).
 *
 * <pre>{@code
 * FaultInjectingEngine faulty = FaultInjectingEngine.around(InMemoryEngine.dockerLike());
 * DataMovement data = DataMovement.on(faulty);
 * faulty.failCall(4, FaultInjectingEngine.Fault.LOST_REPLY);        // the 4th call from now
 * assertThatThrownBy(() -> data.clone("src").to("dst")).isInstanceOf(VolumesException.class);
 * assertThat(faulty.delegate().listVolumes(VolumeFilter.name("dst"))).isEmpty();
 * }</pre>
 */
public final class FaultInjectingEngine extends ForwardingVolumeEngine {

  /** How the chosen call fails. */
  public enum Fault {
    /** The connection is cut before the request reaches the engine: nothing happens there. */
    CUT_BEFORE,
    /**
     * The engine does the work, then the connection is cut before its answer arrives, whether that answer
     * was a result or an error.
     */
    LOST_REPLY,
    /**
     * A stream breaks half way: an archive read ends with an error after half its bytes, an archive
     * write stops after half its bytes (the engine sees a truncated upload), a started helper's output
     * resets and its input refuses after 64 KiB; other calls are cut before.
     */
    BROKEN_STREAM
  }

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private int calls;
  private int failAt = -1;
  private Fault fault;
  private String fired;

  private FaultInjectingEngine(VolumeEngine delegate) {
    super(delegate);
  }

  /** Wraps an engine; no call fails until {@link #failCall}. */
  public static FaultInjectingEngine around(VolumeEngine engine) {
    return new FaultInjectingEngine(engine);
  }

  /** Fails the {@code n}-th call from now (1 is the next one), once; counting starts again at 0. */
  public synchronized FaultInjectingEngine failCall(int n, Fault fault) {
    if (n < 1) {
      throw new IllegalArgumentException("call " + n + " is not a call number; give 1 for the next call");
    }
    this.calls = 0;
    this.failAt = n;
    this.fault = java.util.Objects.requireNonNull(fault, "fault == null");
    this.fired = null;
    log.clear();
    return this;
  }

  /** Counts from 0 again, with no fault armed. */
  public synchronized FaultInjectingEngine reset() {
    calls = 0;
    failAt = -1;
    fault = null;
    fired = null;
    log.clear();
    return this;
  }

  /** Calls counted since the last {@link #failCall} or {@link #reset}. */
  public synchronized int calls() {
    return calls;
  }

  /** The call that was failed, as {@code "7 LOST_REPLY createContainer"}; empty when none was. */
  public synchronized Optional<String> fired() {
    return Optional.ofNullable(fired);
  }

  /** The calls counted since the last reset, in order ({@code createVolume}, {@code readArchive}...). */
  public List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  private synchronized Fault next(String what) {
    calls++;
    log.add(what);
    if (calls == failAt) {
      fired = calls + " " + fault + " " + what;
      return fault;
    }
    return null;
  }

  private static EngineUnavailableException cut(String what, boolean done) {
    return new EngineUnavailableException("the connection to the engine was cut during " + what
        + (done ? " after the engine did it (its answer was lost)" : " before it reached the engine")
        + " (fault injected by FaultInjectingEngine)", List.of("fault injection"), null);
  }

  private <T> T call(String what, Supplier<T> action) {
    Fault f = next(what);
    if (f == null) {
      return action.get();
    }
    if (f == Fault.LOST_REPLY) {
      doThenLoseTheAnswer(action::get);
      throw cut(what, true);
    }
    throw cut(what, false);
  }

  /** The engine acts; whatever it answers, a result or an error ("not found", "in use"), never arrives. */
  private static void doThenLoseTheAnswer(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException answerLost) {
      // an error is an answer too: a cut connection loses it as it loses a result
    }
  }

  private void run(String what, Runnable action) {
    call(what, () -> {
      action.run();
      return null;
    });
  }

  @Override
  public Volume createVolume(VolumeSpec spec) {
    return call("createVolume", () -> super.createVolume(spec));
  }

  @Override
  public Volume inspectVolume(String name) {
    return call("inspectVolume", () -> super.inspectVolume(name));
  }

  @Override
  public List<Volume> listVolumes(VolumeFilter filter) {
    return call("listVolumes", () -> super.listVolumes(filter));
  }

  @Override
  public void removeVolume(String name, boolean force) {
    run("removeVolume", () -> super.removeVolume(name, force));
  }

  @Override
  public PruneResult pruneVolumes(PruneOptions options) {
    return call("pruneVolumes", () -> super.pruneVolumes(options));
  }

  @Override
  public Map<String, VolumeUsage> volumeUsage() {
    return call("volumeUsage", super::volumeUsage);
  }

  @Override
  public Volume inspectVolumeWithUsage(String name) {
    return call("inspectVolumeWithUsage", () -> super.inspectVolumeWithUsage(name));
  }

  @Override
  public String createContainer(ContainerSpec spec) {
    return call("createContainer", () -> super.createContainer(spec));
  }

  @Override
  public void startContainer(String container) {
    run("startContainer", () -> super.startContainer(container));
  }

  @Override
  public void stopContainer(String container, Duration timeout) {
    run("stopContainer", () -> super.stopContainer(container, timeout));
  }

  @Override
  public int waitContainer(String container) {
    return call("waitContainer", () -> super.waitContainer(container));
  }

  @Override
  public void removeContainer(String container, boolean removeVolumes, boolean force) {
    run("removeContainer", () -> super.removeContainer(container, removeVolumes, force));
  }

  @Override
  public ContainerInfo inspectContainer(String container) {
    return call("inspectContainer", () -> super.inspectContainer(container));
  }

  @Override
  public List<ContainerInfo> listContainers(Map<String, String> labels) {
    return call("listContainers", () -> super.listContainers(labels));
  }

  @Override
  public String logs(String container) {
    return call("logs", () -> super.logs(container));
  }

  @Override
  public InputStream readArchive(String container, String path) {
    Fault f = next("readArchive");
    if (f == null) {
      return super.readArchive(container, path);
    }
    if (f == Fault.CUT_BEFORE) {
      throw cut("readArchive", false);
    }
    if (f == Fault.LOST_REPLY) {
      doThenLoseTheAnswer(() -> {
        try {
          super.readArchive(container, path).close();
        } catch (IOException ignored) {
          // the answer is lost anyway
        }
      });
      throw cut("readArchive", true);
    }
    InputStream in = super.readArchive(container, path);
    return new Cut(in, 64 * 1024, true);   // after 64 KiB or the first read, whichever comes later
  }

  @Override
  public void writeArchive(String container, String directory, InputStream tar, boolean noOverwriteDirNonDir) {
    Fault f = next("writeArchive");
    if (f == null) {
      super.writeArchive(container, directory, tar, noOverwriteDirNonDir);
      return;
    }
    if (f == Fault.CUT_BEFORE) {
      throw cut("writeArchive", false);
    }
    if (f == Fault.LOST_REPLY) {
      doThenLoseTheAnswer(() -> super.writeArchive(container, directory, tar, noOverwriteDirNonDir));
      throw cut("writeArchive", true);
    }
    try {
      super.writeArchive(container, directory, new Cut(tar, 1300, false), noOverwriteDirNonDir);
    } catch (RuntimeException e) {
      // the engine's answer to the truncated upload does not arrive either
    }
    throw new EngineUnavailableException("the connection to the engine was cut half way through writeArchive "
        + "(fault injected by FaultInjectingEngine)", List.of("fault injection"), null);
  }

  @Override
  public Optional<PathStat> statPath(String container, String path) {
    return call("statPath", () -> super.statPath(container, path));
  }

  @Override
  public void importImage(InputStream rootfs, String reference, Map<String, String> labels) {
    run("importImage", () -> super.importImage(rootfs, reference, labels));
  }

  @Override
  public boolean imageExists(String reference) {
    return call("imageExists", () -> super.imageExists(reference));
  }

  @Override
  public List<String> listImages() {
    return call("listImages", super::listImages);
  }

  /**
   * A started helper: cut before it starts; started and running, its answer lost (the caller never
   * learns it, and must find it by its name to remove it); or its streams broken half way (its output
   * resets after 64 KiB, its input refuses to take more than 64 KiB).
   */
  @Override
  public io.github.volumes4j.spi.HelperProcess startHelper(ContainerSpec spec, io.github.volumes4j.spi.HelperIo io) {
    Fault f = next("startHelper");
    if (f == null) {
      return super.startHelper(spec, io);
    }
    if (f == Fault.CUT_BEFORE) {
      throw cut("startHelper", false);
    }
    if (f == Fault.LOST_REPLY) {
      doThenLoseTheAnswer(() -> {
        io.github.volumes4j.spi.HelperProcess p = super.startHelper(spec, io);
        try {
          p.stdout().close();          // the connection goes; the container runs on
        } catch (IOException ignored) {
          // lost anyway
        }
      });
      throw cut("startHelper", true);
    }
    return new BrokenHelper(super.startHelper(spec, io));
  }

  /** A helper whose streams break after 64 KiB each way. */
  private static final class BrokenHelper implements io.github.volumes4j.spi.HelperProcess {
    private final io.github.volumes4j.spi.HelperProcess p;
    private final InputStream out;
    private final java.io.OutputStream in;

    BrokenHelper(io.github.volumes4j.spi.HelperProcess p) {
      this.p = p;
      this.out = new Cut(p.stdout(), 64 * 1024, true);
      java.io.OutputStream raw = p.stdin();
      this.in = new java.io.OutputStream() {
        private long left = 64 * 1024;

        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (len > left) {
            raw.write(b, off, (int) left);
            left = 0;
            throw new IOException("Broken pipe (fault injected by FaultInjectingEngine)");
          }
          raw.write(b, off, len);
          left -= len;
        }

        @Override
        public void flush() throws IOException {
          raw.flush();
        }

        @Override
        public void close() throws IOException {
          raw.close();
        }
      };
    }

    @Override
    public String id() {
      return p.id();
    }

    @Override
    public InputStream stdout() {
      return out;
    }

    @Override
    public java.io.OutputStream stdin() {
      return in;
    }

    @Override
    public int waitFor() {
      return p.waitFor();
    }

    @Override
    public String stderr() {
      return p.stderr();
    }

    @Override
    public String transport() {
      return p.transport() + " (broken by FaultInjectingEngine)";
    }

    @Override
    public void close() {
      p.close();
    }
  }

  /**
   * A stream cut after {@code limit} bytes: it then throws a reset connection ({@code reset}), or ends
   * (an upload the engine sees cut short).
   */
  private static final class Cut extends FilterInputStream {
    private long left;
    private final boolean reset;

    Cut(InputStream in, long limit, boolean reset) {
      super(in);
      this.left = limit;
      this.reset = reset;
    }

    @Override
    public int read() throws IOException {
      byte[] b = new byte[1];
      return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        if (reset) {
          throw new IOException("Connection reset (fault injected by FaultInjectingEngine)");
        }
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      left = n > 0 ? left - n : 0;
      return n;
    }
  }
}
