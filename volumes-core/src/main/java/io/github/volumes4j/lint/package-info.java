/**
 * Lint for mounts: a catalogue of rules ({@link io.github.volumes4j.lint.LintRule}) over mount specs, container
 * specs and anything a reader turns into {@link io.github.volumes4j.lint.LintSubject}s (volumes-compose turns a
 * compose project into them, with the file, line and column of every value), with suppressions and output as
 * text, JSON and SARIF 2.1.0 for GitHub code scanning.
 *
 * <pre>{@code
 * LintReport report = Linter.defaults().lint(ContainerSpec.builder().image("app:1")
 *     .addMounts(MountSyntax.VOLUME.parse("/var/run/docker.sock:/var/run/docker.sock")).build());
 * System.out.print(report.toText());   // error VOL001 runtime-socket [container] /var/run/docker.sock: ...
 * Files.writeString(Path.of("target/volumes4j-lint.sarif"), report.toSarif(Path.of("."), "0.1.0"));
 * }</pre>
 */
package io.github.volumes4j.lint;
