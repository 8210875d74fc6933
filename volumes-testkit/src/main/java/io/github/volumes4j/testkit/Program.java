package io.github.volumes4j.testkit;

import java.util.List;

/**
 * What a container of a registered image runs when started in an {@link InMemoryEngine}; the
 * container exits with the returned code.
 *
 * <pre>{@code
 * engine.registerProgram("tool:1", (fs, command, out) -> {
 *   out.append("copied\n");
 *   fs.writeString("/data/done", "yes");
 *   return 0;
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Program {
  /**
   * @param files the container's file system
   * @param command the container's command
   * @param output receives what the process prints (the container's log)
   * @return the exit code
   */
  int run(ContainerFiles files, List<String> command, StringBuilder output) throws Exception;
}
