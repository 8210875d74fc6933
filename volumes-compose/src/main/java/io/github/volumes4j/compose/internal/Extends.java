package io.github.volumes4j.compose.internal;

import io.github.volumes4j.compose.InvalidComposeFileException;
import io.github.volumes4j.compose.internal.YNode.YEntry;
import io.github.volumes4j.compose.internal.YNode.YMap;
import io.github.volumes4j.compose.internal.YNode.YScalar;
import io.github.volumes4j.lint.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * compose-go's {@code extends} ({@code loader/extends.go}): a service starts from another service of the same file,
 * or of {@code file:} (relative to the project directory, or to the extended file for an extends inside it), merged
 * with compose's merge rules under {@code services.x}; chains are followed and circles refused. The relative host
 * paths of a service taken from another file are that file's: {@link #baseDirs()} tells the reader which files
 * resolve against their own directory.
 */
final class Extends {

  private final Map<String, String> env;
  private final Set<String> unset;
  private final SourceFiles files;
  private final Map<String, Path> baseDirs = new LinkedHashMap<>();

  Extends(Map<String, String> env, Set<String> unset, SourceFiles files) {
    this.env = env;
    this.unset = unset;
    this.files = files;
  }

  /** Files that services were taken from, with the directory their relative paths resolve against. */
  Map<String, Path> baseDirs() {
    return baseDirs;
  }

  /** The document with every service's {@code extends} applied. {@code dir} resolves {@code file:}. */
  YMap apply(YMap doc, Path dir) {
    if (!(doc.get("services") instanceof YMap services)) {
      return doc;
    }
    Map<String, YEntry> out = new LinkedHashMap<>(services.entries());
    for (YEntry e : services.entries().values()) {
      YNode merged = service(e.key(), out, dir, new ArrayList<>());
      out.put(e.key(), new YEntry(e.key(), e.keyAt(), merged));
    }
    Map<String, YEntry> top = new LinkedHashMap<>(doc.entries());
    top.put("services", new YEntry("services", doc.entries().get("services").keyAt(), new YMap(out, services.at(), services.tag())));
    return new YMap(top, doc.at(), doc.tag());
  }

  private YNode service(String name, Map<String, YEntry> services, Path dir, List<String> chain) {
    YNode node = services.get(name).value();
    if (!(node instanceof YMap svc) || svc.get("extends") == null) {
      return node;
    }
    YNode ext = svc.get("extends");
    SourceLocation at = svc.entries().get("extends").keyAt();
    String ref;
    Optional<String> file = Optional.empty();
    if (ext instanceof YMap em) {
      Nodes.allowed(em, "services." + name + ".extends", Set.of("service", "file"));
      if (em.get("service") == null) {
        throw Nodes.error(at, "services." + name + ".extends", "extends." + name + ".service is required", "extends");
      }
      ref = Nodes.string(em.get("service"), "services." + name + ".extends.service");
      if (em.get("file") != null) {
        file = Optional.of(Nodes.string(em.get("file"), "services." + name + ".extends.file"));
      }
    } else {
      ref = Nodes.string(ext, "services." + name + ".extends");
    }
    String key = at.file() + "#" + name;
    if (chain.contains(key)) {
      throw Nodes.error(at, "services." + name + ".extends", "circular reference: " + String.join(" -> ", chain) + " -> "
          + key + "; remove one extends of the circle", ref);
    }
    chain.add(key);
    Map<String, YEntry> baseServices = services;
    Path baseDir = dir;
    if (file.isPresent()) {
      Path f = dir.resolve(file.get()).normalize();
      baseServices = servicesOf(f, at, name, ref);
      baseDir = f.getParent();
      baseDirs.putIfAbsent(f.toString(), f.getParent());
    } else if (!services.containsKey(ref)) {
      throw Nodes.error(at, "services." + name + ".extends", "cannot extend service \"" + name + "\" in " + at.file()
          + ": service \"" + ref + "\" not found", ref);
    }
    YNode base = service(ref, new LinkedHashMap<>(baseServices), baseDir, chain);
    Map<String, YEntry> own = new LinkedHashMap<>(svc.entries());
    own.remove("extends");
    if (base instanceof YScalar b && b.isNull()) {
      return new YMap(own, svc.at(), svc.tag());
    }
    return Merge.merge(Nodes.map(base, "services." + ref), new YMap(own, svc.at(), svc.tag()), "services.x");
  }

  private Map<String, YEntry> servicesOf(Path f, SourceLocation at, String name, String ref) {
    Map<String, YEntry> all = new LinkedHashMap<>();
    for (YNode doc : files.documents(f)) {
      if (doc instanceof YMap m && m.get("services") instanceof YMap s) {
        YMap interpolated = (YMap) ProjectReader.interpolate(s, "services", env, unset);
        all.putAll(interpolated.entries());
      }
    }
    if (!all.containsKey(ref)) {
      throw Nodes.error(at, "services." + name + ".extends", "cannot extend service \"" + name + "\" in " + at.file()
          + ": service \"" + ref + "\" not found in " + f, ref);
    }
    return all;
  }
}
