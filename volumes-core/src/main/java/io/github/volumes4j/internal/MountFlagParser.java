package io.github.volumes4j.internal;

import static io.github.volumes4j.internal.MountParser.bool;
import static io.github.volumes4j.internal.MountParser.build;
import static io.github.volumes4j.internal.MountParser.checkTarget;
import static io.github.volumes4j.internal.MountParser.error;
import static io.github.volumes4j.internal.MountParser.parseOctal;
import static io.github.volumes4j.internal.MountParser.putCut;
import static io.github.volumes4j.internal.MountParser.resolve;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.Consistency;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.ParseOptions;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code --mount} value as the docker CLI reads it: the CSV fields collected ({@link #field}), the
 * combination checked ({@link #check}), the value built for its type ({@link #bind}, {@link #tmpfs},
 * {@link #volume}). One instance per value.
 */
final class MountFlagParser {

  private final String raw;
  private final ParseOptions options;
  private String type = "volume";
  private int typeAt;
  private String typeField = "";
  private String source = "";
  private String sourceText = "";
  private int sourceAt = -1;
  private String target = "";
  private boolean readOnly;
  private String consistency;
  private int consistencyAt = -1;
  private String propagation;
  private int propagationAt = -1;
  private BindRecursion recursion;
  private boolean nonRecursive;
  private boolean createSrc;
  private String subpath = "";
  private boolean noCopy;
  private String driver = "";
  private Map<String, String> labels;
  private Map<String, String> driverOpts;
  private long size;
  private int mode;
  /** The last key of each family, and where it was: a family other than the type's is an error. */
  private String volumeKey;
  private String bindKey;
  private String tmpfsKey;
  private String imageKey;
  private int volumeAt = -1;
  private int bindAt = -1;
  private int tmpfsAt = -1;
  private int imageAt = -1;

  private MountFlagParser(String raw, ParseOptions options) {
    this.raw = raw;
    this.options = options;
  }

  static MountSpec parse(String raw, ParseOptions options) {
    List<GoCsv.Field> fields;
    try {
      fields = GoCsv.firstRecord(raw);
    } catch (GoCsv.CsvError e) {
      String what = e.getMessage().equals("EOF")
          ? "EOF: the --mount value is empty; give type=...,source=...,target=..."
          : e.getMessage() + "; quote a whole field (\"key=a,b\"), double any quote inside it";
      return MountParser.throwAt(raw, e.offset < raw.length() ? raw.substring(e.offset, e.offset + 1) : "", e.offset, what);
    }
    MountFlagParser p = new MountFlagParser(raw, options);
    p.typeField = fields.get(0).text();
    for (GoCsv.Field f : fields) {
      p.field(f.text(), f.offset());
    }
    p.check();
    String config = "invalid mount config for type \"" + p.type + "\": ";
    int targetAt = Math.max(0, raw.indexOf(p.target));
    checkTarget(raw, p.target, targetAt, config);
    Consistency c = p.consistency();
    switch (p.type) {
      case "bind":
        return p.bind(config, c);
      case "tmpfs":
        return p.tmpfs(config, c, targetAt);
      default:
        return p.volume(c, targetAt);
    }
  }

  /** One {@code key=value} field (a few keys stand alone, as {@code true}). */
  private void field(String field, int at) {
    int eq = field.indexOf('=');
    boolean hasValue = eq >= 0;
    String key = (hasValue ? field.substring(0, eq) : field).toLowerCase(Locale.ROOT);
    String val = hasValue ? field.substring(eq + 1) : "";
    if (!hasValue) {
      switch (key) {
        case "readonly", "ro", "volume-nocopy", "bind-nonrecursive" -> { }  // the CLI wants bind-create-src=true
        default -> throw error(raw, field, at, "invalid field '" + field + "' must be a key=value pair"
            + (field.isEmpty() ? " (an empty field: remove the extra ',')" : "; write key=value"));
      }
    }
    switch (key) {
      case "type" -> {
        type = val.toLowerCase(Locale.ROOT);
        typeAt = at;
      }
      case "source", "src" -> {
        source = val;
        sourceText = val;
        sourceAt = at + eq + 1;
        if (!val.startsWith("/") && val.startsWith(".")) {
          source = resolve(val, options, raw);
        }
      }
      case "target", "dst", "destination" -> target = val;
      case "readonly", "ro" -> readOnly = bool(raw, key, val, hasValue, field, at);
      case "consistency" -> {
        consistency = val.toLowerCase(Locale.ROOT);
        consistencyAt = at;
      }
      case "bind-propagation", "bind-nonrecursive", "bind-recursive", "bind-create-src" -> bindField(key, val, hasValue, field, at);
      case "volume-subpath", "volume-nocopy", "volume-label", "volume-driver", "volume-opt" ->
          volumeField(key, val, hasValue, field, at);
      case "image-subpath" -> {
        imageKey = key;
        imageAt = at;
      }
      case "tmpfs-size", "tmpfs-mode" -> tmpfsField(key, val, field, at);
      default -> throw error(raw, field, at, "unexpected key '" + key + "' in '" + field + "'; known keys: type, source/src,"
          + " target/dst/destination, readonly/ro, consistency, bind-propagation, bind-recursive, bind-nonrecursive,"
          + " bind-create-src, volume-driver, volume-label, volume-nocopy, volume-opt, volume-subpath, tmpfs-size, tmpfs-mode");
    }
  }

  private void bindField(String key, String val, boolean hasValue, String field, int at) {
    bindKey = key;
    bindAt = at;
    switch (key) {
      case "bind-propagation" -> {
        propagation = val.toLowerCase(Locale.ROOT);
        propagationAt = at;
      }
      case "bind-nonrecursive" -> nonRecursive = bool(raw, key, val, hasValue, field, at);
      case "bind-recursive" -> recursion = switch (val) {
        case "enabled" -> BindRecursion.ENABLED;
        case "disabled" -> BindRecursion.DISABLED;
        case "writable" -> BindRecursion.WRITABLE;
        case "readonly" -> BindRecursion.READONLY;
        default -> throw error(raw, field, at, "invalid value for " + key + ": " + val
            + " (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")");
      };
      default -> createSrc = bool(raw, key, val, hasValue, field, at);
    }
  }

  private void volumeField(String key, String val, boolean hasValue, String field, int at) {
    volumeKey = key;
    volumeAt = at;
    switch (key) {
      case "volume-subpath" -> subpath = val;
      case "volume-nocopy" -> noCopy = bool(raw, key, val, hasValue, field, at);
      case "volume-label" -> labels = putCut(labels, val);
      case "volume-driver" -> driver = val;
      default -> driverOpts = putCut(driverOpts, val);
    }
  }

  private void tmpfsField(String key, String val, String field, int at) {
    tmpfsKey = key;
    tmpfsAt = at;
    if (key.equals("tmpfs-size")) {
      long s = Sizes.ramInBytes(val);
      if (s < 0) {
        throw error(raw, field, at, "invalid value for " + key + ": " + val + "; give bytes or a number with a unit, for example 64m or 1.5g");
      }
      size = s;
      return;
    }
    long m = parseOctal(val);
    if (m < 0 || m > 0xFFFFFFFFL) {
      throw error(raw, field, at, "invalid value for " + key + ": " + val + "; give octal permission bits, for example 1777 or 700");
    }
    if (m > Integer.MAX_VALUE) {  // recorded: the daemon accepts bits above 07777, the kernel keeps the permission bits
      throw error(raw, field, at, "tmpfs mode 0" + Long.toOctalString(m) + " is too large; give permission bits such as 1777");
    }
    mode = (int) m;
  }

  /** The rules between fields: required ones, families that fit the type, recursion with read-only. */
  private void check() {
    if (type.isEmpty()) {
      throw error(raw, typeField, typeAt, "type is required; give type=volume, type=bind or type=tmpfs");
    }
    if (target.isEmpty()) {
      throw error(raw, "", raw.length(), "target is required; add target=/path/in/container");
    }
    family(volumeKey, volumeAt, "volume", "volume-*", " or use type=volume");
    family(imageKey, imageAt, "image", "image-*", "");
    family(bindKey, bindAt, "bind", "bind-*", " or use type=bind");
    family(tmpfsKey, tmpfsAt, "tmpfs", "tmpfs-*", " or use type=tmpfs");
    if (recursion == BindRecursion.WRITABLE && !readOnly) {
      throw error(raw, "bind-recursive", raw.indexOf("bind-recursive"), "option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
    }
    if (recursion == BindRecursion.READONLY) {
      if (!readOnly) {
        throw error(raw, "bind-recursive", raw.indexOf("bind-recursive"), "option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
      }
      if (!"rprivate".equals(propagation)) {
        throw error(raw, "bind-recursive", raw.indexOf("bind-recursive"),
            "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
      }
    }
    if (nonRecursive && recursion != null && recursion != BindRecursion.DISABLED && recursion != BindRecursion.ENABLED) {
      throw error(raw, "bind-nonrecursive", raw.indexOf("bind-nonrecursive"), "bind-nonrecursive and bind-recursive="
          + recursion.cliName() + " contradict each other; keep bind-recursive only");
    }
    if (nonRecursive) {
      recursion = BindRecursion.DISABLED;
    }
    String config = "invalid mount config for type \"" + type + "\": ";
    switch (type) {
      case "volume", "bind", "tmpfs" -> { }
      case "image" -> throw error(raw, typeField, typeAt, config
          + "image mounts (Engine API 1.48) are not modelled by volumes4j; copy the content into a volume instead");
      case "npipe" -> throw error(raw, typeField, typeAt, config
          + "named pipes exist only on Windows daemons and are not modelled by volumes4j");
      case "cluster" -> throw error(raw, typeField, typeAt, config
          + "cluster volumes (Swarm CSI) are not modelled by volumes4j");
      default -> throw error(raw, "type=" + type, typeAt, config + "mount type unknown; use volume, bind or tmpfs");
    }
  }

  private void family(String key, int at, String forType, String family, String orUse) {
    if (key != null && !type.equals(forType)) {
      throw error(raw, key, at, "cannot mix '" + family + "' options with mount type '" + type + "'; drop " + key + orUse);
    }
  }

  private Consistency consistency() {
    if (consistency == null || consistency.isEmpty()) {
      return null;
    }
    return switch (consistency) {
      case "default" -> Consistency.DEFAULT;
      case "consistent" -> Consistency.CONSISTENT;
      case "cached" -> Consistency.CACHED;
      case "delegated" -> Consistency.DELEGATED;
      // the CLI passes any value on and a Linux daemon ignores it (recorded: consistency=bogus starts)
      default -> null;
    };
  }

  private MountSpec bind(String config, Consistency c) {
    int srcAt = sourceAt < 0 ? 0 : sourceAt;
    if (source.isEmpty()) {
      throw error(raw, "", srcAt, config + "field Source must not be empty; add source=/absolute/host/path");
    }
    if (!source.startsWith("/")) {
      throw error(raw, source, srcAt, config + "invalid mount path: '" + source + "' mount path must be absolute; give an absolute host path");
    }
    Propagation p = null;
    if (propagation != null && !propagation.isEmpty()) {
      try {
        p = Propagation.valueOf(propagation.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw error(raw, "bind-propagation=" + propagation, propagationAt, config + "invalid propagation mode: " + propagation
            + "; give private, rprivate, shared, rshared, slave or rslave");
      }
    }
    Propagation prop = p;
    return build(raw, () -> {
      BindMount.Builder b = BindMount.builder().source(source).target(target).readOnly(readOnly).createMountpoint(createSrc);
      if (prop != null) {
        b.propagation(prop);
      }
      if (recursion != null) {
        b.recursion(recursion);
      }
      if (c != null) {
        b.consistency(c);
      }
      return b.build();
    }, source, srcAt);
  }

  private MountSpec tmpfs(String config, Consistency c, int targetAt) {
    int srcAt = sourceAt < 0 ? 0 : sourceAt;
    if (!source.isEmpty()) {
      throw error(raw, source, srcAt, config + "field Source must not be specified; a tmpfs has no source, drop it");
    }
    return build(raw, () -> {
      TmpfsMount.Builder b = TmpfsMount.builder().target(target).readOnly(readOnly);
      if (size != 0) {
        b.sizeBytes(size);
      }
      if (mode != 0) {
        b.mode(mode);
      }
      if (c != null) {
        b.consistency(c);
      }
      return b.build();
    }, target, targetAt);
  }

  private MountSpec volume(Consistency c, int targetAt) {
    int srcAt = sourceAt < 0 ? 0 : sourceAt;
    Map<String, String> lbls = labels == null ? Map.of() : labels;
    Map<String, String> opts = driverOpts == null ? Map.of() : driverOpts;
    return build(raw, () -> {
      VolumeMount.Builder b = VolumeMount.builder().target(target).readOnly(readOnly).noCopy(noCopy)
          .putAllLabels(lbls).putAllDriverOptions(opts);
      if (!source.isEmpty()) {
        b.source(source);
      }
      if (!subpath.isEmpty()) {
        b.subpath(subpath);
      }
      if (!driver.isEmpty()) {
        b.driver(driver);
      }
      if (c != null) {
        b.consistency(c);
      }
      return b.build();
    }, source.isEmpty() ? target : sourceText, source.isEmpty() ? targetAt : srcAt);
  }
}
