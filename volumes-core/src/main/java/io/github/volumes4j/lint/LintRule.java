package io.github.volumes4j.lint;

import java.util.Optional;

/**
 * The catalogue of mount rules. Each has a stable id ({@code VOL001}) and a name ({@code runtime-socket}), either of
 * which configuration and suppressions may use, a default severity, and where one exists the matching check of the
 * CIS Docker Benchmark (section numbers of the v1.7/v1.8 numbering), KICS and compose-lint.
 *
 * <pre>{@code
 * LintRule r = LintRule.of("runtime-socket");   // RUNTIME_SOCKET
 * r.id();                                      // VOL001
 * r.cis();                                     // Optional[5.32]
 * }</pre>
 */
public enum LintRule {
  /** Docker refuses the value, or compose does; reported by readers. */
  INVALID_MOUNT("VOL000", "invalid-mount", LintSeverity.ERROR, 0, null, null, null,
      "A mount that Docker or compose refuses",
      "Correct the value as the message says; nothing runs until it is fixed."),
  /** A container runtime's control socket is bind-mounted. */
  RUNTIME_SOCKET("VOL001", "runtime-socket", LintSeverity.ERROR, 9.0, "5.32", "d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b",
      "CL-0001", "A container runtime's control socket is mounted into the container",
      "Remove the mount. A container that must start containers should reach the daemon through a proxy that allows"
          + " only the calls it needs; read-only does not help, the socket's API stays fully usable."),
  /** A sensitive host directory ({@code /}, {@code /etc}, {@code /proc}, ...) is bind-mounted. */
  SENSITIVE_HOST_DIRECTORY("VOL002", "sensitive-host-directory", LintSeverity.ERROR, 8.0, "5.6",
      "1c1325ff-831d-43a1-973e-839ae57dfcc0", "CL-0013", "A sensitive host directory is mounted into the container",
      "Bind only the files the container needs, from a directory made for it; if it must read a system file, mount"
          + " that one file read-only."),
  /** A bind with {@code shared} or {@code rshared} propagation. */
  SHARED_PROPAGATION("VOL003", "shared-propagation", LintSeverity.WARNING, 6.5, "5.20",
      "baa452f0-1f21-4a25-ace5-844e7a5f410d", "CL-0017", "A bind mount propagates mounts back to the host",
      "Leave propagation at Docker's default (rprivate); use rslave if the container must see the host's later mounts."),
  /** A tmpfs whose options take away Docker's default noexec, nosuid or nodev. */
  TMPFS_EXEC("VOL004", "tmpfs-exec", LintSeverity.WARNING, 5.0, "5.13", null, null,
      "A tmpfs allows executables, set-uid files or device files",
      "Drop the exec, suid and dev options: Docker mounts a tmpfs noexec,nosuid,nodev unless told otherwise."),
  /** An anonymous volume where data that must last is kept. */
  ANONYMOUS_DATA_VOLUME("VOL005", "anonymous-data-volume", LintSeverity.WARNING, 0, null, null, null,
      "Data that must last is kept in an anonymous volume",
      "Give the volume a name (NAME:/target, or a top-level volume in compose) so that backups, upgrades and"
          + " `docker compose down` keep finding it."),
  /** A bind mount in a production configuration. */
  BIND_IN_PRODUCTION("VOL006", "bind-in-production", LintSeverity.WARNING, 0, null, null, null,
      "A production service depends on a host directory",
      "Use a named volume (seeded by the image or a backup restore) so that the service does not depend on one host's"
          + " file layout."),
  /** A writable mount of configuration that the container only needs to read. */
  WRITABLE_COULD_BE_READ_ONLY("VOL007", "writable-could-be-read-only", LintSeverity.NOTE, 0, null, null, null,
      "Configuration is mounted writable", "Mount it read-only (:ro, read_only: true, or readonly in --mount)."),
  /** Secrets in a file on disk instead of tmpfs-backed secrets. */
  SECRET_ON_DISK("VOL008", "secret-on-disk", LintSeverity.WARNING, 6.0, null, null, null,
      "A secret is mounted from a file or volume on disk",
      "Use compose secrets (mounted from memory under /run/secrets) or a tmpfs filled at start, and mount read-only."),
  /** {@code -v x:/data}: a drive letter read as a volume name, or a Windows path on a Linux daemon. */
  DRIVE_LETTER_TRAP("VOL009", "drive-letter-trap", LintSeverity.ERROR, 0, null, null, null,
      "A Windows drive letter is read differently from what was meant",
      "On a Linux daemon write a Linux path (/mnt/x/data); for a named volume use a name longer than one letter."),
  /** A field the target daemon's API version does not know, and so ignores. */
  IGNORED_BY_DAEMON("VOL010", "ignored-by-daemon", LintSeverity.WARNING, 0, null, null, null,
      "The daemon ignores part of the mount",
      "Upgrade the daemon to the API version named, or leave the field out and do without it."),
  /** An option compose reads and then drops. */
  IGNORED_BY_COMPOSE("VOL011", "ignored-by-compose", LintSeverity.WARNING, 0, null, null, null,
      "Compose ignores an option", "Remove the option, or write it where compose applies it, as the message says."),
  /** One volume or host directory written by two services. */
  SHARED_WRITABLE_SOURCE("VOL012", "shared-writable-source", LintSeverity.NOTE, 3.0, null,
      "8c978947-0ff6-485c-b0c2-0bfca6026466", null, "Two containers write the same volume or directory",
      "Mount it read-only everywhere but in the one container that writes it, unless the application coordinates"
          + " its writers."),
  /** An SELinux relabel of a system directory. */
  RELABEL_SYSTEM_DIRECTORY("VOL013", "relabel-system-directory", LintSeverity.ERROR, 7.0, null, null, null,
      "A host system directory is relabelled for containers",
      "Leave out :z/:Z, or bind a directory made for the container."),
  /** Root file system not read-only, or read-only without a tmpfs for the paths the process writes. */
  READ_ONLY_ROOT("VOL014", "read-only-root", LintSeverity.NOTE, 0, "5.13", null, null,
      "The container's root file system is writable, or read-only without a tmpfs for /tmp",
      "Set read_only: true and give the paths the process writes a tmpfs (/tmp, /run) or a volume."),
  /** Parts of a mount value the kernel or the daemon drops. */
  DROPPED_BY_KERNEL("VOL015", "dropped-value", LintSeverity.WARNING, 0, null, null, null,
      "Part of the value is dropped", "Write the value that takes effect, as the message says.");

  private final String id;
  private final String slug;
  private final LintSeverity severity;
  private final double securitySeverity;
  private final String cis;
  private final String kics;
  private final String composeLint;
  private final String title;
  private final String fix;

  LintRule(String id, String slug, LintSeverity severity, double securitySeverity, String cis, String kics,
      String composeLint, String title, String fix) {
    this.id = id;
    this.slug = slug;
    this.severity = severity;
    this.securitySeverity = securitySeverity;
    this.cis = cis;
    this.kics = kics;
    this.composeLint = composeLint;
    this.title = title;
    this.fix = fix;
  }

  /** The stable id: {@code LintRule.RUNTIME_SOCKET.id()} is {@code VOL001}. */
  public String id() {
    return id;
  }

  /** The stable name: {@code LintRule.RUNTIME_SOCKET.slug()} is {@code runtime-socket}. */
  public String slug() {
    return slug;
  }

  /** The severity unless configured otherwise: {@code LintRule.RUNTIME_SOCKET.defaultSeverity()} is {@code ERROR}. */
  public LintSeverity defaultSeverity() {
    return severity;
  }

  /**
   * GitHub's {@code security-severity} (0.1 to 10; 9+ critical, 7+ high, 4+ medium), empty for rules that are not
   * about security: {@code LintRule.RUNTIME_SOCKET.securitySeverity()} is {@code Optional[9.0]}.
   */
  public Optional<Double> securitySeverity() {
    return securitySeverity > 0 ? Optional.of(securitySeverity) : Optional.empty();
  }

  /** The CIS Docker Benchmark recommendation, if one matches: {@code SHARED_PROPAGATION.cis()} is {@code Optional[5.20]}. */
  public Optional<String> cis() {
    return Optional.ofNullable(cis);
  }

  /** The KICS Docker Compose query id, if one matches: {@code RUNTIME_SOCKET.kics()} is {@code Optional[d6355c88-...]}. */
  public Optional<String> kics() {
    return Optional.ofNullable(kics);
  }

  /** The compose-lint rule, if one matches: {@code RUNTIME_SOCKET.composeLint()} is {@code Optional[CL-0001]}. */
  public Optional<String> composeLint() {
    return Optional.ofNullable(composeLint);
  }

  /** One line saying what the rule finds: {@code RUNTIME_SOCKET.title()}. */
  public String title() {
    return title;
  }

  /** What to do about a finding: {@code RUNTIME_SOCKET.fix()}. */
  public String fix() {
    return fix;
  }

  /**
   * The rule with this id or name, in any case.
   *
   * <pre>{@code
   * LintRule.of("VOL003");               // SHARED_PROPAGATION
   * LintRule.of("shared-propagation");   // SHARED_PROPAGATION
   * }</pre>
   *
   * @throws IllegalArgumentException naming the value, for an id or name no rule has
   */
  public static LintRule of(String idOrSlug) {
    for (LintRule r : values()) {
      if (r.id.equalsIgnoreCase(idOrSlug.trim()) || r.slug.equalsIgnoreCase(idOrSlug.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException("no lint rule is called '" + idOrSlug + "'; the rules are VOL000 to VOL0"
        + (values().length - 1) + " (see LintRule), by id (VOL001) or name (runtime-socket)");
  }

  /** {@code VOL001 runtime-socket}. */
  @Override
  public String toString() {
    return id + " " + slug;
  }
}
