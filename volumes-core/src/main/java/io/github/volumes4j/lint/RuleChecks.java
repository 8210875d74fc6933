package io.github.volumes4j.lint;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.DaemonOs;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountWarning;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.UnsupportedFeatureException;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.internal.GoPaths;
import io.github.volumes4j.internal.MountGates;
import io.github.volumes4j.internal.MountWarnings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules' logic, one method per rule; findings carry the rule's default severity (or the rule's own choice). */
final class RuleChecks {

  /** Host directories a container should not see; {@code /} itself is MountWarnings' bind-host-root. */
  static final List<String> SENSITIVE = List.of("/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/sys",
      "/usr", "/bin", "/sbin", "/root", "/var/lib/docker", "/var/lib/containerd", "/var/lib/kubelet", "/home");
  /** Single system files that are commonly and harmlessly mounted read-only. */
  static final Set<String> HARMLESS_READ_ONLY = Set.of("/etc/localtime", "/etc/timezone", "/etc/hosts",
      "/etc/resolv.conf", "/etc/machine-id");

  private static final Pattern SECRET = Pattern.compile("(?i)(^|/)(\\.?secrets?|credentials?|private|\\.ssh)(/|$)"
      + "|(^|/)[^/]*(secret|passw(or)?d|credential|token|api[-_]?key)[^/]*$"
      + "|\\.(pem|key|p12|pfx|jks|keystore|kdbx)$|(^|/)id_(rsa|dsa|ecdsa|ed25519)$|(^|/)\\.env(\\.[^/]*)?$");
  private static final Pattern CONFIG_FILE = Pattern.compile("(?i)\\.(conf|cnf|cfg|ini|ya?ml|json|toml|properties|xml"
      + "|crt|cert|html?|lua|js|rules)$");
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:([\\\\/].*)?$");

  private RuleChecks() {}

  static List<LintFinding> mount(LintSubject s, LintMount lm, LintConfig config) {
    List<LintFinding> out = new ArrayList<>();
    MountSpec m = lm.spec();
    if (driveTrap(s, lm, out)) {
      return out;
    }
    // the library's own warnings (MountSyntax.check), mapped to the catalogue: one source for each fact
    for (MountWarning w : MountWarnings.of(lm.flag().orElse("--mount"), lm.text().orElse(""), m, DaemonOs.LINUX)) {
      LintRule rule = switch (w.rule()) {
        case "daemon-socket" -> LintRule.RUNTIME_SOCKET;
        case "bind-host-root" -> LintRule.SENSITIVE_HOST_DIRECTORY;
        case "relabel-system-directory" -> LintRule.RELABEL_SYSTEM_DIRECTORY;
        case "anonymous-volume" -> LintRule.ANONYMOUS_DATA_VOLUME;
        case "consistency-ignored" -> LintRule.IGNORED_BY_DAEMON;
        default -> LintRule.DROPPED_BY_KERNEL;
      };
      if (rule != null) {
        LintSeverity sev = rule == LintRule.SENSITIVE_HOST_DIRECTORY && m.readOnly() ? LintSeverity.WARNING
            : rule.defaultSeverity();
        out.add(finding(rule, sev, s, lm, w.token(), w.message()));
      }
    }
    if (m instanceof BindMount b) {
      bind(s, lm, b, out);
    } else if (m instanceof TmpfsMount t) {
      for (String o : t.options()) {
        String word = o.toLowerCase(Locale.ROOT);
        if (word.equals("exec") || word.equals("suid") || word.equals("dev")) {
          out.add(finding(LintRule.TMPFS_EXEC, s, lm, o, "the tmpfs option '" + o + "' at " + t.target()
              + " takes away Docker's default no" + word + " (a tmpfs is mounted rw,nosuid,nodev,noexec unless told"
              + " otherwise; recorded on Docker 20.10)"));
        }
      }
    } else if (m instanceof VolumeMount v) {
      volume(s, lm, v, config, out);
    }
    config.targetApi().ifPresent(api -> {
      try {
        MountGates.requireSupportedBy(m, api);
      } catch (UnsupportedFeatureException e) {
        out.add(finding(LintRule.IGNORED_BY_DAEMON, s, lm, e.feature(), "a daemon at Engine API " + api
            + " ignores request fields it does not know, without a word: " + e.getMessage()));
      }
    });
    return out;
  }

  /** {@code -v x:/data}: recorded on Docker 20.10, an anonymous volume at the container path {@code x:/data}. */
  private static boolean driveTrap(LintSubject s, LintMount lm, List<LintFinding> out) {
    String text = lm.text().orElse("");
    if (lm.flag().orElse("").equals("-v") && lm.spec() instanceof VolumeMount v && v.source().isEmpty()
        && text.length() > 2 && DRIVE.matcher(text.substring(0, 3)).matches() && v.target().startsWith(text.substring(0, 2))) {
      out.add(finding(LintRule.DRIVE_LETTER_TRAP, s, lm, text, "Docker on Linux reads '" + text + "' as an anonymous"
          + " volume at the container path '" + v.target() + "', not drive " + text.substring(0, 2).toUpperCase(Locale.ROOT)
          + " mounted at " + v.target().substring(2) + ": nothing is mounted where the data is written"));
      return true;
    }
    return false;
  }

  private static void bind(LintSubject s, LintMount lm, BindMount b, List<LintFinding> out) {
    String source = b.source();
    if (DRIVE.matcher(source).matches()) {
      out.add(finding(LintRule.DRIVE_LETTER_TRAP, s, lm, source, "'" + source + "' is a Windows path; a Linux daemon"
          + " does not have drive " + source.substring(0, 2) + " and refuses or misreads it"));
      return;
    }
    String clean = GoPaths.clean(source);
    if (!MountWarnings.isRuntimeSocket(clean)) { // a runtime socket is MountSyntax.check's daemon-socket warning
      for (String dir : SENSITIVE) {
        if (under(clean, dir) && !(b.readOnly() && HARMLESS_READ_ONLY.contains(clean))) {
          out.add(finding(LintRule.SENSITIVE_HOST_DIRECTORY, b.readOnly() ? LintSeverity.WARNING : LintSeverity.ERROR,
              s, lm, source, "the host's " + clean + " is mounted " + (b.readOnly() ? "read-only" : "writable")
                  + " at " + b.target() + (b.readOnly() ? "" : "; the container can change the host's " + dir)));
          break;
        }
      }
    }
    b.propagation().filter(p -> p == Propagation.SHARED || p == Propagation.RSHARED).ifPresent(p ->
        out.add(finding(LintRule.SHARED_PROPAGATION, s, lm, p.name().toLowerCase(Locale.ROOT), "'" + source + "' at "
            + b.target() + " has " + p.name().toLowerCase(Locale.ROOT) + " propagation: mounts the container makes"
            + " there appear on the host")));
    if (s.production()) {
      out.add(finding(LintRule.BIND_IN_PRODUCTION, s, lm, source, "production service '" + s.name() + "' binds the"
          + " host's " + source + " at " + b.target()));
    }
    if (SECRET.matcher(clean).find() || SECRET.matcher(b.target()).find()) {
      out.add(finding(LintRule.SECRET_ON_DISK, s, lm, source, "'" + source + "' at " + b.target() + " looks like a"
          + " secret kept in a file on the host's disk"));
    } else if (!b.readOnly() && (CONFIG_FILE.matcher(clean).find() || under(b.target(), "/etc"))) {
      out.add(finding(LintRule.WRITABLE_COULD_BE_READ_ONLY, s, lm, source, "'" + source + "' at " + b.target()
          + " is configuration mounted writable; the container can change it on the host"));
    }
  }

  private static void volume(LintSubject s, LintMount lm, VolumeMount v, LintConfig config, List<LintFinding> out) {
    if (v.source().isEmpty()) {
      boolean textTrap = lm.flag().orElse("").equals("-v") && !lm.text().orElse("/").startsWith("/");
      for (String p : config.persistentPaths()) {
        if (!textTrap && under(v.target(), p)) {
          out.add(finding(LintRule.ANONYMOUS_DATA_VOLUME, s, lm, v.target(), "the data at " + v.target() + " is kept"
              + " in an anonymous volume: `docker compose down -v`, `docker rm -v` and `docker volume prune` delete"
              + " it, and a new container (an upgrade) starts with an empty one"));
          break;
        }
      }
      return;
    }
    String name = v.source().get();
    if (SECRET.matcher(name).find()) {
      out.add(finding(LintRule.SECRET_ON_DISK, s, lm, name, "volume '" + name + "' at " + v.target() + " looks like it"
          + " holds secrets, and a volume lives on the host's disk"));
    }
  }

  static List<LintFinding> subject(LintSubject s) {
    List<LintFinding> out = new ArrayList<>();
    boolean tmpfsForTmp = s.mounts().stream().anyMatch(m -> m.spec() instanceof TmpfsMount
        && (under("/tmp", m.spec().target()) || under("/run", m.spec().target())));
    LintMount none = null;
    if (s.readOnlyRoot().orElse(false) && !tmpfsForTmp) {
      out.add(finding(LintRule.READ_ONLY_ROOT, s, none, "read_only", "'" + s.name() + "' has a read-only root file"
          + " system and no tmpfs for /tmp or /run; processes that write a temporary file fail"));
    } else if (s.production() && s.readOnlyRoot().isPresent() && !s.readOnlyRoot().get()) {
      out.add(finding(LintRule.READ_ONLY_ROOT, s, none, "read_only", "production service '" + s.name() + "' has a"
          + " writable root file system"));
    }
    for (LintNote n : s.notes()) {
      out.add(new LintFinding(n.rule(), n.rule().defaultSeverity(), s.name(), n.value(), n.message(),
          n.location().or(s::location), Optional.empty()));
    }
    return out;
  }

  /** Who mounts each volume and host directory writable: {@code v:name} or {@code b:/path} to subject names. */
  static Map<String, List<String>> writers(List<LintSubject> subjects) {
    Map<String, List<String>> writers = new LinkedHashMap<>();
    for (LintSubject s : subjects) {
      for (LintMount m : s.mounts()) {
        key(m.spec()).filter(k -> !m.spec().readOnly()).ifPresent(k -> {
          List<String> l = writers.computeIfAbsent(k, x -> new ArrayList<>());
          if (!l.contains(s.name())) {
            l.add(s.name());
          }
        });
      }
    }
    return writers;
  }

  /** A writable mount of a volume or directory that another subject also writes. */
  static Optional<LintFinding> shared(LintSubject s, LintMount m, Map<String, List<String>> writers) {
    Optional<String> k = key(m.spec()).filter(x -> !m.spec().readOnly());
    if (k.isEmpty() || writers.get(k.get()).size() < 2) {
      return Optional.empty();
    }
    List<String> others = writers.get(k.get()).stream().filter(n -> !n.equals(s.name())).toList();
    String what = k.get().substring(k.get().indexOf(':') + 1);
    return Optional.of(finding(LintRule.SHARED_WRITABLE_SOURCE, s, m, what, (k.get().startsWith("v:") ? "volume '"
        : "host directory '") + what + "' is mounted writable here and in " + String.join(", ", others)));
  }

  private static Optional<String> key(MountSpec m) {
    if (m instanceof VolumeMount v && v.source().isPresent()) {
      return Optional.of("v:" + v.source().get());
    }
    if (m instanceof BindMount b) {
      return Optional.of("b:" + GoPaths.clean(b.source()));
    }
    return Optional.empty();
  }

  static boolean under(String path, String dir) {
    return path.equals(dir) || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
  }

  private static LintFinding finding(LintRule rule, LintSubject s, LintMount m, String value, String message) {
    return finding(rule, rule.defaultSeverity(), s, m, value, message);
  }

  private static LintFinding finding(LintRule rule, LintSeverity sev, LintSubject s, LintMount m, String value,
      String message) {
    Optional<SourceLocation> at = m == null ? s.location() : m.location().or(s::location);
    return new LintFinding(rule, sev, s.name(), value, message, at, Optional.empty());
  }
}
