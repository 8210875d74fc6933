/**
 * The suites every engine passes, one subclass per engine: {@link io.github.volumes4j.testkit.contract.VolumeEngineContract}
 * (volumes, containers, mounts, archives) and {@link io.github.volumes4j.testkit.contract.DataMovementContract}
 * (copy, backup, restore, clone, migrate), and the attacks: hostile archives, faults at every call,
 * passwords of every shape, bombs and deep trees in a small heap.
 *
 * <pre>{@code
 * class MyEngineContractTest extends VolumeEngineContract {
 *   @Override protected VolumeEngine createEngine() { return new MyEngine(); }
 * }
 * }</pre>
 */
package io.github.volumes4j.testkit.contract;
