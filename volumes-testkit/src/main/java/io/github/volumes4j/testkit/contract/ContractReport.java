package io.github.volumes4j.testkit.contract;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Counts, per contract class, the scenarios that passed, failed and were assumed away, and prints
 * the summary after the class (so a report says how much of the contract an engine really ran).
 */
final class ContractReport implements TestWatcher, AfterAllCallback {

  static final class Counts {
    final AtomicInteger passed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger aborted = new AtomicInteger();
    final AtomicInteger disabled = new AtomicInteger();
    final Map<String, Integer> reasons = new TreeMap<>();
  }

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ContractReport.class);

  private static Counts counts(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    while (classContext.getParent().isPresent() && classContext.getParent().get().getTestClass().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(NS).getOrComputeIfAbsent(Counts.class, k -> new Counts(), Counts.class);
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    counts(context).passed.incrementAndGet();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    counts(context).failed.incrementAndGet();
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    Counts c = counts(context);
    c.aborted.incrementAndGet();
    String reason = Optional.ofNullable(cause).map(Throwable::getMessage).orElse("assumption failed");
    reason = reason.replaceFirst("^Assumption failed: ", "");
    synchronized (c.reasons) {
      c.reasons.merge(reason, 1, Integer::sum);
    }
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    counts(context).disabled.incrementAndGet();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
      return; // a nested area: the outermost class reports for all of them
    }
    Counts c = counts(context);
    StringBuilder sb = new StringBuilder();
    sb.append(contractOf(context.getRequiredTestClass())).append(" on ").append(context.getRequiredTestClass().getSimpleName())
        .append(": ").append(c.passed.get()).append(" passed, ").append(c.failed.get()).append(" failed, ")
        .append(c.aborted.get()).append(" assumed away");
    synchronized (c.reasons) {
      c.reasons.forEach((r, n) -> sb.append("\n  assumed away ").append(n).append("x: ").append(r));
    }
    System.out.println(sb);
    context.publishReportEntry("contract", sb.toString());
  }

  /** The contract class the test class extends (the first one of this package up its hierarchy). */
  static String contractOf(Class<?> test) {
    for (Class<?> c = test; c != null; c = c.getSuperclass()) {
      if (c.getPackage() == ContractReport.class.getPackage()) {
        return c.getSimpleName();
      }
    }
    return "contract";
  }

  /** For tests: the counts of a class context. */
  static Counts of(ExtensionContext context) {
    return counts(context);
  }
}
