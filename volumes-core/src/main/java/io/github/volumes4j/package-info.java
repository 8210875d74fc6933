/**
 * Docker volumes as typed values: start at {@link io.github.volumes4j.Volumes}, the one entry point.
 *
 * <p>The two things most code needs: {@link io.github.volumes4j.Volumes} (connect to an engine, create,
 * list, inspect, remove and prune volumes, run containers with {@link io.github.volumes4j.Volumes#containers()},
 * move data with {@link io.github.volumes4j.Volumes#backup} and friends) and the mount values
 * {@link io.github.volumes4j.VolumeMount}, {@link io.github.volumes4j.BindMount} and
 * {@link io.github.volumes4j.TmpfsMount}, which {@link io.github.volumes4j.MountSyntax} reads from
 * the {@code -v}, {@code --mount}, {@code --tmpfs} and {@code --volumes-from} syntaxes exactly as
 * Docker reads them.
 *
 * <pre>{@code
 * try (Volumes volumes = Volumes.connect()) {
 *   volumes.create(VolumeSpec.named("pgdata").label("app", "billing"));
 *   MountSpec data = MountSyntax.VOLUME.parse("pgdata:/var/lib/postgresql/data");
 * }
 * }</pre>
 *
 * <p>Every failure is a {@link io.github.volumes4j.VolumesException} subtype a caller can act on
 * (not found, in use, conflict, invalid spec, unsupported by this API version, engine unavailable);
 * values are immutable and never null.
 */
package io.github.volumes4j;
