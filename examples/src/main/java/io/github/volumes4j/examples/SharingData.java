package io.github.volumes4j.examples;

import io.github.volumes4j.ContainerState;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.examples.Lab.Finished;
import io.github.volumes4j.examples.Lab.Step;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * 3. Sharing data between containers: a writer and a reader mount the same volume at the same
 * time; {@code --volumes-from writer:ro} gives a third container the writer's mounts, read-only.
 *
 * <pre>{@code
 * SharingData.Result r = SharingData.run(volumes);
 * assert r.readerSaw().equals(r.message()) && r.inheritedWriteRefused();
 * }</pre>
 */
public final class SharingData {

  /**
   * What the example saw.
   *
   * @param message what the writer wrote
   * @param writerRunningDuringRead whether the writer was still running while the reader read
   * @param readerSaw what the reader read from the shared volume
   * @param replySeenByWriterVolume the reader's reply, read back through the volume
   * @param inheritedSaw what the {@code --volumes-from} container read
   * @param inheritedReadOnly whether the engine reports the inherited mount read-only
   * @param inheritedWriteRefused whether writing through the inherited mount failed
   */
  public record Result(String message, boolean writerRunningDuringRead, String readerSaw, String replySeenByWriterVolume,
      String inheritedSaw, boolean inheritedReadOnly, boolean inheritedWriteRefused) {}

  private SharingData() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  public static Result run(Volumes volumes) {
    try (Lab lab = Lab.open(volumes, "sharing")) {
      lab.heading("3. Sharing data: two containers on one volume at once; --volumes-from read-only");
      Volume shared = lab.createVolume("shared");
      String message = "hello from the writer";
      String writer = lab.startService(lab.container("writer").addMounts(VolumeMount.of(shared.name(), "/shared")),
          Step.of("echo '" + message + "' > /shared/message",
              (fs, out) -> fs.writeString("/shared/message", message + "\n")));
      lab.say("'writer' is running and wrote /shared/message");

      Finished reader = lab.runJob(lab.container("reader").addMounts(VolumeMount.of(shared.name(), "/in")),
          Step.of("cat /in/message && echo 'thanks from the reader' > /in/reply",
              (fs, out) -> {
                out.append(fs.readString("/in/message"));
                fs.writeString("/in/reply", "thanks from the reader\n");
              }));
      boolean running = lab.state(writer) == ContainerState.RUNNING;
      String readerSaw = reader.output().strip();
      lab.say("'reader' mounted the same volume at /in while 'writer' was " + (running ? "running" : "NOT running")
          + " and read: \"" + readerSaw + "\"; it left a reply");
      String reply = volumes.copyFrom(shared.name()).string("/reply").strip();
      lab.say("the reply is in the volume for everyone: \"" + reply + "\"");

      VolumesFrom from = VolumesFrom.parse(lab.name("writer") + ":ro");
      Finished inherited = lab.runJob(lab.container("auditor").addVolumesFrom(from), Step.of(
          "cat /shared/message; if (echo tampered > /shared/message) 2>/dev/null; then echo write:allowed; "
              + "else echo write:refused; fi",
          (fs, out) -> {
            out.append(fs.readString("/shared/message"));
            try {
              fs.writeString("/shared/message", "tampered\n");
              out.append("write:allowed\n");
            } catch (ReadOnlyFileSystemException e) {
              out.append("write:refused\n");
            }
          }));
      boolean readOnly = lab.engine().inspectContainer(inherited.id()).mounts().stream()
          .filter(m -> m.destination().equals("/shared")).noneMatch(MountPoint::readWrite);
      boolean refused = inherited.lines().contains("write:refused");
      String inheritedSaw = inherited.lines().isEmpty() ? "" : inherited.lines().get(0);
      lab.say("'auditor' with " + "--volumes-from " + from.format()
          + " got /shared without naming the volume, read \"" + inheritedSaw + "\"");
      lab.say("its mount is reported read-only: " + readOnly + "; writing was " + (refused ? "refused" : "ALLOWED"));
      lab.stop(writer);
      return new Result(message, running, readerSaw, reply, inheritedSaw, readOnly, refused);
    }
  }
}
