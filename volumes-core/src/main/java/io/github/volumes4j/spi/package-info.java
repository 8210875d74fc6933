/**
 * What an engine implements: {@link io.github.volumes4j.spi.VolumeEngine}, the primitives everything
 * else is written once on top of, and {@link io.github.volumes4j.spi.VolumeEngineProvider}, how
 * {@code Volumes.connect()} finds it. {@link io.github.volumes4j.spi.ForwardingVolumeEngine} wraps an
 * engine to observe its calls or fail them.
 *
 * <pre>{@code
 * VolumeEngine counting = new ForwardingVolumeEngine(engine) {
 *   @Override public Volume createVolume(VolumeSpec spec) { created++; return super.createVolume(spec); }
 * };
 * }</pre>
 *
 * <p>An engine is checked by the contract suite of volumes-testkit ({@code VolumeEngineContract}).
 */
package io.github.volumes4j.spi;
