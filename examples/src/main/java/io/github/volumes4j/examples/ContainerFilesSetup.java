package io.github.volumes4j.examples;

import io.github.volumes4j.testkit.ContainerFiles;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.util.Map;

/** Makes the in-memory engine's counterpart of the busybox test image. */
final class ContainerFilesSetup {

  private ContainerFilesSetup() {}

  /**
   * Registers {@link Lab#IMAGE} (directories like busybox's, and a program that runs the Java twin of
   * the container's {@code sh -c} text) and {@link Lab#MEMORY_SERVICE_IMAGE} (same content, no program).
   */
  static void prepare(InMemoryEngine engine, Map<String, Lab.Twin> twins) {
    for (String image : new String[] {Lab.IMAGE, Lab.MEMORY_SERVICE_IMAGE}) {
      if (!engine.imageExists(image)) {
        engine.registerImage(image, ContainerFilesSetup::busyboxLayout);
      }
    }
    engine.registerProgram(Lab.IMAGE, (fs, command, out) -> {
      String script = command.size() == 3 && command.get(0).equals("sh") && command.get(1).equals("-c")
          ? command.get(2) : String.join(" ", command);
      Lab.Twin twin = twins.get(script);
      if (twin == null) {
        out.append("sh: no Java twin for: ").append(script).append('\n');
        return 127;
      }
      twin.run(fs, out);
      return 0;
    });
  }

  private static void busyboxLayout(ContainerFiles fs) {
    for (String dir : new String[] {"/bin", "/data", "/etc", "/tmp"}) {
      fs.mkdirs(dir);
    }
    fs.chmod("/tmp", 01777);
  }
}
