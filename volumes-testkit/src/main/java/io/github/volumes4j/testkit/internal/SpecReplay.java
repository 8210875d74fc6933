package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.ParseOptions;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.VolumesFrom;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Replays {@code recordings/mount-specs.tsv} (flag, value, create, start, mounts, routing as the docker
 * CLI and daemon answered) through the public API: the parser's verdict, then on an engine the
 * container created from the parsed value, started, and its mounts as inspected.
 */
public final class SpecReplay implements AutoCloseable {

  public static final String IMAGE = "volumes4j/busybox:test";
  public static final String LABEL = "volumes4j.recording";

  /** What one row came to: the stage that refused (NONE, PARSE, CREATE, START) and what was seen. */
  public record Result(List<String> row, String stage, String message, String mounts, String routing) {

    public String key() {
      return row.get(0) + " " + row.get(1);
    }

    /** Docker's stage: CREATE, START or NONE. */
    public String recordedStage() {
      return dockerStage(row);
    }
  }

  static String dockerStage(List<String> row) {
    if (row.get(2).startsWith("error")) {
      return "CREATE";
    }
    return row.get(3).startsWith("error") ? "START" : "NONE";
  }

  private final Volumes volumes;
  private final Function<String, String> wireView;
  private final String prefix;
  private final Path root;
  private final Map<String, String> places = new LinkedHashMap<>();
  /** The places, longest value first, so a path is replaced before the directory it is in. */
  private final List<Map.Entry<String, String>> byLength;
  private final java.util.Set<Path> initial;
  private int counter;
  private boolean sourceMade;

  /**
   * @param volumes the engine, or {@code null} for the parser alone
   * @param wireView the container's request fields as record.py prints them (Docker only), or {@code null}
   */
  public SpecReplay(Volumes volumes, Function<String, String> wireView) {
    this.volumes = volumes;
    this.wireView = wireView;
    String tag = Integer.toHexString(0x100000 + ThreadLocalRandom.current().nextInt(0xEFFFFF));
    this.prefix = "v4jrep" + tag;
    try {
      this.root = Files.createTempDirectory("rec-");
      Files.createDirectories(root.resolve("dir/sub"));
      Files.writeString(root.resolve("dir/hello.txt"), "hello\n", StandardCharsets.UTF_8);
      Files.writeString(root.resolve("file"), "file\n", StandardCharsets.UTF_8);
      Files.createDirectories(root.resolve("rel"));
      Files.createDirectories(root.resolve("cwd/rel"));
      initial = tree();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    places.put("@DIR@", root + "/dir");
    places.put("@FILE@", root + "/file");
    places.put("@NEW@", root + "/new");
    places.put("@CTR@", prefix + "ctr");
    places.put("@VOL@", prefix);
    places.put("@ROOT@", root.toString());
    byLength = new ArrayList<>(places.entrySet());
    byLength.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length()).reversed());
  }

  public String fill(String text) {
    for (Map.Entry<String, String> e : places.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    return text;
  }

  public String normalize(String text) {
    for (Map.Entry<String, String> e : byLength) {
      text = text.replace(e.getValue(), e.getKey());
    }
    return text;
  }

  private ParseOptions options() {
    return ParseOptions.relativeTo(root.resolve("cwd"));
  }

  /** The parser's stage for one row: PARSE with the message, or NONE. */
  public Result parseOnly(List<String> row) {
    Parsed p = tryParse(row);
    return p.refused() != null ? p.refused() : new Result(row, "NONE", "", "", "");
  }

  /** The row's value, or the parser's refusal as a PARSE result. */
  private record Parsed(Object value, Result refused) {}

  private Parsed tryParse(List<String> row) {
    try {
      return new Parsed(parse(row), null);
    } catch (InvalidMountSpecException | IllegalArgumentException e) {
      return new Parsed(null, new Result(row, "PARSE", e.getMessage(), "", ""));
    }
  }

  private Object parse(List<String> row) {
    String flag = row.get(0);
    String value = fill(row.get(1));
    if (flag.equals("--volumes-from")) {
      return VolumesFrom.parse(value);
    }
    return MountSyntax.ofFlag(flag).parse(value, options());
  }

  /**
   * What {@code Volumes.validate} says of the row's spec, as a stage: PARSE (the parser refused it, so
   * validation never sees it), CREATE when a problem is one of create, START when all are of start, NONE.
   * Nothing is created but the recorder's source container, as for {@link #replay}.
   */
  public Result validateOnly(List<String> row) {
    makeSource();
    Parsed parsed = tryParse(row);
    if (parsed.refused() != null) {
      return parsed.refused();
    }
    List<io.github.volumes4j.MountProblem> problems;
    try {
      problems = volumes.validate(containerSpec(parsed.value(), prefix + "c" + (counter++)).build());
    } catch (InvalidMountSpecException | IllegalArgumentException | io.github.volumes4j.UnsupportedFeatureException e) {
      return new Result(row, "PARSE", e.getMessage(), "", "");
    }
    if (problems.isEmpty()) {
      return new Result(row, "NONE", "", "", "");
    }
    boolean create = problems.stream().anyMatch(p -> p.stage() == io.github.volumes4j.MountProblem.Stage.CREATE);
    return new Result(row, create ? "CREATE" : "START", normalize(problems.toString()), "", "");
  }

  private ContainerSpec.Builder containerSpec(Object parsed, String name) {
    ContainerSpec.Builder spec = ContainerSpec.builder().image(IMAGE).name(name).addCommand("true").putLabel(LABEL, prefix)
        .validateFirst(false);  // the replay compares what the engine does with the spec as sent
    if (parsed instanceof VolumesFrom f) {
      spec.addVolumesFrom(f);
    } else {
      spec.addMounts((MountSpec) parsed);
    }
    return spec;
  }

  /** Parses, creates, starts and inspects as the recorder did, then removes what it made. */
  public Result replay(List<String> row) {
    makeSource();
    Parsed parsed = tryParse(row);
    if (parsed.refused() != null) {
      return parsed.refused();
    }
    ContainerSpec.Builder spec = containerSpec(parsed.value(), prefix + "c" + (counter++));
    String id;
    try {
      id = volumes.containers().create(spec.build());
    } catch (VolumesException | IllegalArgumentException e) {
      cleanup();
      return new Result(row, "CREATE", e.getMessage(), "", "");
    }
    String stage = "NONE";
    String message = "";
    String routing = "";
    try {
      routing = wireView == null ? "" : normalize(wireView.apply(id));
      try {
        volumes.containers().start(id);
        volumes.containers().waitFor(id);
      } catch (VolumesException e) {
        stage = "START";
        message = e.getMessage();
      }
      String mounts = summary(volumes.containers().inspect(id).mounts());
      return new Result(row, stage, message, mounts, routing);
    } finally {
      try {
        volumes.containers().removeWithVolumes(id);
      } finally {
        cleanup();
      }
    }
  }

  private void makeSource() {
    if (sourceMade || volumes == null) {
      return;
    }
    ContainerSpec.Builder spec = ContainerSpec.builder().image(IMAGE).name(prefix + "ctr").addCommand("true").putLabel(LABEL, prefix)
        .addMounts(MountSyntax.VOLUME.parse("/anon"), MountSyntax.VOLUME.parse(prefix + "src:/named"),
            MountSyntax.VOLUME.parse(root + "/dir:/bound"), MountSyntax.TMPFS.parse("/scratch"));
    volumes.containers().create(spec.build());
    sourceMade = true;
  }

  private void cleanup() {
    for (Volume v : volumes.list(VolumeFilter.name(prefix))) {
      if (v.name().contains(prefix) && !v.name().equals(prefix + "src")) {
        try {
          volumes.remove(v.name());
        } catch (VolumesException e) {
          // in use by a container that the next removal takes away; close() retries
        }
      }
    }
    reset();
  }

  private java.util.Set<Path> tree() throws IOException {
    try (var walk = Files.walk(root)) {
      return new java.util.HashSet<>(walk.toList());
    }
  }

  /** Removes what a spec made on the host (the daemon creates missing -v sources). */
  private void reset() {
    try {
      List<Path> extra = new ArrayList<>(tree());
      extra.removeAll(initial);
      extra.sort(Comparator.comparingInt((Path q) -> q.toString().length()).reversed());
      for (Path q : extra) {
        deleteTree(q);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String summary(List<MountPoint> mounts) {
    List<MountPoint> sorted = new ArrayList<>(mounts);
    sorted.sort(Comparator.comparing(MountPoint::destination));
    List<String> rows = new ArrayList<>();
    for (MountPoint m : sorted) {
      String name = m.name().orElse("");
      if (RecordingFile.isGeneratedId(name)) {
        name = "<anon>";
      }
      String type = m.type().apiName();
      String source = type.equals("bind") ? m.source() : "";
      rows.add("type=" + type + " name=" + normalize(name) + " src=" + normalize(source) + " dst=" + normalize(m.destination())
          + " driver=" + m.driver().orElse("") + " mode=" + m.mode() + " rw=" + m.readWrite() + " prop=" + m.propagation());
    }
    return String.join("; ", rows);
  }

  @Override
  public void close() {
    if (volumes != null) {
      for (var c : volumes.containers().list(Map.of(LABEL, prefix))) {
        try {
          volumes.containers().removeWithVolumes(c.id());
        } catch (VolumesException e) {
          // gone already
        }
      }
      for (Volume v : volumes.list(VolumeFilter.name(prefix))) {
        if (v.name().contains(prefix)) {
          volumes.removeIfExists(v.name());
        }
      }
    }
    deleteTree(root);
  }

  private static void deleteTree(Path p) {
    try {
      HostFs.deleteRecursively(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + p + " (a replay's sandbox); remove it by hand", e);
    }
  }

}
