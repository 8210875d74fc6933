package io.github.volumes4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.testkit.junit.EnabledIfDocker;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published modules on the module path, as a modular application uses them: an application
 * module that requires {@code io.github.volumes4j.docker} and {@code io.github.volumes4j.testkit} is
 * compiled and run; it finds the daemon through the provided {@code VolumeEngineProvider}, and backs
 * up and restores a volume in memory (the testkit reaching core's internals through their qualified
 * exports). The tests themselves run on the class path, where module descriptors are inert.
 */
@EnabledIfDocker
class ModulePathIT {

  @TempDir
  Path dir;

  @Test
  void aModularApplicationUsesTheLibrary() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/app/app"));
    Files.writeString(dir.resolve("src/app/module-info.java"),
        "module app { requires io.github.volumes4j.docker; requires io.github.volumes4j.testkit; }\n");
    Files.writeString(src.resolve("Main.java"), String.join("\n",
        "package app;",
        "import io.github.volumes4j.*;",
        "import io.github.volumes4j.testkit.InMemoryEngine;",
        "import java.nio.file.*;",
        "import java.util.*;",
        "public class Main {",
        "  public static void main(String[] a) throws Exception {",
        "    try (Volumes v = Volumes.using(InMemoryEngine.dockerLike())) {",
        "      v.create(\"data\");",
        "      v.copyInto(\"data\").string(\"hello\\n\", \"/a.txt\");",
        "      Path f = Files.createTempFile(\"m\", \".tar\"); Files.delete(f);",
        "      v.backup(\"data\").to(f);",
        "      v.restore(f).toNewVolume(\"copy\");",
        "      System.out.println(\"restored \" + v.copyFrom(\"copy\").string(\"/a.txt\").trim()",
        "          + \" \" + v.digest(\"copy\").equals(v.digest(\"data\")));",
        "      Files.delete(f);",
        "    }",
        "    List<String> attempts = new ArrayList<>();",
        "    Optional<Volumes> docker = Volumes.tryConnect(attempts);",
        "    System.out.println(docker.map(d -> \"engine \" + d.engine().info().name()).orElse(\"none \" + attempts));",
        "    docker.ifPresent(Volumes::close);",
        "  }",
        "}", ""));
    assertThat(compileAndRun(src)).contains("restored hello true").contains("engine docker");
  }

  /**
   * volumes-testcontainers on the module path: Testcontainers (no module name: the automatic module
   * {@code testcontainers}) and docker-java-api come from the application, the request mapping of
   * volumes-docker is reached through its qualified export.
   */
  @Test
  void aModularApplicationUsesTheTestcontainersModule() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/app/app"));
    Files.writeString(dir.resolve("src/app/module-info.java"), "module app { requires io.github.volumes4j.testcontainers; }\n");
    Files.writeString(src.resolve("Main.java"), String.join("\n",
        "package app;",
        "import io.github.volumes4j.*;",
        "import io.github.volumes4j.testcontainers.DockerJavaMounts;",
        "public class Main {",
        "  public static void main(String[] a) {",
        "    com.github.dockerjava.api.model.Mount m = DockerJavaMounts.toMount(",
        "        VolumeMount.of(\"data\", \"/data\").withSubpath(\"sub\"), ApiVersion.LATEST);",
        "    System.out.println(\"subpath \" + m.getVolumeOptions().getRawValues().get(\"Subpath\"));",
        "    System.out.println(\"from \" + DockerJavaMounts.toVolumesFrom(VolumesFrom.parse(\"c:ro\")));",
        "    System.out.println(\"session \" + org.testcontainers.DockerClientFactory.SESSION_ID.isEmpty());",
        "  }",
        "}", ""));
    assertThat(compileAndRun(src)).contains("subpath sub").contains("from c:ro").contains("session false");
  }

  /**
   * volumes-compose on the module path: snakeyaml-engine as its module {@code org.snakeyaml.engine.v2}, the lint
   * package of core exported, core's internals reached through their qualified export.
   */
  @Test
  void aModularApplicationReadsAndLintsAComposeFile() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/app/app"));
    Files.writeString(dir.resolve("src/app/module-info.java"), "module app { requires io.github.volumes4j.compose; }\n");
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, "services:\n  ci:\n    volumes: ['/var/run/docker.sock:/var/run/docker.sock']\n");
    Files.writeString(src.resolve("Main.java"), String.join("\n",
        "package app;",
        "import io.github.volumes4j.compose.*;",
        "import io.github.volumes4j.lint.*;",
        "public class Main {",
        "  public static void main(String[] a) {",
        "    ComposeProject p = Compose.load(java.nio.file.Path.of(a[0]));",
        "    System.out.print(ComposeLint.lint(p, LintConfig.defaults()).toText());",
        "  }",
        "}", ""));
    assertThat(compileAndRun(src, compose.toString())).contains("error VOL001 runtime-socket [ci]");
  }

  /** Compiles the application module under {@code dir/src/app} on the library's module path, runs it; its output. */
  private String compileAndRun(Path src, String... args) throws Exception {
    String modulePath = modulePath();
    Path out = Files.createDirectories(dir.resolve("out"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "--module-path", modulePath, "-d", out.toString(),
        dir.resolve("src/app/module-info.java").toString(), src.resolve("Main.java").toString());
    assertThat(rc).as("javac of the application module").isZero();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", out + File.pathSeparator + modulePath, "-m", "app/app.Main"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  /** The jars of this test's class path and the library modules' classes, without the examples' own. */
  private static String modulePath() throws IOException {
    List<String> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e);
      String s = p.toString();
      boolean ours = s.contains("volumes-core") || s.contains("volumes-docker") || s.contains("volumes-testkit")
          || s.contains("volumes-testcontainers") || s.contains("volumes-compose");
      if (s.endsWith(".jar") && !s.contains("examples") || ours && Files.isDirectory(p) && !s.contains("test-classes")) {
        // surefire/failsafe's own jars are not modules an application needs, and some clash as automatic modules
        if (!s.contains("surefire") && !s.contains("failsafe") && !s.contains("slf4j-simple")) {
          out.add(s);
        }
      }
    }
    return String.join(File.pathSeparator, out);
  }
}
