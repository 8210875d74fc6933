package io.github.volumes4j;

import java.util.List;

/**
 * The daemon would refuse the container spec, at create or at start; thrown by
 * {@link Containers#create(ContainerSpec)} before anything is created, with every problem found.
 *
 * <pre>{@code
 * try {
 *   volumes.containers().run(spec);
 * } catch (InvalidContainerSpecException e) {
 *   e.problems().forEach(p -> System.out.println(p));
 * }
 * }</pre>
 *
 * <p>To send a spec anyway (and see the daemon's own error), build it with
 * {@code ContainerSpec.builder()...validateFirst(false)}.
 */
public class InvalidContainerSpecException extends VolumesException {
  private static final long serialVersionUID = 1L;
  /** What was found, in the order of the spec's mounts. */
  private final transient List<MountProblem> problems;

  /** For a spec the daemon would refuse: {@code new InvalidContainerSpecException(volumes.validate(spec))}. */
  public InvalidContainerSpecException(List<MountProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  private static String message(List<MountProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no problems given; an empty list means Docker accepts the spec");
    }
    StringBuilder b = new StringBuilder("Docker would refuse this container spec (" + problems.size()
        + (problems.size() == 1 ? " problem" : " problems") + "; nothing was created): ");
    for (int i = 0; i < problems.size(); i++) {
      b.append(i == 0 ? "" : " | ").append(problems.get(i));
    }
    return b.append(". Mend the spec, or build it with validateFirst(false) to send it as it is").toString();
  }

  /** Every problem found, in the order of the spec's mounts: {@code e.problems().get(0).advice()}. */
  public List<MountProblem> problems() {
    return problems == null ? List.of() : problems;  // (not serialized: the message carries them)
  }
}
