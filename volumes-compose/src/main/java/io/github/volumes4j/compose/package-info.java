/**
 * Compose projects' volumes read as {@code docker compose} reads them (compose-go's loader is the reference): short
 * and long syntax with every key, the {@code tmpfs:} key, {@code volumes_from}, top-level volumes named
 * {@code <project>_<key>}, interpolation from the environment and {@code .env}, several files merged, YAML anchors and
 * merge keys, every value with its file, line and column; options compose drops are kept as lint notes. Volumes are
 * created on an engine as compose creates them ({@link io.github.volumes4j.compose.ComposeVolumes}) and projects are
 * linted with {@link io.github.volumes4j.compose.ComposeLint}.
 *
 * <pre>{@code
 * ComposeProject p = Compose.load(Path.of("compose.yaml"));
 * ComposeVolumes.create(Volumes.connect(), p);
 * System.out.print(ComposeLint.lint(p, LintConfig.defaults()).toText());
 * }</pre>
 */
package io.github.volumes4j.compose;
