package io.github.volumes4j.testkit.junit;

/**
 * When a {@link TempVolume} is removed.
 *
 * <pre>{@code
 * @TempVolume(cleanup = CleanupMode.ON_SUCCESS) Volume keptWhenTheTestFails;
 * }</pre>
 */
public enum CleanupMode {
  /** The configured default ({@value VolumesExtension#CLEANUP_MODE_PROPERTY}, else {@link #ALWAYS}). */
  DEFAULT,
  /** Always remove it. */
  ALWAYS,
  /** Remove it when the test (or, for a static field, every test of the class) passed; keep it to look at otherwise. */
  ON_SUCCESS,
  /** Never remove it (the leak check does not count it). */
  NEVER
}
