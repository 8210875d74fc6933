package io.github.volumes4j.compose.internal;

import io.github.volumes4j.compose.InvalidComposeFileException;
import io.github.volumes4j.compose.internal.YNode.YEntry;
import io.github.volumes4j.compose.internal.YNode.YMap;
import io.github.volumes4j.compose.internal.YNode.YScalar;
import io.github.volumes4j.compose.internal.YNode.YSeq;
import io.github.volumes4j.lint.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * compose-go's {@code include} ({@code loader/include.go}): each entry (a path, or {@code path} with
 * {@code project_directory} and {@code env_file}) is loaded as a project of its own (its directory, its
 * {@code .env}, its own includes and extends), and its services and volumes are imported into the including file; a
 * resource both define is merged, the including file's definition winning. Relative paths of an included file are
 * relative to its project directory, which {@link #baseDirs} records for the reader.
 */
final class Include {

  private final Map<String, String> env;
  private final Set<String> unset;
  private final Map<String, Path> baseDirs;
  private final SourceFiles sources;

  Include(Map<String, String> env, Set<String> unset, Map<String, Path> baseDirs, SourceFiles sources) {
    this.env = env;
    this.unset = unset;
    this.baseDirs = baseDirs;
    this.sources = sources;
  }

  /** The document with its {@code include} entries imported and the key removed. */
  YMap apply(YMap doc, Path workingDir, List<String> chain) {
    YEntry inc = doc.entries().get("include");
    if (inc == null) {
      return doc;
    }
    if (!(inc.value() instanceof YSeq list)) {
      throw Nodes.error(inc.value(), "include", "`include` must be a list, not " + YNode.describe(inc.value()));
    }
    Map<String, YEntry> top = new LinkedHashMap<>(doc.entries());
    top.remove("include");
    for (YNode item : list.items()) {
      YMap imported = load(item, workingDir, chain);
      for (String key : List.of("services", "volumes")) {
        if (imported.get(key) instanceof YMap from) {
          YEntry have = top.get(key);
          Map<String, YEntry> to = have != null && have.value() instanceof YMap hm ? new LinkedHashMap<>(hm.entries())
              : new LinkedHashMap<>();
          for (YEntry e : from.entries().values()) {
            YEntry local = to.get(e.key());
            to.put(e.key(), local == null ? e
                : new YEntry(e.key(), local.keyAt(), Merge.merge(e.value(), local.value(), key + "." + e.key())));
          }
          SourceLocation at = have != null ? have.keyAt() : inc.keyAt();
          top.put(key, new YEntry(key, at, new YMap(to, at, "")));
        }
      }
    }
    return new YMap(top, doc.at(), doc.tag());
  }

  private YMap load(YNode item, Path workingDir, List<String> chain) {
    List<String> paths = new ArrayList<>();
    Optional<String> projectDir = Optional.empty();
    List<String> envFiles = new ArrayList<>();
    if (item instanceof YScalar s && !s.isNull()) {
      paths.add(s.text());
    } else if (item instanceof YMap m) {
      Nodes.allowed(m, "include[]", Set.of("path", "project_directory", "env_file"));
      if (m.get("path") == null) {
        throw Nodes.error(m, "include[]", "path is required");
      }
      Nodes.stringOrList(m.get("path"), "include[].path").forEach(p -> paths.add(p.text()));
      if (m.get("project_directory") != null) {
        projectDir = Optional.of(Nodes.string(m.get("project_directory"), "include[].project_directory"));
      }
      if (m.get("env_file") != null) {
        Nodes.stringOrList(m.get("env_file"), "include[].env_file").forEach(p -> envFiles.add(p.text()));
      }
    } else {
      throw Nodes.error(item, "include[]", "must be a path or a mapping with path, not " + YNode.describe(item));
    }
    List<Path> files = paths.stream().map(p -> workingDir.resolve(p).normalize()).toList();
    Path dir = projectDir.map(p -> workingDir.resolve(p).normalize()).orElse(files.get(0).getParent());
    if (chain.contains(files.get(0).toString())) {
      throw Nodes.error(item.at(), "include", "include cycle detected: " + String.join(" include ", chain) + " include "
          + files.get(0), files.get(0).toString());
    }
    List<String> next = new ArrayList<>(chain);
    next.add(files.get(0).toString());
    Map<String, String> own = new LinkedHashMap<>(env);
    List<Path> envPaths = new ArrayList<>();
    if (envFiles.isEmpty()) {
      if (Files.isRegularFile(dir.resolve(".env"))) {
        envPaths.add(dir.resolve(".env"));
      }
    } else {
      envFiles.stream().filter(f -> !f.equals("/dev/null")).forEach(f -> envPaths.add(workingDir.resolve(f)));
    }
    DotEnv.read(env, envPaths).forEach(own::putIfAbsent);
    Extends ext = new Extends(own, unset, sources);
    YMap model = null;
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw Nodes.error(item.at(), "include", "included file " + f + " does not exist", f.toString());
      }
      baseDirs.putIfAbsent(f.toString(), dir);
      for (YNode doc : sources.documents(f)) {
        if (!(doc instanceof YMap m)) {
          throw new InvalidComposeFileException(doc.at() + ": top-level object must be a mapping; a compose file starts with keys such as services: and volumes:", Optional.of(doc.at()),
              f.toString(), null);
        }
        YMap d = new Include(own, unset, baseDirs, sources).apply((YMap) ProjectReader.interpolate(m, "", own, unset), dir, next);
        model = Merge.merge(model, ext.apply(d, dir));
      }
    }
    ext.baseDirs().forEach(baseDirs::putIfAbsent);
    return model == null ? new YMap(Map.of(), item.at(), "") : model;
  }
}
