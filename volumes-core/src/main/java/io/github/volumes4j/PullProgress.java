package io.github.volumes4j;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One step of an image pull as the engine reports it: a status ({@code Pulling fs layer},
 * {@code Downloading}, {@code Pull complete}, {@code Status: Downloaded newer image for ...}), the
 * layer it is about, and bytes done of a total where the engine says.
 *
 * <pre>{@code
 * volumes.images().pull("busybox:1.36", p -> System.out.println(p));   // Downloading 69cd54752618 32768/1036510
 * }</pre>
 *
 * @param reference the image being pulled, as asked
 * @param status the engine's status text
 * @param layer the layer (short id) the step is about, if any
 * @param current bytes done, if the engine says
 * @param total bytes in all, if the engine says
 */
public record PullProgress(String reference, String status, Optional<String> layer, OptionalLong current,
    OptionalLong total) {

  /**
   * Checks that no part is null.
   *
   * <pre>{@code
   * new PullProgress("busybox:1.36", "Pull complete", Optional.of("69cd54752618"), OptionalLong.empty(), OptionalLong.empty());
   * }</pre>
   */
  public PullProgress {
    requireNonNull(reference, "reference == null");
    requireNonNull(status, "status == null");
    requireNonNull(layer, "layer == null");
    requireNonNull(current, "current == null");
    requireNonNull(total, "total == null");
  }

  /** The status with the layer and the bytes, for a log line. */
  @Override
  public String toString() {
    return status + layer.map(l -> " " + l).orElse("")
        + (current.isPresent() ? " " + current.getAsLong() + (total.isPresent() ? "/" + total.getAsLong() : "") : "");
  }
}
