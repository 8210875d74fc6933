package io.github.volumes4j.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the daemon itself recorded for a container (its raw inspect JSON, read over the unix socket
 * without the engine under test), and the differences between that and a mount value.
 */
final class MountDaemonView {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Path socket;

  MountDaemonView() {
    String host = System.getenv("DOCKER_HOST");
    socket = Path.of(host != null && host.startsWith("unix://") ? host.substring("unix://".length()) : "/var/run/docker.sock");
  }

  record Response(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("daemon answered " + status + " with non-JSON: " + body, e);
      }
    }
  }

  Response call(String method, String path, String jsonBody) {
    byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
    String head = method + " /v1.41" + path + " HTTP/1.0\r\nHost: docker\r\n"
        + (jsonBody == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n") + "\r\n";
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer b = ByteBuffer.wrap(body);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(16384);
      while (ch.read(buf) >= 0) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      String text = out.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      int split = text.indexOf("\r\n\r\n");
      return new Response(status, split < 0 ? "" : text.substring(split + 4));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed on " + socket, e);
    }
  }

  JsonNode inspectContainer(String id) {
    Response r = call("GET", "/containers/" + id + "/json", null);
    if (r.status() != 200) {
      throw new IllegalStateException("inspect " + id + ": " + r.status() + " " + r.body());
    }
    return r.json();
  }

  /** The daemon's data root ({@code /var/lib/docker}); binds of it or of a parent default to rslave. */
  String dockerRootDir() {
    return call("GET", "/info", null).json().path("DockerRootDir").asText("/var/lib/docker");
  }

  /**
   * Whether the daemon records a tmpfs in {@code HostConfig.Tmpfs} ({@code --tmpfs} form); such
   * mounts do not appear in the container's {@code Mounts}.
   */
  static boolean inTmpfsMap(MountSpec m, JsonNode container) {
    return m instanceof TmpfsMount && tmpfsData(container.path("HostConfig"), clean(m.target())) != null;
  }

  /** Differences between a mount value and what the daemon recorded; empty when they agree. */
  static List<String> differences(MountSpec m, JsonNode container, String dockerRoot) {
    List<String> diffs = new ArrayList<>();
    String dest = clean(m.target());
    if (inTmpfsMap(m, container)) {
      compareTmpfs((TmpfsMount) m, container.path("HostConfig"), dest, diffs);
      return diffs;
    }
    JsonNode found = null;
    for (JsonNode n : container.path("Mounts")) {
      if (n.path("Destination").asText().equals(dest)) {
        found = n;
      }
    }
    final JsonNode mp = found;
    if (mp == null) {
      diffs.add("no mount at " + dest + " in " + container.path("Mounts"));
      return diffs;
    }
    expect(diffs, "type", m.type().apiName(), mp.path("Type").asText());
    expect(diffs, "read-write", !m.readOnly(), mp.path("RW").asBoolean());
    JsonNode hc = container.path("HostConfig");
    String bindsMode = bindsMode(hc, dest);
    JsonNode apiMount = apiMount(hc, dest);
    if (m instanceof BindMount b) {
      expect(diffs, "source", clean(b.source()), mp.path("Source").asText());
      String src = clean(b.source());
      boolean holdsRoot = src.equals("/") || dockerRoot.equals(src) || dockerRoot.startsWith(src + "/");
      String defaultPropagation = holdsRoot ? "rslave" : "rprivate";
      expect(diffs, "propagation", b.propagation().map(p -> p.apiName()).orElse(defaultPropagation), mp.path("Propagation").asText());
      b.selinuxLabel().ifPresent(l -> expect(diffs, "selinux mode", true, mp.path("Mode").asText().contains(l.mode())));
      boolean nonRecursive = apiMount != null && apiMount.path("BindOptions").path("NonRecursive").asBoolean(false);
      expect(diffs, "non-recursive", b.recursion().orElse(null) == BindRecursion.DISABLED, nonRecursive);
      b.consistency().ifPresent(c -> expect(diffs, "consistency", c.apiName(), consistency(bindsMode, apiMount)));
    } else if (m instanceof VolumeMount v) {
      if (v.source().isPresent()) {
        expect(diffs, "volume name", v.source().get(), mp.path("Name").asText());
      } else {
        expect(diffs, "anonymous volume name is 64 hex", true, mp.path("Name").asText().matches("[0-9a-f]{64}"));
      }
      expect(diffs, "driver", v.driver().orElse("local"), mp.path("Driver").asText());
      boolean noCopy = bindsMode != null ? List.of(bindsMode.split(",")).contains("nocopy")
          : apiMount != null && apiMount.path("VolumeOptions").path("NoCopy").asBoolean(false);
      expect(diffs, "nocopy", v.noCopy(), noCopy);
      v.selinuxLabel().ifPresent(l -> expect(diffs, "selinux mode", true, bindsMode != null && bindsMode.contains(l.mode())));
      v.consistency().ifPresent(c -> expect(diffs, "consistency", c.apiName(), consistency(bindsMode, apiMount)));
    } else {
      TmpfsMount t = (TmpfsMount) m;
      if (apiMount != null) {
        JsonNode to = apiMount.path("TmpfsOptions");
        expect(diffs, "tmpfs size", t.sizeBytes().isPresent() ? t.sizeBytes().getAsLong() : 0L, to.path("SizeBytes").asLong(0));
        expect(diffs, "tmpfs mode", t.mode().isPresent() ? t.mode().getAsInt() : 0, to.path("Mode").asInt(0));
        expect(diffs, "tmpfs options (none can travel in Mounts at 1.41)", List.of(), t.options());
      } else {
        diffs.add("tmpfs at " + dest + " neither in HostConfig.Tmpfs nor in HostConfig.Mounts: " + hc);
      }
    }
    return diffs;
  }

  private static void compareTmpfs(TmpfsMount t, JsonNode hc, String dest, List<String> diffs) {
    String data = tmpfsData(hc, dest);
    boolean ro = false;
    Long size = null;
    Integer mode = null;
    Set<String> options = new HashSet<>();
    for (String o : data.split(",")) {
      if (o.equals("ro") || o.equals("rw")) {
        ro = o.equals("ro");
      } else if (o.startsWith("size=") && !o.endsWith("%") && !o.equals("size=0")) {
        size = kernelSize(o.substring(5));
      } else if (o.startsWith("mode=")) {
        mode = Integer.parseInt(o.substring(5), 8);
      } else if (!o.isEmpty()) {
        options.add(o);
      }
    }
    expect(diffs, "tmpfs read-only option", t.readOnly(), ro);
    expect(diffs, "tmpfs size", t.sizeBytes().isPresent() ? t.sizeBytes().getAsLong() : null, size);
    expect(diffs, "tmpfs mode", t.mode().isPresent() ? t.mode().getAsInt() : null, mode);
    expect(diffs, "tmpfs options", new HashSet<>(t.options()), options);
  }

  private static String consistency(String bindsMode, JsonNode apiMount) {
    if (bindsMode != null) {
      for (String o : bindsMode.split(",")) {
        if (o.equals("consistent") || o.equals("cached") || o.equals("delegated")) {
          return o;
        }
      }
      return "";
    }
    return apiMount == null ? "" : apiMount.path("Consistency").asText("");
  }

  /** The mode part of the HostConfig.Binds entry for a destination, "" when it has none, null when no entry. */
  private static String bindsMode(JsonNode hc, String dest) {
    for (JsonNode b : hc.path("Binds")) {
      String[] parts = b.asText().split(":", -1);
      if (parts.length >= 2 && clean(parts[1]).equals(dest)) {
        return parts.length >= 3 ? parts[2] : "";
      }
    }
    return null;
  }

  private static JsonNode apiMount(JsonNode hc, String dest) {
    for (JsonNode n : hc.path("Mounts")) {
      if (clean(n.path("Target").asText()).equals(dest)) {
        return n;
      }
    }
    return null;
  }

  private static String tmpfsData(JsonNode hc, String dest) {
    Iterator<Map.Entry<String, JsonNode>> it = hc.path("Tmpfs").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (clean(e.getKey()).equals(dest)) {
        return e.getValue().asText();
      }
    }
    return null;
  }

  private static void expect(List<String> diffs, String what, Object expected, Object actual) {
    if (expected == null ? actual != null : !expected.equals(actual)) {
      diffs.add(what + ": library " + expected + ", daemon " + actual);
    }
  }

  static long kernelSize(String s) {
    char last = Character.toLowerCase(s.charAt(s.length() - 1));
    int shift = switch (last) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    return Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1)) << shift;
  }

  /** Go's path.Clean for absolute paths, written independently of the library. */
  static String clean(String p) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(s);
      }
    }
    return "/" + String.join("/", parts);
  }
}
