package io.github.volumes4j.testkit;

/**
 * Java code that acts on a container's file system, as a process in the container would.
 *
 * <pre>{@code
 * engine.exec(containerId, fs -> fs.writeString("/data/pid", "42"));
 * }</pre>
 */
@FunctionalInterface
public interface ContainerProcess {
  /** Works on the container's files: {@code fs -> fs.writeString("/data/x", "y")}. */
  void run(ContainerFiles files) throws Exception;
}
