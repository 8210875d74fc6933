package io.github.volumes4j.compose.bench;

import io.github.volumes4j.compose.Compose;
import io.github.volumes4j.compose.ComposeLint;
import io.github.volumes4j.compose.ComposeProject;
import io.github.volumes4j.lint.LintConfig;
import io.github.volumes4j.lint.LintReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads and lints a generated compose project of 1,000 services (a quarter of them extending a service of another
 * file), and prints its time against a reference run in the
 * same process: snakeyaml-engine loading the same text into plain maps (what any reader must at least do).
 *
 * <pre>
 * ./mvnw -pl volumes-compose -am test-compile exec:java@compose-bench
 * </pre>
 */
public final class ComposeLintBenchmark {

  private ComposeLintBenchmark() {}

  public static void main(String[] args) throws IOException {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path dir = Files.createTempDirectory("compose-bench");
    Path file = dir.resolve("compose.yaml");
    String text = generate(services);
    Files.writeString(file, text);
    Files.writeString(dir.resolve(".env"), "DATA_ROOT=/srv/data\nTAG=1.4\n");
    Files.writeString(dir.resolve("base.yaml"), "services:\n  base:\n    volumes: [./shared:/shared:ro]\n    tmpfs: /tmp\n");
    Map<String, String> env = Map.of("HOME", "/home/bench");
    System.out.printf("project: %d services, %d volumes, %,d bytes of YAML; load %s%n", services, services / 2,
        text.length(), Files.readString(Path.of("/proc/loadavg")).trim());
    try {
      run(services, file, text, env);
    } finally {
      Files.delete(dir.resolve(".env"));
      Files.delete(dir.resolve("base.yaml"));
      Files.delete(file);
      Files.delete(dir);
    }
  }

  private static void run(int services, Path file, String text, Map<String, String> env) throws IOException {
    int findings = 0;
    for (int round = 0; round < 8; round++) {
      long t0 = System.nanoTime();
      Object raw = new Load(LoadSettings.builder().setMaxAliasesForCollections(10_000).build()).loadFromString(text);
      long t1 = System.nanoTime();
      ComposeProject p = Compose.loader().withFiles(file).withEnvironment(env).load();
      long t2 = System.nanoTime();
      LintReport r = ComposeLint.lint(p, LintConfig.defaults());
      long t3 = System.nanoTime();
      findings = r.findings().size() + r.suppressed().size();
      if (raw == null || p.services().size() != services) {
        throw new AssertionError("the project was not read whole");
      }
      System.out.printf("round %d%s: bare YAML load %.1f ms | read as compose %.1f ms (%.2fx the bare load) | lint %.1f ms"
          + " | read+lint %.1f ms (%.2fx)%n", round, round < 3 ? " (warm-up)" : "", ms(t1 - t0), ms(t2 - t1),
          (double) (t2 - t1) / (t1 - t0), ms(t3 - t2), ms(t3 - t1), (double) (t3 - t1) / (t1 - t0));
    }
    System.out.println("findings per run: " + findings);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** Services of every shape: short and long syntax, anchors and merge keys, tmpfs, volumes_from, extends, interpolation. */
  static String generate(int services) {
    StringBuilder y = new StringBuilder("name: bench\nx-logs: &logs\n  volumes:\n    - logs:/var/log/app\n"
        + "    - type: tmpfs\n      target: /tmp\n      tmpfs: {size: 16m, mode: 01777}\n\nservices:\n");
    for (int i = 0; i < services; i++) {
      y.append("  svc").append(i).append(":\n");
      y.append("    image: app:${TAG:-latest}\n");
      switch (i % 4) {
        case 0 -> y.append("    <<: *logs\n");
        case 1 -> y.append("    volumes:\n      - data").append(i / 2).append(":/var/lib/postgresql/data\n")
            .append("      - ${DATA_ROOT}/svc").append(i).append(":/srv:ro,z\n")
            .append("      - ./conf/svc").append(i).append(".conf:/etc/app/app.conf\n");
        case 2 -> y.append("    volumes:\n      - type: volume\n        source: data").append(i / 2)
            .append("\n        target: /data\n        read_only: true\n        volume: {nocopy: true}\n")
            .append("      - type: bind\n        source: ~/cache\n        target: /cache\n        bind:\n")
            .append("          propagation: rprivate\n          create_host_path: true\n    tmpfs: [/run:size=8m]\n");
        default -> y.append("    volumes_from: [svc").append(i - 1).append(":ro]\n    read_only: true\n")
            .append("    extends: {file: base.yaml, service: base}\n");
      }
    }
    y.append("volumes:\n  logs:\n");
    for (int i = 0; i < services / 2; i++) {
      y.append("  data").append(i).append(":\n    labels: {backup: nightly}\n");
    }
    return y.toString();
  }
}
