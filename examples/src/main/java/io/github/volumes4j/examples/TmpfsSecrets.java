package io.github.volumes4j.examples;

import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.MountType;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.examples.Lab.Step;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * 7. tmpfs for secrets: a secret written to a tmpfs mount is readable by the process while the
 * container runs, is never on disk (the daemon's view of the container's files does not have it),
 * and is gone once the container stops.
 *
 * <pre>{@code
 * MountSpec secrets = TmpfsMount.builder().target("/run/secrets").mode(0700).sizeBytes(1 << 20).build();
 * }</pre>
 */
public final class TmpfsSecrets {

  /**
   * What the example saw.
   *
   * @param mountType the type the engine reports for /run/secrets
   * @param processSawSecret whether the process could read its secret back while running
   * @param onDiskWhileRunning whether the daemon's archive view (the container's files on disk) had the file
   * @param leftoverAfterRestart whether the file was still there when the stopped container started again
   * @param onDiskAfterStop whether the daemon's view had the file after the stop
   */
  public record Result(MountType mountType, boolean processSawSecret, boolean onDiskWhileRunning,
      boolean leftoverAfterRestart, boolean onDiskAfterStop) {}

  private TmpfsSecrets() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  /** On start: report a leftover secret, make a fresh one in the tmpfs, read it back (its length only). */
  static Step secretKeeper() {
    return Step.of(
        "if [ -e /run/secrets/token ]; then echo leftover:yes; else echo leftover:no; fi; "
            + "umask 077; head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n' > /run/secrets/token; "
            + "echo \"secret:$(wc -c < /run/secrets/token) bytes\"",
        (fs, out) -> {
          out.append(fs.exists("/run/secrets/token") ? "leftover:yes\n" : "leftover:no\n");
          byte[] random = new byte[16];
          new SecureRandom().nextBytes(random);
          fs.writeString("/run/secrets/token", HexFormat.of().formatHex(random));
          fs.chmod("/run/secrets/token", 0600);
          out.append("secret:").append(fs.read("/run/secrets/token").length).append(" bytes\n");
        });
  }

  public static Result run(Volumes volumes) {
    try (Lab lab = Lab.open(volumes, "tmpfs")) {
      lab.heading("7. tmpfs for secrets: in memory while the container runs, never on disk, gone after a stop");
      TmpfsMount secrets = TmpfsMount.builder().target("/run/secrets").mode(0700).sizeBytes(1 << 20).build();
      String app = lab.startService(lab.container("app").addMounts(secrets), secretKeeper());
      MountType type = lab.engine().inspectContainer(app).mounts().stream()
          .filter(m -> m.destination().equals("/run/secrets")).map(MountPoint::type).findFirst().orElseThrow();
      boolean sawSecret = lab.logs(app).lines().anyMatch(l -> l.equals("secret:32 bytes"));
      lab.say("'app' runs with --mount " + MountSyntax.MOUNT.format(secrets) + " (reported as " + type + ")");
      lab.say("the process made a secret in /run/secrets/token and read it back: " + sawSecret);
      boolean onDisk = lab.engine().statPath(app, "/run/secrets/token").isPresent();
      lab.say("the daemon's view of the container's files (docker cp) " + (onDisk ? "HAS" : "does not have")
          + " /run/secrets/token: it lives in memory only");

      lab.stop(app);
      boolean onDiskAfterStop = lab.engine().statPath(app, "/run/secrets/token").isPresent();
      lab.start(app);
      boolean leftover = lab.logs(app).lines().filter(l -> l.startsWith("leftover:")).reduce((a, b) -> b)
          .map(l -> l.equals("leftover:yes")).orElse(true);
      lab.say("stopped 'app' (the daemon's view has the file: " + onDiskAfterStop + ") and started it again: "
          + (leftover ? "the old secret was STILL there" : "no secret was left from before; it made a new one"));
      lab.stop(app);
      return new Result(type, sawSecret, onDisk, leftover, onDiskAfterStop);
    }
  }
}
