package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.MountType;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.spi.VolumeEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Replays one scenario of {@code recordings/volume-steps.tsv} through the public API: each docker CLI step
 * ({@code volume create|inspect|rm|ls|prune}, {@code create}, {@code start}, {@code rm}) as the calls that
 * do the same, its outcome and output written as {@code record.py steps} writes them. Like the recorder, it
 * labels what it creates with {@code volumes4j.recording=<prefix>}, lists and prunes only what carries that
 * label, and removes everything it made when closed.
 */
public final class StepReplay implements AutoCloseable {

  /** A step's outcome ({@code ok} or {@code error: ...}) and output. */
  public record Outcome(String outcome, String output) {

    public boolean ok() {
      return outcome.equals("ok");
    }
  }

  private static final Pattern HEX64 = Pattern.compile("\\b[0-9a-f]{64}\\b");
  private static final String IMAGE = "volumes4j/busybox:test";

  private final Volumes volumes;
  private final VolumeEngine engine;
  private final String prefix;
  private final String label;
  private final Map<String, String> anon = new LinkedHashMap<>();
  private final List<String> containers = new ArrayList<>();

  public StepReplay(Volumes volumes) {
    this.volumes = volumes;
    this.engine = volumes.engine();
    this.prefix = "v4jrep" + Integer.toHexString(0x100000 + ThreadLocalRandom.current().nextInt(0xEFFFFF));
    this.label = "volumes4j.recording=" + prefix;
  }

  private String fill(String s) {
    return s.replace("@CTR@", prefix + "ctr").replace("@VOL@", prefix);
  }

  String normalize(String s) {
    s = s.replace(prefix + "ctr", "@CTR@").replace(prefix, "@VOL@");
    for (Map.Entry<String, String> e : anon.entrySet()) {
      s = s.replace(e.getKey(), e.getValue());
    }
    return HEX64.matcher(s).replaceAll("<id>");
  }

  /** Runs one step; any exception is its error outcome. */
  public Outcome run(List<String> argv) {
    List<String> a = new ArrayList<>();
    for (String s : argv) {
      a.add(fill(s));
    }
    try {
      return new Outcome("ok", step(a));
    } catch (RuntimeException e) {
      return new Outcome("error: " + normalize(String.valueOf(e.getMessage())), "");
    }
  }

  private String step(List<String> a) {
    if (a.get(0).equals("api")) {
      return api(a);
    }
    if (a.equals(List.of("system", "df"))) {
      List<String> rows = new ArrayList<>();
      for (Map.Entry<String, io.github.volumes4j.VolumeUsage> e : engine.volumeUsage().entrySet()) {
        String n = e.getKey();
        if (n.contains(prefix) || anon.containsKey(n)) {
          rows.add(normalize(n) + " " + e.getValue().refCount() + " " + e.getValue().sizeBytes());
        }
      }
      return sorted(rows);
    }
    String cmd = a.get(0).equals("volume") ? "volume " + a.get(1) : a.get(0);
    List<String> args = a.subList(a.get(0).equals("volume") ? 2 : 1, a.size());
    Flags f = new Flags(args, cmd.equals("create"));
    switch (cmd) {
      case "volume create" -> {
        VolumeSpec.Builder b = VolumeSpec.builder().putLabel("volumes4j.recording", prefix);
        f.values("--label").forEach(l -> b.putLabel(key(l), value(l)));
        f.values("--opt").forEach(o -> b.putDriverOption(key(o), value(o)));
        f.last("--driver").ifPresent(b::driver);
        f.rest.stream().findFirst().ifPresent(b::name);
        return normalize(volumes.create(b.build()).name());
      }
      case "volume inspect" -> {
        Volume v = volumes.inspect(f.rest.get(0));
        return normalize(v.name() + " driver=" + v.driver() + " labels=" + goJson(v.labels()) + " options="
            + (v.options().isEmpty() ? "null" : goJson(v.options())) + " scope=local");
      }
      case "volume rm" -> {
        engine.removeVolume(f.rest.get(0), f.has("-f"));
        return normalize(f.rest.get(0));
      }
      case "volume ls" -> {
        VolumeFilter.Builder b = VolumeFilter.builder().addLabel(label);
        for (String filter : f.values("--filter")) {
          int eq = filter.indexOf('=');
          if (eq < 0) {
            throw new IllegalArgumentException("bad format of filter (expected name=value)");
          }
          String k = filter.substring(0, eq);
          String v = filter.substring(eq + 1);
          switch (k) {
            case "name" -> b.addName(v);
            case "label" -> b.addLabel(v);
            case "driver" -> b.addDriver(v);
            case "dangling" -> b.dangling(switch (v) {
              case "true", "1" -> true;
              case "false", "0" -> false;
              default -> throw new IllegalArgumentException("Invalid filter 'dangling=[" + v + "]'");
            });
            default -> throw new IllegalArgumentException("Invalid filter '" + k + "'");
          }
        }
        List<String> names = new ArrayList<>();
        for (Volume v : volumes.list(b.build())) {
          if (v.name().contains(prefix)) {
            names.add(normalize(v.name()));
          }
        }
        for (String n : anon.keySet()) {
          if (volumes.find(n).isPresent()) {
            names.add(anon.get(n));
          }
        }
        return sorted(names);
      }
      case "volume prune" -> {
        // the CLI 28 sends all=true only from API 1.42; below it the daemon removes unused named volumes too
        PruneOptions.Builder b = PruneOptions.builder().addLabel(label)
            .includeNamed(f.has("-a") || !volumes.apiVersion().isAtLeast(ApiVersion.V1_42));
        for (String filter : f.values("--filter")) {
          if (filter.startsWith("label=")) {
            b.addLabel(filter.substring(6));
          } else if (filter.startsWith("label!=")) {
            b.addLabelsNot(filter.substring(7));
          } else {
            throw new IllegalArgumentException("the library has no prune filter " + filter);
          }
        }
        List<String> names = new ArrayList<>();
        for (String n : volumes.prune(b.build()).volumesDeleted()) {
          if (n.contains(prefix)) {
            names.add(normalize(n));
          }
        }
        return sorted(names);
      }
      case "create" -> {
        ContainerSpec.Builder b = ContainerSpec.builder().image(f.rest.get(0)).command(f.rest.subList(1, f.rest.size()))
            .putLabel("volumes4j.recording", prefix).validateFirst(false);  // the engine's own answer, as the CLI's
        f.last("--name").ifPresent(b::name);
        f.values("-v").forEach(v -> b.addMount(MountSyntax.VOLUME.parse(v)));
        f.values("--mount").forEach(v -> b.addMount(MountSyntax.MOUNT.parse(v)));
        f.values("--tmpfs").forEach(v -> b.addMount(MountSyntax.TMPFS.parse(v)));
        f.values("--volumes-from").forEach(v -> b.addVolumesFrom(VolumesFrom.parse(v)));
        String id = volumes.containers().create(b.build());
        containers.add(id);
        List<MountPoint> mounts = new ArrayList<>(volumes.containers().inspect(id).mounts());
        mounts.sort(java.util.Comparator.comparing(MountPoint::destination));
        for (MountPoint m : mounts) {
          String name = m.name().orElse("");
          if (m.type() == MountType.VOLUME && HEX64.matcher(name).matches() && !anon.containsKey(name)) {
            anon.put(name, "@ANON" + (anon.size() + 1) + "@");
          }
        }
        return "";
      }
      case "start" -> {
        volumes.containers().start(f.rest.get(0));
        volumes.containers().waitFor(f.rest.get(0));
        return "";
      }
      case "rm" -> {
        try {
          engine.removeContainer(f.rest.get(0), f.has("-v"), f.has("-f"));
        } catch (io.github.volumes4j.ContainerNotFoundException e) {
          if (!f.has("-f")) {  // the CLI's rm -f lets a missing container be
            throw e;
          }
        }
        return "";
      }
      default -> throw new IllegalArgumentException("the replay has no step " + cmd);
    }
  }

  /** {@code ["api", METHOD, CONTAINER, QUERY(, BODY)]}: the archive endpoints, as record.py's api_step calls them. */
  private String api(List<String> a) {
    String ctr = a.get(2);
    Map<String, String> query = new LinkedHashMap<>();
    for (String kv : a.get(3).split("&")) {
      if (!kv.isEmpty()) {
        query.put(key(kv), value(kv));
      }
    }
    String path = query.getOrDefault("path", "");
    switch (a.get(1)) {
      case "GET" -> {
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, io.github.volumes4j.testkit.contract.TarEntries.Entry> e
            : io.github.volumes4j.testkit.contract.TarEntries.read(engine.readArchive(ctr, path)).entrySet()) {
          io.github.volumes4j.testkit.contract.TarEntries.Entry t = e.getValue();
          String kind = switch (t.type()) {
            case '5' -> "d";
            case '2' -> "l";
            case '1' -> "h";
            default -> "f";
          };
          String name = e.getKey().endsWith("/") ? e.getKey().substring(0, e.getKey().length() - 1) : e.getKey();
          String extra = kind.equals("l") || kind.equals("h") ? "->" + t.link()
              : kind.equals("f") ? " " + t.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length : "";
          rows.add(kind + " " + name + " " + Integer.toOctalString(t.mode() & 07777) + " " + t.uid() + ":" + t.gid() + extra);
        }
        rows.sort(null);
        return normalize(String.join(";", rows));
      }
      case "HEAD" -> {
        io.github.volumes4j.PathStat st = engine.statPath(ctr, path).orElseThrow(
            () -> new IllegalStateException("HTTP 404"));
        boolean dir = (st.mode() & (1L << 31)) != 0;
        return normalize("name=" + st.name() + " " + (dir ? "dir" : "size=" + st.size()) + " mode="
            + Long.toOctalString(st.mode()) + " link=" + st.linkTarget().orElse(""));
      }
      case "PUT" -> {
        engine.writeArchive(ctr, path, new java.io.ByteArrayInputStream(body(a.get(4))),
            "true".equals(query.get("noOverwriteDirNonDir")));
        return "";
      }
      default -> throw new IllegalArgumentException("the replay has no api method " + a.get(1));
    }
  }

  /** A request body as record.py's archive_body makes it (kinds tar, gz, bz2, junk, empty, cut-gz). */
  static byte[] body(String spec) {
    int sp = spec.indexOf(' ');
    String kind = sp < 0 ? spec : spec.substring(0, sp);
    if (kind.equals("junk")) {
      return "garbage-not-a-tar".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    if (kind.equals("empty")) {
      return new byte[0];
    }
    try {
      java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
      try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream t
          = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(raw)) {
        t.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
        for (String item : sp < 0 ? new String[0] : spec.substring(sp + 1).split(" ")) {
          org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
          byte[] data = new byte[0];
          if (item.contains("->")) {
            e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(item.substring(0, item.indexOf("->")),
                org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
            e.setLinkName(item.substring(item.indexOf("->") + 2));
            e.setMode(0777);
          } else if (item.endsWith("/")) {
            e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(item,
                org.apache.commons.compress.archivers.tar.TarConstants.LF_DIR);
            e.setMode(0755);
          } else {
            e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(key(item),
                org.apache.commons.compress.archivers.tar.TarConstants.LF_NORMAL);
            data = value(item).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            e.setSize(data.length);
            e.setMode(0644);
          }
          e.setModTime(0);
          t.putArchiveEntry(e);
          t.write(data);
          t.closeArchiveEntry();
        }
      }
      byte[] tar = raw.toByteArray();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      switch (kind) {
        case "tar" -> {
          return tar;
        }
        case "gz", "cut-gz" -> {
          try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(tar);
          }
          byte[] gz = out.toByteArray();
          return kind.equals("gz") ? gz : java.util.Arrays.copyOf(gz, 20);
        }
        case "bz2" -> {
          try (org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream z
              = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(out)) {
            z.write(tar);
          }
          return out.toByteArray();
        }
        default -> throw new IllegalArgumentException("the replay has no archive body " + kind);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String key(String kv) {
    int eq = kv.indexOf('=');
    return eq < 0 ? kv : kv.substring(0, eq);
  }

  private static String value(String kv) {
    int eq = kv.indexOf('=');
    return eq < 0 ? "" : kv.substring(eq + 1);
  }

  private static String sorted(List<String> names) {
    names.sort(null);
    return String.join(",", names);
  }

  /** A map as Go's encoding/json writes it: keys sorted, {@code <>&} escaped. */
  static String goJson(Map<String, String> m) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(goString(e.getKey())).append(':').append(goString(e.getValue()));
    }
    return b.append('}').toString();
  }

  private static String goString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&' -> b.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** The CLI's options of one step: flags with values, boolean flags and the rest, in order. */
  private static final class Flags {
    private static final java.util.Set<String> WITH_VALUE = java.util.Set.of("--label", "--opt", "--driver", "--filter",
        "--name", "-v", "--mount", "--tmpfs", "--volumes-from");
    private static final java.util.Set<String> BOOLEANS = java.util.Set.of("-q", "-f", "-a", "-v");
    final List<Map.Entry<String, String>> pairs = new ArrayList<>();
    final java.util.Set<String> booleans = new java.util.HashSet<>();
    final List<String> rest = new ArrayList<>();

    Flags(List<String> args, boolean create) {
      for (int i = 0; i < args.size(); i++) {
        String s = args.get(i);
        if (!rest.isEmpty()) {
          rest.add(s);  // after the first operand (image, name) everything is an operand, as for the CLI's create
        } else if (WITH_VALUE.contains(s) && (create || !s.equals("-v"))) {
          pairs.add(Map.entry(s, args.get(++i)));
        } else if (BOOLEANS.contains(s)) {
          booleans.add(s);
        } else if (s.startsWith("-") && s.length() > 1) {
          throw new IllegalArgumentException("unknown flag: " + s);  // as the CLI: -ab is no volume name
        } else {
          rest.add(s);
        }
      }
    }

    List<String> values(String flag) {
      List<String> out = new ArrayList<>();
      pairs.stream().filter(p -> p.getKey().equals(flag)).forEach(p -> out.add(p.getValue()));
      return out;
    }

    java.util.Optional<String> last(String flag) {
      List<String> v = values(flag);
      return v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(v.get(v.size() - 1));
    }

    boolean has(String flag) {
      return booleans.contains(flag);
    }
  }

  @Override
  public void close() {
    for (String c : containers) {
      try {
        engine.removeContainer(c, true, true);
      } catch (RuntimeException e) {
        // already removed by a step
      }
    }
    for (Volume v : volumes.list(VolumeFilter.label("volumes4j.recording", prefix))) {
      volumes.removeIfExists(v.name());
    }
    // volumes a container created by name (-v @VOL@n:/x) carry no label: found by the run's name prefix
    for (Volume v : volumes.list(VolumeFilter.name(prefix))) {
      if (v.name().startsWith(prefix)) {
        volumes.removeIfExists(v.name());
      }
    }
    for (String n : anon.keySet()) {
      volumes.removeIfExists(n);
    }
    List<String> left = leftovers();
    if (!left.isEmpty()) {
      throw new IllegalStateException("the replay (prefix " + prefix + ") could not remove what it made: " + left
          + "; remove them with docker rm -f / docker volume rm and look for what holds them");
    }
  }

  /**
   * What this replay made and is still there: volumes named with its prefix or carrying its label, its
   * anonymous volumes, containers with its label. Only this replay's prefix: other runs on a shared daemon
   * (a concurrent build, one killed half way) are none of its business.
   */
  List<String> leftovers() {
    java.util.Set<String> left = new java.util.TreeSet<>();
    volumes.list(VolumeFilter.label("volumes4j.recording", prefix)).forEach(v -> left.add("volume " + v.name()));
    volumes.list(VolumeFilter.name(prefix)).stream().filter(v -> v.name().startsWith(prefix))
        .forEach(v -> left.add("volume " + v.name()));
    anon.keySet().stream().filter(n -> volumes.find(n).isPresent()).forEach(n -> left.add("volume " + n));
    volumes.containers().list(Map.of("volumes4j.recording", prefix)).forEach(c -> left.add("container " + c.id()));
    return new ArrayList<>(left);
  }
}
