/**
 * Docker mounts as Kubernetes sees them: {@link io.github.volumes4j.kubernetes.KubernetesMapping} maps
 * {@code MountSpec}s and {@code VolumeSpec}s to a Pod's {@code volumes} and {@code volumeMounts} and to
 * PersistentVolumeClaims ({@link io.github.volumes4j.kubernetes.PodVolumes}), and refuses what has no
 * equivalent with {@link io.github.volumes4j.kubernetes.UnmappableMountException}.
 *
 * <pre>{@code
 * PodVolumes pod = KubernetesMapping.builder().claimStorage("10Gi").build()
 *     .map(MountSyntax.VOLUME.parseAll(List.of("pgdata:/var/lib/postgresql/data", "/srv/conf:/etc/app:ro")));
 * System.out.println(pod.podYaml("db", "postgres:16"));
 * }</pre>
 */
package io.github.volumes4j.kubernetes;
