package io.github.volumes4j.examples;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.examples.Lab.Finished;
import io.github.volumes4j.examples.Lab.Step;

/**
 * 1. Ephemeral containers: a file written into a container's writable layer lives only as long as
 * the container; the same file written into a named volume survives it and is read by a new one.
 *
 * <pre>{@code
 * EphemeralContainers.Result r = EphemeralContainers.run(volumes);
 * assert !r.layerFileInNewContainer() && r.volumeFileInNewContainer().equals("kept in the volume");
 * }</pre>
 */
public final class EphemeralContainers {

  /**
   * What the example saw.
   *
   * @param layerFileBeforeRemove whether the first container's layer still held its file after it exited
   * @param layerFileInNewContainer whether a new container of the same image had that file
   * @param volumeFileInNewContainer what the new container read from the volume
   */
  public record Result(boolean layerFileBeforeRemove, boolean layerFileInNewContainer, String volumeFileInNewContainer) {}

  private EphemeralContainers() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  public static Result run(Volumes volumes) {
    try (Lab lab = Lab.open(volumes, "ephemeral")) {
      lab.heading("1. Ephemeral containers: the writable layer goes with the container, a volume stays");
      Volume notes = lab.createVolume("notes");
      Finished first = lab.runJob(lab.container("first").addMounts(VolumeMount.of(notes.name(), "/data")), Step.of(
          "echo 'kept in the layer' > /tmp/layer.txt && echo 'kept in the volume' > /data/volume.txt",
          (fs, out) -> {
            fs.writeString("/tmp/layer.txt", "kept in the layer\n");
            fs.writeString("/data/volume.txt", "kept in the volume\n");
          }));
      boolean layerBefore = lab.engine().statPath(first.id(), "/tmp/layer.txt").isPresent();
      lab.say("container 'first' wrote /tmp/layer.txt (its layer) and /data/volume.txt (volume " + notes.name()
          + "), exit " + first.exitCode());
      lab.say("after it exited, its layer still has /tmp/layer.txt: " + layerBefore);
      lab.remove(first.id());
      lab.say("removed container 'first' (docker rm): its writable layer is gone with it");

      Finished second = lab.runJob(lab.container("second").addMounts(VolumeMount.of(notes.name(), "/data")), Step.of(
          "if [ -e /tmp/layer.txt ]; then echo layer:present; else echo layer:absent; fi; echo \"volume:$(cat /data/volume.txt)\"",
          (fs, out) -> {
            out.append(fs.exists("/tmp/layer.txt") ? "layer:present\n" : "layer:absent\n");
            out.append("volume:").append(fs.readString("/data/volume.txt").strip()).append('\n');
          }));
      boolean layerInNew = second.lines().contains("layer:present");
      String fromVolume = second.lines().stream().filter(l -> l.startsWith("volume:")).map(l -> l.substring(7))
          .findFirst().orElse("");
      lab.say("a new container 'second' of the same image: /tmp/layer.txt " + (layerInNew ? "exists" : "does not exist")
          + "; /data/volume.txt reads \"" + fromVolume + "\"");
      lab.say("=> keep state in volumes; a container's own files are as disposable as the container");
      return new Result(layerBefore, layerInNew, fromVolume);
    }
  }
}
