package io.github.volumes4j.data.internal;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.spi.HelperIo;
import io.github.volumes4j.spi.HelperProcess;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started helper that runs {@code tar} on a volume mounted at {@link Helpers#MOUNT} and streams it
 * over its standard streams: through a port it listens on when the image is the library's busybox
 * (the fast way, about twice the attached rate on Docker 20.10), else attached. The port exchange is
 * guarded by a random token the helper checks before it sends or reads anything: a stranger who
 * connects first to the published port makes the helper exit, and gets nothing.
 *
 * <p>{@link #close()} removes the helper, killed if it still runs (a failure half way); a removal that
 * fails is remembered by {@link Helpers} and tried again before its next helper.
 */
final class HelperStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HelperStream.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  static final int PORT = 7000;
  static final String READY = "v4j-ready\n";

  private final Helpers helpers;
  private final HelperProcess process;
  private final String name;
  private final String volume;
  private boolean closed;
  /** A reader reached through a port: its output ends at this marker, and it waits for an "ok" to exit. */
  private final EndMarkedInput marked;
  private boolean acknowledged;

  private HelperStream(Helpers helpers, HelperProcess process, String name, String volume, byte[] endMarker) {
    this.marked = endMarker == null ? null : new EndMarkedInput(process.stdout(), endMarker);
    this.helpers = helpers;
    this.process = process;
    this.name = name;
    this.volume = volume;
  }

  /** Reads {@code dir} (relative to the volume root, "" for all of it) as a tar on the helper's output. */
  static HelperStream read(VolumeAccess access, StreamImage.Resolved image, String volume, boolean tryPort) {
    return start(access, image, volume, true, List.of("tar", "cf", "-", "-C", Helpers.MOUNT, "."), tryPort);
  }

  /**
   * Reads an archive path the way the engine's archive endpoint names it ({@code ""} the whole
   * volume as {@code ./...}, {@code "d/."} the content of d, {@code "d/f"} the entry f and below).
   */
  static HelperStream readPath(VolumeAccess access, StreamImage.Resolved image, String volume, String path,
      boolean tryPort) {
    String dir;
    String name;
    if (path.isEmpty() || path.equals(".")) {
      dir = Helpers.MOUNT;
      name = ".";
    } else if (path.endsWith("/.")) {
      dir = Helpers.MOUNT + "/" + path.substring(0, path.length() - 2);
      name = ".";
    } else {
      int slash = path.lastIndexOf('/');
      dir = slash < 0 ? Helpers.MOUNT : Helpers.MOUNT + "/" + path.substring(0, slash);
      name = path.substring(slash + 1);
    }
    return start(access, image, volume, true, List.of("tar", "cf", "-", "-C", dir, "--", name), tryPort);
  }

  /** Extracts the tar written to the helper's input into the volume's root. */
  static HelperStream write(VolumeAccess access, StreamImage.Resolved image, String volume, boolean tryPort) {
    return start(access, image, volume, false, List.of("tar", "xf", "-", "-C", Helpers.MOUNT), tryPort);
  }

  /**
   * The symbolic links a volume holds (volume-relative), listed by {@code find} in a helper: a merge
   * must not extract through one (busybox {@code tar} follows a link where the archive has a directory,
   * and what is written below it lands outside the volume). At most {@code max}.
   */
  static java.util.Set<String> symlinks(VolumeAccess access, StreamImage.Resolved image, String volume, int max) {
    java.util.Set<String> out = new java.util.HashSet<>();
    // the list ends with an empty name (a name is never empty): the end is known without the end of the stream
    try (HelperStream h = start(access, image, volume, true, List.of("sh", "-c", String.join(" ", image.run("find"))
        + " \"$0\" -type l -print0 && " + String.join(" ", image.run("printf")) + " '\\000'", Helpers.MOUNT + "/"),
        tryPortFor(access))) {
      java.io.ByteArrayOutputStream name = new java.io.ByteArrayOutputStream();
      InputStream o = new java.io.BufferedInputStream(h.out(), 64 * 1024);
      boolean ended = false;
      for (int b; (b = o.read()) >= 0; ) {
        if (b != 0) {
          name.write(b);
          continue;
        }
        if (name.size() == 0) {
          ended = true;
          break;
        }
        String n = name.toString(java.nio.charset.StandardCharsets.UTF_8);
        name.reset();
        String prefix = Helpers.MOUNT + "/";
        out.add(n.startsWith(prefix) ? n.substring(prefix.length()) : n);
        if (out.size() > max) {
          throw new DataMovementException("volume \"" + volume + "\" holds more than " + max + " symbolic links; a merge "
              + "through a started helper checks each against the backup: restore with RestorePolicy.REPLACE", null);
        }
      }
      if (!ended) {
        throw new DataMovementException("listing the symbolic links of volume \"" + volume + "\" ended early ("
            + h.stderr().strip() + "); nothing was written", null);
      }
      h.drain();
      h.finish("listing the symbolic links of volume \"" + volume + "\"");
    } catch (IOException e) {
      throw new DataMovementException("listing the symbolic links of volume \"" + volume + "\" failed: " + e.getMessage(), e);
    }
    return out;
  }

  private static boolean tryPortFor(VolumeAccess access) {
    return access.portExchange();
  }

  /** Runs the shell script written to the helper's input, with the volume writable. */
  static HelperStream shell(VolumeAccess access, StreamImage.Resolved image, String volume, boolean tryPort) {
    return start(access, image, volume, false, List.of("sh", "-s"), tryPort);
  }

  private static HelperStream start(VolumeAccess access, StreamImage.Resolved image, String volume, boolean readOnly,
      List<String> toolArgs, boolean tryPort) {
    Helpers helpers = access.helpers();
    if (tryPort && image.busybox()) {
      try {
        return startOnce(helpers, image, volume, readOnly, toolArgs, true);
      } catch (UnsupportedFeatureException | EngineException e) {
        LOG.debug("volume {}: no port exchange with the helper ({}); attaching instead, now and later", volume,
            e.getMessage());
        access.portFailed();
      }
    }
    return startOnce(helpers, image, volume, readOnly, toolArgs, false);
  }

  private static HelperStream startOnce(Helpers helpers, StreamImage.Resolved image, String volume, boolean readOnly,
      List<String> toolArgs, boolean port) {
    String token = HexFormat.of().formatHex(bytes(16));
    List<String> command;
    Map<String, String> env = new LinkedHashMap<>();
    HelperIo io;
    String end = null;
    if (port) {
      env.put("V4J_TOKEN", token);
      StringBuilder tool = new StringBuilder();
      for (String w : image.run(toolArgs.toArray(String[]::new))) {
        tool.append(tool.length() == 0 ? "" : " ").append(quote(w));       // names are data, never shell
      }
      command = image.run("nc", "-l", "-p", Integer.toString(PORT), "-e", "/bin/busybox", "sh", "-c",
          "read -r t; [ \"$t\" = \"$V4J_TOKEN\" ] || exit 3; echo v4j-ready; " + (readOnly
              // a reader's helper marks the end of its output and waits for the caller's "ok" before it exits:
              // when the container exits, the daemon stops the port's proxy, and what the proxy still held would
              // be lost (recorded on 20.10); see EndMarkedInput
              ? tool + "; rc=$?; printf %s \"$V4J_END\"; read -r ack; exit $rc" : "exec " + tool));
      if (readOnly) {
        end = endMarker();
        env.put("V4J_END", end);
      }
      io = HelperIo.port(PORT, token + "\n", READY);
    } else {
      command = image.run(toolArgs.toArray(String[]::new));
      io = HelperIo.attached();
    }
    ContainerSpec.Builder spec = ContainerSpec.builder().image(image.reference()).command(command).env(env)
        .addMount(VolumeMount.builder().source(volume).target(Helpers.MOUNT).readOnly(readOnly).noCopy(true).build());
    if (!port) {
      spec.network("none");
    }
    String name = helpers.prepare(spec, volume);
    HelperProcess p;
    try {
      p = helpers.engine().startHelper(spec.build(), io);
    } catch (RuntimeException | Error e) {
      helpers.removeAfterFailedCreate(name, e);     // the engine removes what it knows; this finds a lost create
      throw e;
    }
    LOG.debug("helper {} for volume {}: {} over {}", name, volume, String.join(" ", toolArgs), p.transport());
    return new HelperStream(helpers, p, name, volume,
        end == null ? null : end.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * A random end marker that data rarely resembles: besides its ASCII prefix, 40 characters from U+0100 to U+07FF,
   * each two bytes in UTF-8 (passed through the environment, which Docker keeps as UTF-8). The end is searched for
   * in the whole output; a marker of hex digits shared bytes with most text and a search skipped only a few bytes at
   * a time (45% of the reading thread's time in a backup of text files); against ASCII data this one skips its
   * whole length (88 bytes) at every step.
   */
  static String endMarker() {
    StringBuilder m = new StringBuilder("v4j-end-");
    for (int i = 0; i < 40; i++) {
      m.append((char) (0x100 + RANDOM.nextInt(0x800 - 0x100)));
    }
    return m.toString();
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** The helper's output; through a port, up to the helper's end marker. */
  InputStream out() {
    return marked != null ? marked : process.stdout();
  }

  /** An input of the helper that failed: the helper stopped reading (it exited, or the connection broke). */
  static final class HelperGoneException extends IOException {
    private static final long serialVersionUID = 1L;

    HelperGoneException(IOException cause) {
      super("the helper stopped reading its input (" + cause.getMessage() + ")", cause);
    }
  }

  OutputStream in() {
    OutputStream raw = process.stdin();
    return new BufferedOutputStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        try {
          raw.write(b);
        } catch (IOException e) {
          throw new HelperGoneException(e);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          raw.write(b, off, len);
        } catch (IOException e) {
          throw new HelperGoneException(e);
        }
      }

      @Override
      public void flush() throws IOException {
        try {
          raw.flush();
        } catch (IOException e) {
          throw new HelperGoneException(e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          raw.close();
        } catch (IOException e) {
          throw new HelperGoneException(e);
        }
      }
    }, 64 * 1024);
  }

  String transport() {
    return process.transport();
  }

  /** Waits for tar to exit; anything but 0 fails with what it wrote to its standard error. */
  void finish(String what) {
    int code = process.waitFor();
    if (code != 0) {
      String err = process.stderr().strip();
      throw new DataMovementException(what + " failed in the helper container " + name + " (exit code " + code
          + (err.isEmpty() ? "" : ": " + io.github.volumes4j.internal.Secrets.maskText(err)) + ")", null);
    }
  }

  /** A string as one word of a POSIX shell: single-quoted, each ' written as '\''. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Exit code and standard error, for a caller that saw the output end early. */

  String stderr() {
    return process.stderr();
  }

  /**
   * Drains what is left of the output (a tar's end padding), so that the helper can exit. A reader
   * reached through a port reads up to the helper's end marker (failing if the connection ended first:
   * the output is not whole), then tells the helper that its output arrived, so that it exits.
   */
  void drain() throws IOException {
    if (marked != null && !acknowledged) {
      acknowledged = true;
      marked.transferTo(OutputStream.nullOutputStream());     // fails if the connection ends before the marker
      OutputStream in = process.stdin();
      in.write("ok\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      in.flush();
      try {
        process.stdout().transferTo(OutputStream.nullOutputStream());
      } catch (IOException afterTheEnd) {
        LOG.debug("helper {}: the connection ended after its end marker ({})", name, afterTheEnd.toString());
      }
      return;
    }
    process.stdout().transferTo(OutputStream.nullOutputStream());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      process.close();
    } catch (VolumesException e) {
      helpers.remember(name, volume, e);
    }
  }
}
