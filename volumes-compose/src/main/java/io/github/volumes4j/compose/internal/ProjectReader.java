package io.github.volumes4j.compose.internal;

import io.github.volumes4j.compose.ComposeLoader;
import io.github.volumes4j.compose.ComposeProject;
import io.github.volumes4j.compose.ComposeService;
import io.github.volumes4j.compose.ComposeVolume;
import io.github.volumes4j.compose.InvalidComposeFileException;
import io.github.volumes4j.compose.internal.YNode.YEntry;
import io.github.volumes4j.compose.internal.YNode.YMap;
import io.github.volumes4j.compose.internal.YNode.YScalar;
import io.github.volumes4j.compose.internal.YNode.YSeq;
import io.github.volumes4j.lint.LintNote;
import io.github.volumes4j.lint.LintRule;
import io.github.volumes4j.lint.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The loader's steps, in compose-go's order: environment and {@code .env}; each file's documents read, interpolated,
 * merged into the model and made unique; the project name; top-level volumes named; services read.
 */
public final class ProjectReader {

  private static final Set<String> VOLUME_KEYS = Set.of("name", "driver", "driver_opts", "external", "labels");

  private ProjectReader() {}

  public static ComposeProject read(ComposeLoader options) {
    List<Path> files = options.files().stream().map(p -> p.toAbsolutePath().normalize()).toList();
    Path workingDir = options.projectDirectory().map(p -> p.toAbsolutePath().normalize())
        .orElse(files.get(0).getParent());
    Map<String, String> env = new LinkedHashMap<>(options.environment());
    List<Path> envFiles = options.envFiles();
    if (envFiles.isEmpty() && !goTrue(env.getOrDefault("COMPOSE_DISABLE_ENV_FILE", ""))
        && Files.isRegularFile(workingDir.resolve(".env"))) {
      envFiles = List.of(workingDir.resolve(".env"));
    }
    DotEnv.read(env, envFiles).forEach(env::putIfAbsent);

    Set<String> unset = new LinkedHashSet<>();
    SourceFiles sources = new SourceFiles();
    Extends extendsApplied = new Extends(env, unset, sources);
    Map<String, java.nio.file.Path> baseDirs = new LinkedHashMap<>();
    YMap model = null;
    Map<String, List<LintNote>> replacedByService = new LinkedHashMap<>();
    String nameInFiles = null;
    for (Path file : files) {
      for (YNode doc : sources.documents(file)) {
        if (!(doc instanceof YMap m)) {
          throw new InvalidComposeFileException(doc.at() + ": top-level object must be a mapping; a compose file starts with keys such as services: and volumes:", Optional.of(doc.at()),
              file.toString(), null);
        }
        YMap interpolated = (YMap) interpolate(m, "", env, unset);
        YMap included = new Include(env, unset, baseDirs, sources).apply(interpolated, workingDir, List.of(file.toString()));
        YMap doc2 = extendsApplied.apply(included, workingDir);
        if (doc2.get("name") instanceof YScalar n && !n.isNull()) {
          nameInFiles = n.text();
        }
        model = Merge.merge(model, doc2);
        model = Merge.unique(model, (service, dropped, kept) -> {
          if (!dropped.at().file().equals(kept.at().file())) {
            return; // an override file replacing a mount is what override files are for
          }
          SourceLocation at = kept.at();
          String text = dropped instanceof YScalar s ? s.text() : "the entry at " + dropped.at();
          replacedByService.computeIfAbsent(service, k -> new ArrayList<>()).add(new LintNote(
              LintRule.IGNORED_BY_COMPOSE, text, "compose keeps only the last mount for a target: " + text + " ("
                  + dropped.at() + ") is replaced by the entry here", Optional.of(at)));
        });
      }
    }
    String name = projectName(options, env, nameInFiles, workingDir);
    env.put("COMPOSE_PROJECT_NAME", name);

    Map<String, ComposeVolume> volumes = new LinkedHashMap<>();
    YNode top = model.get("volumes");
    if (top != null && !(top instanceof YScalar ts && ts.isNull())) {
      for (YEntry e : Nodes.map(top, "volumes").entries().values()) {
        volumes.put(e.key(), volume(name, e));
      }
    }
    Map<String, ComposeService> services = new LinkedHashMap<>();
    YNode svcs = model.get("services");
    if (svcs != null && !(svcs instanceof YScalar ss && ss.isNull())) {
      YMap sm = Nodes.map(svcs, "services");
      String home = env.getOrDefault("HOME", System.getProperty("user.home"));
      Suppressions suppressions = new Suppressions(sources);
      for (YEntry e : sm.entries().values()) {
        extendsApplied.baseDirs().forEach(baseDirs::putIfAbsent);
        ServiceReader r = new ServiceReader(workingDir, baseDirs, home, volumes, sm.entries().keySet(), suppressions);
        services.put(e.key(), r.read(e.key(), e.keyAt(), e.value(), replacedByService.getOrDefault(e.key(), List.of())));
      }
    }
    return new ComposeProject(name, workingDir, files, services, volumes, unset);
  }

  /** Go's strconv.ParseBool true values. */
  static boolean goTrue(String s) {
    return Set.of("1", "t", "T", "TRUE", "true", "True").contains(s);
  }

  /** compose's precedence: -p, COMPOSE_PROJECT_NAME (both must already be normalized), name:, the directory's name. */
  static String projectName(ComposeLoader options, Map<String, String> env, String inFiles, Path workingDir) {
    Optional<String> imperative = options.projectName().or(() -> Optional.ofNullable(env.get("COMPOSE_PROJECT_NAME"))
        .filter(s -> !s.isEmpty()));
    if (imperative.isPresent()) {
      String n = imperative.get();
      if (!normalize(n).equals(n) || n.isEmpty()) {
        throw new InvalidComposeFileException("invalid project name \"" + n + "\": must consist only of lowercase"
            + " alphanumeric characters, hyphens, and underscores as well as start with a letter or number",
            Optional.empty(), n, null);
      }
      return n;
    }
    String n = normalize(inFiles != null ? inFiles : "");
    if (n.isEmpty()) {
      n = normalize(workingDir.getFileName() == null ? "" : workingDir.getFileName().toString());
    }
    if (n.isEmpty()) {
      throw new InvalidComposeFileException("project name must not be empty; give one with withProjectName(...) or"
          + " name: in the file", Optional.empty(), "", null);
    }
    return n;
  }

  /** compose-go's NormalizeProjectName: lower case, keep [a-z0-9_-], drop leading _ and -. */
  public static String normalize(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
        b.append(c);
      }
    }
    int i = 0;
    while (i < b.length() && (b.charAt(i) == '_' || b.charAt(i) == '-')) {
      i++;
    }
    return b.substring(i);
  }

  private static ComposeVolume volume(String project, YEntry e) {
    String path = "volumes." + e.key();
    YMap m = e.value() instanceof YScalar s && s.isNull() ? new YMap(Map.of(), e.keyAt(), "")
        : Nodes.map(e.value(), path);
    Nodes.allowed(m, path, VOLUME_KEYS);
    Optional<String> name = m.get("name") == null ? Optional.empty() : Optional.of(Nodes.string(m.get("name"), path + ".name"));
    boolean external = false;
    YNode ext = m.get("external");
    if (ext instanceof YMap em) {
      Nodes.allowed(em, path + ".external", Set.of("name"));
      external = true;
      if (em.get("name") != null) {
        String extName = Nodes.string(em.get("name"), path + ".external.name");
        if (name.isPresent() && !name.get().equals(extName)) {
          throw Nodes.error(em.get("name"), path, "name and external.name conflict; only use name");
        }
        name = Optional.of(extName);
      }
    } else if (ext != null) {
      external = Nodes.bool(ext, path + ".external");
    }
    if (external) {
      for (String k : m.entries().keySet()) {
        if (!Set.of("name", "external").contains(k) && !k.startsWith("x-")) {
          throw Nodes.error(m.entries().get(k).keyAt(), path, "conflicting parameters \"external\" and \"" + k
              + "\" specified", k);
        }
      }
    }
    Optional<String> driver = m.get("driver") == null ? Optional.empty()
        : Optional.of(Nodes.string(m.get("driver"), path + ".driver"));
    Map<String, String> opts = new LinkedHashMap<>();
    if (m.get("driver_opts") != null) {
      Nodes.map(m.get("driver_opts"), path + ".driver_opts").entries().forEach((k, v) -> {
        if (!(v.value() instanceof YScalar sv) || sv.isNull() || sv.kind() == YNode.Kind.BOOL) {
          throw Nodes.error(v.value(), path + ".driver_opts." + k, "must be a string or a number");
        }
        opts.put(k, sv.text());
      });
    }
    Map<String, String> labels = Nodes.listOrDict(m.get("labels"), path + ".labels");
    String resolved = name.orElse(external ? e.key() : project + "_" + e.key());
    return new ComposeVolume(e.key(), resolved, driver, opts, external, labels, e.keyAt());
  }

  /** Interpolates every scalar value (not keys), as compose-go's Interpolate; the path is for messages. */
  static YNode interpolate(YNode n, String path, Map<String, String> env, Set<String> unset) {
    if (n instanceof YScalar s) {
      if (s.text().indexOf('$') < 0) {
        return s;
      }
      try {
        return new YScalar(Template.substitute(s.text(), env, unset::add), s.kind() == YNode.Kind.NULL
            ? YNode.Kind.NULL : YNode.Kind.STRING, s.at(), s.tag());
      } catch (Template.Invalid e) {
        throw new InvalidComposeFileException(s.at() + ": invalid interpolation format for " + path + ": \"" + s.text()
            + "\"; you may need to escape any $ with another $", Optional.of(s.at()), s.text(), e);
      } catch (Template.MissingRequired e) {
        throw new InvalidComposeFileException(s.at() + ": error while interpolating " + path + ": " + e.getMessage(),
            Optional.of(s.at()), s.text(), e);
      }
    }
    if (n instanceof YSeq q) {
      List<YNode> items = new ArrayList<>();
      for (YNode i : q.items()) {
        items.add(interpolate(i, path + "[]", env, unset));
      }
      return new YSeq(items, q.at(), q.tag());
    }
    YMap m = (YMap) n;
    Map<String, YEntry> out = new LinkedHashMap<>();
    m.entries().forEach((k, e) -> out.put(k, new YEntry(k, e.keyAt(),
        interpolate(e.value(), path.isEmpty() ? k : path + "." + k, env, unset))));
    return new YMap(out, m.at(), m.tag());
  }
}
