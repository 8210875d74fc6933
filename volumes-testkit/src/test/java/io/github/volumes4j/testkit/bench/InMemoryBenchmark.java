package io.github.volumes4j.testkit.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.testkit.InMemoryEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Measures the in-memory engine: volume create+remove pairs per second on one thread (goal at
 * least 100,000), against a reference run in the same process (a ConcurrentHashMap put+remove of the
 * same immutable Volume values: the floor of any map-backed store), and the wall time of the contract
 * suite on the in-memory engine.
 *
 * <pre>
 * ./mvnw -o -q -B -pl volumes-testkit -am test-compile exec:java \
 *   -Dexec.mainClass=io.github.volumes4j.testkit.bench.InMemoryBenchmark -Dexec.classpathScope=test
 * </pre>
 */
public final class InMemoryBenchmark {

  private InMemoryBenchmark() {}

  public static void main(String[] args) {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int rounds = 7;
    String[] names = new String[ops];
    for (int i = 0; i < ops; i++) {
      names[i] = "bench-" + i;
    }
    VolumeSpec[] specs = new VolumeSpec[ops];
    for (int i = 0; i < ops; i++) {
      specs[i] = VolumeSpec.named(names[i]).label("bench", "1");
    }
    // warm-up
    engineRound(specs, names);
    referenceRound(names);
    List<Double> engine = new ArrayList<>();
    List<Double> reference = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      engine.add(engineRound(specs, names));
      reference.add(referenceRound(names));
    }
    double e = median(engine);
    double ref = median(reference);
    System.out.printf("in-memory create+remove: %,.0f pairs/s on one thread (median of %d rounds of %,d; goal >= 100,000)%n",
        e, rounds, ops);
    System.out.printf("reference map put+remove of Volume values: %,.0f pairs/s; engine/reference = %.3f%n", ref, e / ref);
    for (int run = 1; run <= 3; run++) {
      long t0 = System.nanoTime();
      TestExecutionSummary s = runContract();
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("contract suite on the in-memory engine, run %d%s: %d scenarios (%d passed, %d failed, %d aborted)"
          + " in %.2f s%n", run, run == 1 ? " (cold)" : "", s.getTestsFoundCount(), s.getTestsSucceededCount(),
          s.getTestsFailedCount(), s.getTestsAbortedCount(), seconds);
    }
    System.out.println("(the same suite on Docker 20.10 takes the Failsafe time of DockerEngineContractIT: about 65-76 s here)");
  }

  private static double engineRound(VolumeSpec[] specs, String[] names) {
    InMemoryEngine engine = InMemoryEngine.dockerLike();
    long t0 = System.nanoTime();
    for (int i = 0; i < specs.length; i++) {
      engine.createVolume(specs[i]);
      engine.removeVolume(names[i], false);
    }
    return specs.length / ((System.nanoTime() - t0) / 1e9);
  }

  private static double referenceRound(String[] names) {
    Map<String, Volume> map = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    for (String n : names) {
      map.put(n, Volume.builder().name(n).driver("local").mountpoint("/var/lib/docker/volumes/" + n + "/_data")
          .putLabel("bench", "1").build());
      map.remove(n);
    }
    return names.length / ((System.nanoTime() - t0) / 1e9);
  }

  private static TestExecutionSummary runContract() {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass("io.github.volumes4j.testkit.InMemoryEngineContractTest")).build(), listener);
    return listener.getSummary();
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
