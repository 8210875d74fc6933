package io.github.volumes4j.compose.internal;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.Consistency;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.SelinuxLabel;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.compose.ComposeService;
import io.github.volumes4j.compose.ComposeVolume;
import io.github.volumes4j.compose.ServiceMount;
import io.github.volumes4j.compose.ServiceVolumesFrom;
import io.github.volumes4j.compose.internal.YNode.YMap;
import io.github.volumes4j.compose.internal.YNode.YScalar;
import io.github.volumes4j.compose.internal.YNode.YSeq;
import io.github.volumes4j.internal.GoPaths;
import io.github.volumes4j.internal.Sizes;
import io.github.volumes4j.lint.LintNote;
import io.github.volumes4j.lint.LintRule;
import io.github.volumes4j.lint.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One service's volumes as compose reads them (short and long syntax, {@code tmpfs:}, {@code volumes_from}) and as
 * docker/compose sends them: a bind or volume needing nothing but {@code ro}/{@code rw}, SELinux, propagation and
 * {@code nocopy} goes as {@code -v} text in {@code Binds} (its {@code bindRequiresMountAPI}/{@code volumeRequiresMountAPI}),
 * everything else in {@code Mounts}. The {@code -v} text is read with volumes4j's parser, which reads it as the daemon
 * does.
 */
final class ServiceReader {

  private static final Set<String> LONG_KEYS = Set.of("type", "source", "target", "read_only", "consistency", "bind",
      "volume", "tmpfs", "image");
  private static final Set<String> TYPES = Set.of("bind", "volume", "tmpfs", "cluster", "npipe", "image");

  private final Path workingDir;
  private final Map<String, Path> baseDirs;
  private final String home;
  private final Map<String, ComposeVolume> volumes;
  private final Set<String> serviceNames;
  private final Suppressions suppressions;
  private final List<LintNote> notes = new ArrayList<>();

  ServiceReader(Path workingDir, Map<String, Path> baseDirs, String home, Map<String, ComposeVolume> volumes,
      Set<String> serviceNames, Suppressions suppressions) {
    this.workingDir = workingDir;
    this.baseDirs = baseDirs;
    this.home = home;
    this.volumes = volumes;
    this.serviceNames = serviceNames;
    this.suppressions = suppressions;
  }

  ComposeService read(String name, SourceLocation keyAt, YNode node, List<LintNote> replacedNotes) {
    String path = "services." + name;
    YMap s = node instanceof YScalar sc && sc.isNull() ? new YMap(Map.of(), keyAt, "") : Nodes.map(node, path);
    notes.addAll(replacedNotes);
    List<ServiceMount> mounts = new ArrayList<>();
    YNode vols = s.get("volumes");
    if (vols != null && !(vols instanceof YScalar vs && vs.isNull())) {
      if (!(vols instanceof YSeq q)) {
        throw Nodes.error(vols, path + ".volumes", "must be a list, not " + YNode.describe(vols));
      }
      for (int i = 0; i < q.items().size(); i++) {
        mounts.add(mount(q.items().get(i), path + ".volumes[" + i + "]", name));
      }
    }
    YNode tmpfs = s.get("tmpfs");
    if (tmpfs != null && !(tmpfs instanceof YScalar ts && ts.isNull())) {
      for (YScalar t : Nodes.stringOrList(tmpfs, path + ".tmpfs")) {
        mounts.add(tmpfsKey(t));
      }
    }
    List<ServiceVolumesFrom> from = new ArrayList<>();
    YNode vf = s.get("volumes_from");
    if (vf != null && !(vf instanceof YScalar vfs && vfs.isNull())) {
      if (!(vf instanceof YSeq q)) {
        throw Nodes.error(vf, path + ".volumes_from", "must be a list, not " + YNode.describe(vf));
      }
      for (YNode i : q.items()) {
        from.add(volumesFrom(Nodes.string(i, path + ".volumes_from[]"), i.at(), name));
      }
    }
    List<String> profiles = s.get("profiles") == null ? List.of()
        : Nodes.stringOrList(s.get("profiles"), path + ".profiles").stream().map(YScalar::text).toList();
    Optional<Boolean> readOnly = s.get("read_only") == null ? Optional.empty()
        : Optional.of(Nodes.bool(s.get("read_only"), path + ".read_only"));
    return new ComposeService(name, mounts, from, profiles, readOnly, keyAt, notes, suppressions.at(keyAt));
  }

  private ServiceVolumesFrom volumesFrom(String text, SourceLocation at, String service) {
    String[] parts = text.split(":", -1);
    boolean container = parts[0].equals("container");
    if (container && parts.length < 2) {
      throw Nodes.error(at, "services." + service + ".volumes_from", "'" + text + "' names no container; write"
          + " container:NAME", text);
    }
    String source = container ? parts[1] : parts[0];
    Optional<String> mode = Optional.ofNullable(parts.length > (container ? 2 : 1) ? parts[container ? 2 : 1] : null);
    if (!container && !serviceNames.contains(source)) {
      throw Nodes.error(at, "services." + service + ".volumes_from", "service \"" + service + "\" depends on undefined"
          + " service \"" + source + "\"; name a service of the project, or write container:" + source, text);
    }
    mode.ifPresent(m -> notes.add(new LintNote(LintRule.IGNORED_BY_COMPOSE, text, "compose sends volumes_from '" + text
        + "' as the container alone and drops ':" + m + "' (docker/compose resolveVolumeFrom): the mounts keep their"
        + " own modes" + (m.equals("ro") ? ", so writable mounts stay writable" : ""), Optional.of(at))));
    return new ServiceVolumesFrom(source, container, mode, at);
  }

  private ServiceMount tmpfsKey(YScalar t) {
    try {
      MountSpec spec = MountSyntax.TMPFS.parse(t.text());
      return new ServiceMount("tmpfs", Optional.of(spec), "tmpfs", Optional.of(t.text()), Optional.empty(),
          Optional.empty(), Optional.empty(), t.at(), Map.of(), Optional.empty(), suppressions.at(t.at()));
    } catch (InvalidMountSpecException e) {
      return refused("tmpfs", "tmpfs", Optional.of(t.text()), Optional.empty(), Optional.empty(), Optional.empty(),
          t.at(), Map.of(), e);
    }
  }

  private ServiceMount mount(YNode item, String path, String service) {
    Fields f = item instanceof YMap m ? longSyntax(m, path) : shortSyntax(item, path);
    Map<String, SourceLocation> at = f.at;
    String target = f.target.isEmpty() ? "" : GoPaths.clean(f.target);
    if (f.target.isEmpty()) {
      throw Nodes.error(f.where, path, "service volume is missing a mount target; give target: (long syntax) or"
          + " SOURCE:TARGET (short syntax)", f.text.orElse("target"));
    }
    String type = f.type;
    String source = f.source;
    Optional<String> key = Optional.empty();
    if (type.equals("bind")) {
      if (source.isEmpty()) {
        throw Nodes.error(f.where, path, "invalid mount config for type \"bind\": field Source must not be empty",
            f.text.orElse("source"));
      }
      source = absolute(source, baseDirs.getOrDefault(f.where.file(), workingDir));
    } else if (type.equals("volume") && !source.isEmpty()) {
      ComposeVolume v = volumes.get(source);
      if (v == null) {
        throw Nodes.error(at.getOrDefault("source", f.where), path, "service \"" + service + "\" refers to undefined"
            + " volume " + source + ": invalid compose project; declare it under the top-level volumes:", source);
      }
      key = Optional.of(source);
      source = v.name();
    }
    Optional<String> src = Optional.of(source).filter(x -> !x.isEmpty());
    Optional<String> sub = Optional.of(f.subpath).filter(x -> !x.isEmpty());
    if (!type.equals("bind") && !type.equals("volume") && !type.equals("tmpfs")) {
      return new ServiceMount(type, Optional.empty(), f.syntax, f.text, src, sub, key, f.where, at,
          Optional.of("type " + type + " has no volumes4j mount value" + (type.equals("image")
              ? " (image mounts need Engine API 1.48, Docker 28)" : "")), suppressions.at(f.where));
    }
    if (f.syntax.equals("short") && f.text.orElse("").matches("[A-Za-z]:[\\\\/].*")) {
      notes.add(new LintNote(LintRule.DRIVE_LETTER_TRAP, f.text.get(), "compose reads '" + f.text.get() + "' as "
          + (type.equals("bind") ? "a bind of the Windows path '" + f.source + "'" : "an anonymous volume at the container"
              + " path '" + f.target + "'") + "; a Linux daemon has no drive " + f.text.get().substring(0, 2)
          .toUpperCase(Locale.ROOT), Optional.of(f.where)));
    }
    for (String option : f.ignored) {
      notes.add(new LintNote(LintRule.IGNORED_BY_COMPOSE, option, "compose drops the unknown option '" + option
          + "' of '" + f.text.orElse("") + "'" + (Set.of("cached", "delegated", "consistent").contains(option)
              ? "; write consistency: " + option + " in the long syntax if a Docker Desktop needs it" : ""),
          Optional.of(f.where)));
    }
    try {
      MountSpec spec = build(f, type, source, target, path);
      return new ServiceMount(type, Optional.of(spec), f.syntax, f.text, src, sub, key, f.where, at, Optional.empty(),
          suppressions.at(f.where));
    } catch (InvalidMountSpecException e) {
      return refused(type, f.syntax, f.text, src, sub, key, f.where, at, e);
    }
  }

  private ServiceMount refused(String type, String syntax, Optional<String> text, Optional<String> source,
      Optional<String> subpath, Optional<String> key, SourceLocation where, Map<String, SourceLocation> at,
      InvalidMountSpecException e) {
    notes.add(new LintNote(LintRule.INVALID_MOUNT, text.orElse(type), "Docker refuses this mount: " + e.getMessage(),
        Optional.of(where)));
    return new ServiceMount(type, Optional.empty(), syntax, text, source, subpath, key, where, at,
        Optional.of(e.getMessage()), suppressions.at(where));
  }

  private MountSpec build(Fields f, String type, String source, String target, String path) {
    String access = f.readOnly ? "ro" : "rw";
    if (type.equals("bind")) {
      boolean viaMounts = f.bindPresent && (!f.createHostPath || !f.propagation.isEmpty() || !f.recursive.isEmpty());
      if (!viaMounts) {
        dropped(f, "consistency", f.consistency, "compose sends this bind as -v text, which has no consistency");
        return MountSyntax.VOLUME.parse(source + ":" + target + ":" + access + (f.selinux.isEmpty() ? "" : "," + f.selinux)
            + (f.propagation.isEmpty() ? "" : "," + f.propagation) + (f.nocopy ? ",nocopy" : ""));
      }
      dropped(f, "bind.selinux", f.selinux, "compose sends this bind through the Mount API, which has no SELinux"
          + " relabelling: the files are not relabelled");
      BindMount.Builder b = BindMount.builder().source(source).target(target).readOnly(f.readOnly)
          .createMountpoint(f.createHostPath);
      if (!f.propagation.isEmpty()) {
        b.propagation(Propagation.valueOf(f.propagation.toUpperCase(Locale.ROOT)));
      }
      if (!f.recursive.isEmpty()) {
        b.recursion(BindRecursion.valueOf(f.recursive.toUpperCase(Locale.ROOT)));
      }
      consistency(f).ifPresent(b::consistency);
      return b.build();
    }
    if (type.equals("volume")) {
      boolean viaMounts = source.isEmpty() || !f.labels.isEmpty() || !f.subpath.isEmpty() || f.nocopy;
      if (!viaMounts) {
        dropped(f, "consistency", f.consistency, "compose sends this volume as -v text, which has no consistency");
        return MountSyntax.VOLUME.parse(source + ":" + target + ":" + access + (f.selinux.isEmpty() ? "" : "," + f.selinux)
            + (f.propagation.isEmpty() ? "" : "," + f.propagation));
      }
      dropped(f, "bind.selinux", f.selinux, "compose sends this volume through the Mount API, which has no SELinux"
          + " relabelling");
      dropped(f, "bind.propagation", f.propagation, "compose sends this volume through the Mount API, where"
          + " propagation is a bind option");
      VolumeMount.Builder v = VolumeMount.builder().target(target).readOnly(f.readOnly).noCopy(f.nocopy)
          .putAllLabels(f.labels);
      if (!source.isEmpty()) {
        v.source(source);
      }
      if (!f.subpath.isEmpty()) {
        v.subpath(f.subpath);
      }
      consistency(f).ifPresent(v::consistency);
      return v.build();
    }
    TmpfsMount.Builder t = TmpfsMount.builder().target(target).readOnly(f.readOnly);
    if (f.size > 0) {
      t.sizeBytes(f.size);
    }
    if (f.mode > 0) {
      t.mode((int) f.mode);
    }
    consistency(f).ifPresent(t::consistency);
    return t.build();
  }

  private Optional<Consistency> consistency(Fields f) {
    if (f.consistency.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Consistency.valueOf(f.consistency.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new InvalidMountSpecException(f.consistency, f.consistency, 0, "consistency '" + f.consistency + "' is not one of default,"
          + " consistent, cached, delegated (and a Linux daemon ignores consistency)");
    }
  }

  private void dropped(Fields f, String key, String value, String why) {
    if (!value.isEmpty()) {
      notes.add(new LintNote(LintRule.IGNORED_BY_COMPOSE, value, key + ": " + value + " is dropped: " + why,
          Optional.of(f.at.getOrDefault(key, f.where))));
    }
  }

  /**
   * compose-go's maybeUnixPath: {@code ~} expanded, a path that is neither Unix- nor Windows-absolute joined to the
   * working directory (or, for a service taken from another file by extends, that file's directory).
   */
  String absolute(String p, Path base) {
    if (p.startsWith("~")) {
      p = Path.of(home, p.substring(1)).toString();
    }
    if (p.startsWith("/") || isWindowsAbs(p)) {
      return p;
    }
    return GoPaths.clean(base.toString() + "/" + p);
  }

  /**
   * compose-go's paths.IsWindowsAbs (not the daemon's rule, core's MountChecks): any character, a colon and a
   * separator (compose-go does not insist on A-Z), or two separators.
   */
  static boolean isWindowsAbs(String p) {
    return p.length() >= 3 && p.charAt(1) == ':' && isSeparator(p.charAt(2))
        || p.length() >= 2 && isSeparator(p.charAt(0)) && isSeparator(p.charAt(1));
  }

  private static boolean isSeparator(char c) {
    return c == '\\' || c == '/';
  }

  /** What an entry says, before routing. */
  static final class Fields {
    String syntax;
    Optional<String> text = Optional.empty();
    SourceLocation where;
    final Map<String, SourceLocation> at = new LinkedHashMap<>();
    String type = "";
    String source = "";
    String target = "";
    boolean readOnly;
    String consistency = "";
    boolean bindPresent;
    boolean createHostPath = true;
    String propagation = "";
    String selinux = "";
    String recursive = "";
    boolean nocopy;
    String subpath = "";
    Map<String, String> labels = new LinkedHashMap<>();
    long size;
    long mode;
    List<String> ignored = List.of();
  }

  private Fields shortSyntax(YNode item, String path) {
    String text = Nodes.string(item, path);
    ShortSyntax.Parsed p;
    try {
      p = ShortSyntax.parse(text);
    } catch (ShortSyntax.Invalid e) {
      throw Nodes.error(item, path, e.getMessage() + "; write [SOURCE:]TARGET[:MODE] (a Windows path starts with a"
          + " letter and a colon), or use the long syntax");
    }
    Fields f = new Fields();
    f.syntax = "short";
    f.text = Optional.of(text);
    f.where = item.at();
    f.type = p.type();
    f.source = p.source();
    f.target = p.target();
    f.readOnly = p.readOnly();
    f.nocopy = p.nocopy();
    f.propagation = p.propagation();
    f.selinux = p.selinux();
    f.ignored = p.ignored();
    // the short syntax's bind options make a Bind section: create_host_path true, as ParseVolume sets it
    f.bindPresent = p.type().equals("bind") || !p.propagation().isEmpty() || !p.selinux().isEmpty();
    f.createHostPath = true;
    return f;
  }

  private Fields longSyntax(YMap m, String path) {
    Nodes.allowed(m, path, LONG_KEYS);
    Fields f = new Fields();
    f.syntax = "long";
    f.where = m.at();
    m.entries().forEach((k, e) -> f.at.put(k, e.value().at()));
    YNode type = m.get("type");
    if (type == null) {
      throw Nodes.error(m.at(), path, "type is required (bind, volume, tmpfs, cluster, npipe or image)", "type");
    }
    f.type = Nodes.string(type, path + ".type");
    if (!TYPES.contains(f.type)) {
      throw Nodes.error(type, path + ".type", "'" + f.type + "' is not one of bind, volume, tmpfs, cluster, npipe,"
          + " image");
    }
    f.source = m.get("source") == null ? "" : Nodes.string(m.get("source"), path + ".source");
    f.target = m.get("target") == null ? "" : Nodes.string(m.get("target"), path + ".target");
    f.readOnly = m.get("read_only") != null && Nodes.bool(m.get("read_only"), path + ".read_only");
    f.consistency = m.get("consistency") == null ? "" : Nodes.string(m.get("consistency"), path + ".consistency");
    Optional<YMap> bind = Nodes.optionalMap(m.get("bind"), path + ".bind");
    Optional<YMap> volume = Nodes.optionalMap(m.get("volume"), path + ".volume");
    Optional<YMap> tmpfs = Nodes.optionalMap(m.get("tmpfs"), path + ".tmpfs");
    Optional<YMap> image = Nodes.optionalMap(m.get("image"), path + ".image");
    if (bind.isPresent()) {
      YMap b = bind.get();
      Nodes.allowed(b, path + ".bind", Set.of("propagation", "create_host_path", "recursive", "selinux"));
      b.entries().forEach((k, e) -> f.at.put("bind." + k, e.value().at()));
      f.bindPresent = m.get("bind") instanceof YMap;
      f.propagation = b.get("propagation") == null ? "" : Nodes.string(b.get("propagation"), path + ".bind.propagation");
      if (!f.propagation.isEmpty() && !ShortSyntax.PROPAGATIONS.contains(f.propagation)) {
        throw Nodes.error(b.get("propagation"), path + ".bind.propagation", "'" + f.propagation + "' is not one of"
            + " rprivate, private, rshared, shared, rslave, slave");
      }
      f.createHostPath = b.get("create_host_path") == null || Nodes.bool(b.get("create_host_path"),
          path + ".bind.create_host_path");
      f.recursive = b.get("recursive") == null ? "" : Nodes.string(b.get("recursive"), path + ".bind.recursive");
      if (!f.recursive.isEmpty() && !Set.of("enabled", "disabled", "writable", "readonly").contains(f.recursive)) {
        throw Nodes.error(b.get("recursive"), path + ".bind.recursive", "'" + f.recursive + "' is not one of enabled,"
            + " disabled, writable, readonly");
      }
      f.selinux = b.get("selinux") == null ? "" : Nodes.string(b.get("selinux"), path + ".bind.selinux");
      if (!f.selinux.isEmpty() && !Set.of("z", "Z").contains(f.selinux)) {
        throw Nodes.error(b.get("selinux"), path + ".bind.selinux", "'" + f.selinux + "' is not z or Z");
      }
      if (!f.type.equals("bind")) {
        sectionIgnored(f, "bind", m);
      }
    }
    if (volume.isPresent()) {
      YMap v = volume.get();
      Nodes.allowed(v, path + ".volume", Set.of("labels", "nocopy", "subpath"));
      v.entries().forEach((k, e) -> f.at.put("volume." + k, e.value().at()));
      f.labels = Nodes.listOrDict(v.get("labels"), path + ".volume.labels");
      f.nocopy = v.get("nocopy") != null && Nodes.bool(v.get("nocopy"), path + ".volume.nocopy");
      f.subpath = v.get("subpath") == null ? "" : Nodes.string(v.get("subpath"), path + ".volume.subpath");
      if (!f.type.equals("volume")) {
        sectionIgnored(f, "volume", m);
        f.labels = Map.of();
        f.nocopy = false;
        f.subpath = "";
      }
    }
    if (tmpfs.isPresent()) {
      YMap t = tmpfs.get();
      Nodes.allowed(t, path + ".tmpfs", Set.of("size", "mode"));
      t.entries().forEach((k, e) -> f.at.put("tmpfs." + k, e.value().at()));
      f.size = t.get("size") == null ? 0 : size(t.get("size"), path + ".tmpfs.size");
      f.mode = t.get("mode") == null ? 0 : mode(t.get("mode"), path + ".tmpfs.mode");
      if (!f.type.equals("tmpfs")) {
        sectionIgnored(f, "tmpfs", m);
        f.size = 0;
        f.mode = 0;
      }
    }
    if (image.isPresent()) {
      Nodes.allowed(image.get(), path + ".image", Set.of("subpath"));
      image.get().entries().forEach((k, e) -> f.at.put("image." + k, e.value().at()));
      if (!f.type.equals("image")) {
        sectionIgnored(f, "image", m);
      } else if (image.get().get("subpath") != null) {
        f.subpath = Nodes.string(image.get().get("subpath"), path + ".image.subpath");
      }
    }
    if (!f.type.equals("bind") && !f.type.equals("volume")) {
      f.selinux = "";
      f.propagation = "";
    }
    return f;
  }

  private void sectionIgnored(Fields f, String section, YMap m) {
    notes.add(new LintNote(LintRule.IGNORED_BY_COMPOSE, section, "a mount of type " + f.type + " should not define '"
        + section + "'; compose warns and drops it" + (section.equals("bind") && f.type.equals("volume")
            ? " (only its selinux and propagation reach the daemon, and only when the volume goes as -v text)" : ""),
        Optional.of(m.entries().get(section).keyAt())));
  }

  private static long size(YNode n, String path) {
    if (n instanceof YScalar s && s.kind() == YNode.Kind.INT) {
      long v = YamlTree.goInt(s.text()).orElseThrow();
      if (v < 0) {
        throw Nodes.error(n, path, "must be 0 or more");
      }
      return v;
    }
    String t = Nodes.string(n, path);
    long v;
    try {
      v = Long.parseLong(t); // UnitBytes: strconv.ParseInt(s, 10, 64) first, then go-units RAMInBytes
    } catch (NumberFormatException e) {
      v = Sizes.ramInBytes(t);
    }
    if (v < 0) {
      throw Nodes.error(n, path, "'" + t + "' is not a size; write bytes or a number with k, m, g (binary units)");
    }
    return v;
  }

  private static long mode(YNode n, String path) {
    if (n instanceof YScalar s && s.kind() == YNode.Kind.INT) {
      long v = YamlTree.goInt(s.text()).orElseThrow();
      if (v < 0 || v > 0xFFFFFFFFL) {
        throw Nodes.error(n, path, "must fit in 32 bits");
      }
      return v;
    }
    throw Nodes.error(n, path, "must be a number (compose decodes the mode as a uint32; write 0755 or 0o755 without"
        + " quotes), not " + YNode.describe(n));
  }
}
