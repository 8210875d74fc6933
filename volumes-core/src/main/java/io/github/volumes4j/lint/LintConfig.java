package io.github.volumes4j.lint;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.ApiVersion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the linter runs: the daemon's API version to hold fields against, rules switched off, severities changed,
 * suppressions, and the container paths that hold data that must last.
 *
 * <pre>{@code
 * LintConfig c = LintConfig.defaults()
 *     .withTargetApi(ApiVersion.MINIMUM)
 *     .withSeverity(LintRule.WRITABLE_COULD_BE_READ_ONLY, LintSeverity.WARNING)
 *     .withDisabled(LintRule.READ_ONLY_ROOT)
 *     .withSuppression(LintSuppression.parse("VOL002 node-exporter /proc"));
 * }</pre>
 *
 * @param targetApi the Engine API version of the daemon the mounts are for; empty skips {@code ignored-by-daemon}
 * @param disabled rules that do not run
 * @param severities severities that replace a rule's default
 * @param suppressions findings to keep out of the result
 * @param persistentPaths container paths (and the paths below them) whose data must outlive the container
 */
public record LintConfig(Optional<ApiVersion> targetApi, Set<LintRule> disabled, Map<LintRule, LintSeverity> severities,
    List<LintSuppression> suppressions, List<String> persistentPaths) {

  /** Where the usual database and data images keep their data. */
  public static final List<String> DATA_PATHS = List.of("/var/lib/postgresql/data", "/var/lib/postgresql",
      "/var/lib/mysql", "/var/lib/mariadb", "/data/db", "/var/lib/mongodb", "/data", "/var/lib/redis",
      "/var/lib/rabbitmq", "/usr/share/elasticsearch/data", "/var/lib/elasticsearch", "/var/lib/influxdb",
      "/var/lib/influxdb2", "/var/lib/clickhouse", "/var/lib/cassandra", "/var/opt/mssql", "/var/lib/neo4j/data",
      "/bitnami", "/var/lib/grafana", "/prometheus", "/var/lib/docker", "/var/lib/registry", "/var/www/html/storage",
      "/var/lib/minio", "/export");

  /**
   * Checks the parts and copies the collections.
   *
   * <pre>{@code
   * new LintConfig(Optional.empty(), Set.of(), Map.of(), List.of(), LintConfig.DATA_PATHS);
   * }</pre>
   */
  public LintConfig {
    requireNonNull(targetApi, "targetApi == null");
    disabled = disabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(disabled));
    severities = Map.copyOf(severities);
    suppressions = List.copyOf(suppressions);
    persistentPaths = List.copyOf(persistentPaths);
  }

  /**
   * Every rule at its default severity, no target API, no suppressions, {@link #DATA_PATHS}.
   *
   * <pre>{@code
   * Linter linter = Linter.of(LintConfig.defaults());
   * }</pre>
   */
  public static LintConfig defaults() {
    return new LintConfig(Optional.empty(), Set.of(), Map.of(), List.of(), DATA_PATHS);
  }

  /** With the daemon's API version: {@code c.withTargetApi(ApiVersion.parse("1.41"))}. */
  public LintConfig withTargetApi(ApiVersion api) {
    return new LintConfig(Optional.of(api), disabled, severities, suppressions, persistentPaths);
  }

  /** With more rules switched off: {@code c.withDisabled(LintRule.READ_ONLY_ROOT)}. */
  public LintConfig withDisabled(LintRule... rules) {
    EnumSet<LintRule> s = EnumSet.noneOf(LintRule.class);
    s.addAll(disabled);
    s.addAll(List.of(rules));
    return new LintConfig(targetApi, s, severities, suppressions, persistentPaths);
  }

  /** With a rule's severity replaced: {@code c.withSeverity(LintRule.BIND_IN_PRODUCTION, LintSeverity.ERROR)}. */
  public LintConfig withSeverity(LintRule rule, LintSeverity severity) {
    Map<LintRule, LintSeverity> m = new EnumMap<>(LintRule.class);
    m.putAll(severities);
    m.put(rule, severity);
    return new LintConfig(targetApi, disabled, m, suppressions, persistentPaths);
  }

  /** With one more suppression: {@code c.withSuppression(LintSuppression.parse("VOL007 web"))}. */
  public LintConfig withSuppression(LintSuppression s) {
    List<LintSuppression> l = new ArrayList<>(suppressions);
    l.add(s);
    return new LintConfig(targetApi, disabled, severities, l, persistentPaths);
  }

  /** With the data paths replaced: {@code c.withPersistentPaths(List.of("/srv/uploads"))}. */
  public LintConfig withPersistentPaths(List<String> paths) {
    return new LintConfig(targetApi, disabled, severities, suppressions, paths);
  }
}
