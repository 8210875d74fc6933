package io.github.volumes4j.examples;

import io.github.volumes4j.InvalidVolumeSpecException;
import io.github.volumes4j.LocalDriver;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.examples.Lab.Finished;
import io.github.volumes4j.examples.Lab.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * 8. Volume drivers: the local driver's options, typed with {@link LocalDriver} and checked as the
 * driver checks them. A tmpfs-backed volume (shared by two containers, empty once the last one
 * stops) and a bind-device volume (a host directory under a volume's name) are used for real; NFS
 * and CIFS volumes are created and inspected, with the password masked in everything printed, but
 * mounted only where the kernel has NFS/CIFS support.
 *
 * <pre>{@code
 * volumes.create(LocalDriver.tmpfs(16 << 20, 01777).volume("scratch"));
 * volumes.create(LocalDriver.nfs("10.0.0.5", "/exports/db", "rw,nfsvers=4").volume("db"));
 * }</pre>
 */
public final class VolumeDrivers {

  /** A password that must never be printed. */
  static final String PASSWORD = "not-for-printing-7Q2";

  /**
   * What the example saw.
   *
   * @param tmpfsSharedWhileRunning what a second container read from the tmpfs volume while the first ran
   * @param tmpfsEmptyAfterStop whether the tmpfs volume was empty once no container used it
   * @param bindHostSawContainerFile whether the host directory got the file a container wrote into the
   *     bind-device volume (empty on the in-memory engine, which keeps such a volume in memory)
   * @param nfsOptions the NFS volume's options as the engine reports them
   * @param cifsInspected the CIFS volume as printed (password masked)
   * @param networkFileSystemsMountable whether this machine's kernel lists nfs and cifs
   * @param invalidOptionRefused the message for an option the local driver does not know
   * @param transcript everything the example printed
   */
  public record Result(String tmpfsSharedWhileRunning, boolean tmpfsEmptyAfterStop,
      Optional<Boolean> bindHostSawContainerFile, Map<String, String> nfsOptions, String cifsInspected,
      boolean networkFileSystemsMountable, String invalidOptionRefused, String transcript) {}

  private VolumeDrivers() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  public static Result run(Volumes volumes) {
    try (Lab lab = Lab.open(volumes, "drivers")) {
      lab.heading("8. Volume drivers: typed local-driver options; tmpfs and bind used, NFS and CIFS inspected");

      // tmpfs-backed volume: RAM, shared while in use, empty when the last user stops
      LocalDriver ram = LocalDriver.tmpfs(16L << 20, 01777);
      Volume scratch = lab.create(ram.volume(lab.name("scratch")));
      lab.say("created " + scratch.name() + " with " + ram);
      VolumeMount scratchMount = VolumeMount.of(scratch.name(), "/scratch");
      String holder = lab.startService(lab.container("holder").addMounts(scratchMount),
          Step.of("echo 'in RAM' > /scratch/note", (fs, out) -> fs.writeString("/scratch/note", "in RAM\n")));
      Finished peek = lab.runJob(lab.container("peek").addMounts(scratchMount),
          Step.of("cat /scratch/note", (fs, out) -> out.append(fs.readString("/scratch/note"))));
      String shared = peek.output().strip();
      lab.say("'holder' wrote /scratch/note; 'peek' read it while 'holder' ran: \"" + shared + "\"");
      lab.stop(holder);
      Finished after = lab.runJob(lab.container("after").addMounts(scratchMount), Step.of(
          "if [ -e /scratch/note ]; then echo note:present; else echo note:gone; fi",
          (fs, out) -> out.append(fs.exists("/scratch/note") ? "note:present\n" : "note:gone\n")));
      boolean emptyAfterStop = after.lines().contains("note:gone");
      lab.say("after every user stopped, a new container finds the note " + (emptyAfterStop ? "gone" : "STILL there")
          + ": a tmpfs volume's data lives only while it is mounted");

      // bind-device volume: a host directory under a volume name
      Path hostDir = tempDir();
      Optional<Boolean> hostSaw = Optional.empty();
      try {
        LocalDriver dir = LocalDriver.bind(hostDir);
        Volume bound = lab.create(dir.volume(lab.name("bound")));
        lab.say("created " + bound.name() + " with " + dir);
        Finished write = lab.runJob(lab.container("bind-writer").addMounts(VolumeMount.of(bound.name(), "/data")),
            Step.of("echo 'written in the container' > /data/from-container.txt",
                (fs, out) -> fs.writeString("/data/from-container.txt", "written in the container\n")));
        if (lab.realProcesses()) {
          hostSaw = Optional.of(Files.exists(hostDir.resolve("from-container.txt")));
          lab.say("a container wrote /data/from-container.txt (exit " + write.exitCode() + "); on the host, "
              + hostDir.resolve("from-container.txt") + (hostSaw.get() ? " exists" : " does NOT exist"));
        } else {
          lab.say("in-memory engine: a bind-device volume keeps its data in memory (no host mount); the file is in the"
              + " volume: " + volumes.copyFrom(bound.name()).string("/from-container.txt").strip());
        }
        lab.remove(write.id());
      } finally {
        Logs.deleteTree(hostDir);
      }

      // NFS and CIFS: created and inspected; mounted only with kernel support
      LocalDriver nfs = LocalDriver.nfs("192.0.2.10", "/exports/shared", "rw,nfsvers=4");
      Volume nfsVolume = lab.create(nfs.volume(lab.name("nfs")));
      lab.say("created " + nfsVolume.name() + "; the engine reports options " + nfsVolume.options());
      LocalDriver cifs = LocalDriver.cifs("//192.0.2.20/share", "backup", PASSWORD, "vers=3.0");
      Volume cifsVolume = lab.create(cifs.volume(lab.name("cifs")));
      String cifsPrinted = volumes.inspect(cifsVolume.name()).toString();
      lab.say("created and inspected: " + cifsPrinted);
      boolean mountable = kernelHas("nfs") && kernelHas("cifs");
      if (!lab.realProcesses()) {
        lab.say("not mounted: the in-memory engine does not mount network file systems");
      } else if (!mountable) {
        String missing = kernelHas("nfs") ? "cifs" : kernelHas("cifs") ? "nfs" : "nfs or cifs";
        lab.say("not mounted: this machine's kernel has no " + missing + " file system (/proc/filesystems); a container"
            + " using such a volume would fail with 'failed to mount local volume: ... no such device'");
      } else {
        lab.say("not mounted: 192.0.2.0/24 is a documentation network with no server behind it");
      }

      String invalid = "";
      try {
        LocalDriver.of(Map.of("type", "tmpfs", "device", "tmpfs", "mode", "1777"));
      } catch (InvalidVolumeSpecException e) {
        invalid = e.getMessage();
        lab.say("checked before any call: " + invalid);
      }
      try {
        lab.create(VolumeSpec.named(lab.name("bad")).driverOption("type", "tmpfs"));
      } catch (VolumesException e) {
        lab.say("the engine agrees: " + e.getMessage());
      }
      return new Result(shared, emptyAfterStop, hostSaw,
          nfsVolume.options(), cifsPrinted, mountable, invalid, lab.transcript());
    }
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("volumes4j-bind-device-");
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean kernelHas(String fileSystem) {
    try {
      return Files.readAllLines(Path.of("/proc/filesystems")).stream()
          .anyMatch(l -> l.trim().endsWith("\t" + fileSystem) || l.trim().equals(fileSystem)
              || l.trim().endsWith(" " + fileSystem));
    } catch (IOException e) {
      return false;
    }
  }
}
