package io.github.volumes4j.examples;

import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.Volumes;
import io.github.volumes4j.examples.Lab.Finished;
import io.github.volumes4j.examples.Lab.Step;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.List;

/**
 * 4. Application configuration: a configuration volume seeded from class path resources, mounted
 * read-only into the application container; changing the configuration needs no new image, only
 * a new file in the volume and a restart.
 *
 * <pre>{@code
 * volumes.copyInto("app-config").mode(0644).resource("/io/github/volumes4j/examples/config/app.properties", "/app.properties");
 * ContainerSpec app = ContainerSpec.of("app:1").withMounts(VolumeMount.of("app-config", "/etc/app").withReadOnly(true));
 * }</pre>
 */
public final class Configuration {

  /** The class path resources seeded into the volume. */
  static final List<String> RESOURCES = List.of("app.properties", "logging.properties");

  /**
   * What the example saw.
   *
   * @param seededFiles the files in the configuration volume after seeding
   * @param firstGreeting the greeting the application printed with the shipped configuration
   * @param secondGreeting the greeting after the configuration changed (same image)
   * @param appWriteRefused whether the application could not change its configuration
   * @param sameImage whether both runs used the same image
   */
  public record Result(List<String> seededFiles, String firstGreeting, String secondGreeting, boolean appWriteRefused,
      boolean sameImage) {}

  private Configuration() {}

  public static void main(String[] args) {
    try (Volumes volumes = EngineChoice.fromArgs(args).open(System.out::println)) {
      run(volumes);
    }
  }

  /** The application: prints its greeting from the mounted configuration, then tries to change it. */
  static Step app() {
    return Step.of(
        "echo \"greeting=$(grep '^greeting=' /etc/app/app.properties | cut -d= -f2)\"; "
            + "if (echo greeting=hacked >> /etc/app/app.properties) 2>/dev/null; then echo write:allowed; "
            + "else echo write:refused; fi",
        (fs, out) -> {
          String greeting = fs.readString("/etc/app/app.properties").lines().filter(l -> l.startsWith("greeting="))
              .map(l -> l.substring("greeting=".length())).findFirst().orElse("");
          out.append("greeting=").append(greeting).append('\n');
          try {
            fs.writeString("/etc/app/app.properties", fs.readString("/etc/app/app.properties") + "greeting=hacked\n");
            out.append("write:allowed\n");
          } catch (ReadOnlyFileSystemException e) {
            out.append("write:refused\n");
          }
        });
  }

  public static Result run(Volumes volumes) {
    try (Lab lab = Lab.open(volumes, "config")) {
      lab.heading("4. Configuration: a volume seeded from class path resources, mounted read-only");
      Volume config = lab.createVolume("config");
      for (String resource : RESOURCES) {
        volumes.copyInto(config.name()).mode(0644)
            .resource("/io/github/volumes4j/examples/config/" + resource, "/" + resource);
      }
      List<String> seeded = listRoot(lab, config.name());
      lab.say("seeded " + config.name() + " from the class path: " + seeded);

      VolumeMount mount = VolumeMount.of(config.name(), "/etc/app").withReadOnly(true);
      Finished first = lab.runJob(lab.container("app-1").addMounts(mount), app());
      String firstGreeting = value(first, "greeting=");
      boolean refused = first.lines().contains("write:refused");
      lab.say("the application (" + MountSyntax.VOLUME.format(mount) + ") says greeting=" + firstGreeting
          + "; its attempt to change the file was " + (refused ? "refused (read-only mount)" : "ALLOWED"));

      volumes.copyInto(config.name()).mode(0644).string("greeting=Hej\nport=8080\n", "/app.properties");
      lab.say("changed app.properties in the volume from Java (no image build)");
      Finished second = lab.runJob(lab.container("app-2").addMounts(mount), app());
      String secondGreeting = value(second, "greeting=");
      boolean sameImage = lab.engine().inspectContainer(first.id()).image()
          .equals(lab.engine().inspectContainer(second.id()).image());
      lab.say("the same image now says greeting=" + secondGreeting + " (same image: " + sameImage + ")");
      return new Result(seeded, firstGreeting, secondGreeting, refused, sameImage);
    }
  }

  private static List<String> listRoot(Lab lab, String volume) {
    Finished ls = lab.runAndRemove(lab.container("ls").addMounts(VolumeMount.of(volume, "/cfg").withReadOnly(true)),
        Step.of("ls /cfg", (fs, out) -> fs.list("/cfg").forEach(n -> out.append(n).append('\n'))));
    return ls.lines();
  }

  private static String value(Finished f, String prefix) {
    return f.lines().stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
        .orElse("");
  }
}
