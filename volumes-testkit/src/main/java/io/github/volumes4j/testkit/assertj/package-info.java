/**
 * AssertJ assertions for volumes, mounts and engines: {@code assertThat} from
 * {@link io.github.volumes4j.testkit.assertj.VolumesAssertions}.
 *
 * <pre>{@code
 * assertThat(volume).hasLabel("team", "infra");
 * }</pre>
 */
package io.github.volumes4j.testkit.assertj;
