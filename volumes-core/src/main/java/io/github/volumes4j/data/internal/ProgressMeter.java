package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.Progress;
import io.github.volumes4j.data.ProgressListener;
import java.time.Duration;
import java.util.OptionalLong;

/** Counts bytes and entries and tells a listener, at most every 100 ms and once when done. */
public class ProgressMeter {

  /** A meter that tells nobody. */
  public static final ProgressMeter NONE = new ProgressMeter(ProgressListener.none(), OptionalLong.empty()) {
    @Override
    public void bytes(long n) {}

    @Override
    public void entry() {}
  };

  private static final long EVERY_NANOS = 100_000_000L;

  private final ProgressListener listener;
  private final OptionalLong expected;
  private final long start = System.nanoTime();
  private long last = start - EVERY_NANOS; // the first step is reported at once
  private long bytes;
  private long entries;

  public ProgressMeter(ProgressListener listener, OptionalLong expected) {
    this.listener = listener;
    this.expected = expected;
  }

  public void bytes(long n) {
    bytes += n;
    maybeReport();
  }

  public void entry() {
    entries++;
    maybeReport();
  }

  private void maybeReport() {
    long now = System.nanoTime();
    if (now - last >= EVERY_NANOS) {
      last = now;
      listener.onProgress(snapshot(now, false));
    }
  }

  /** The final report. */
  public void done() {
    listener.onProgress(snapshot(System.nanoTime(), true));
  }

  private Progress snapshot(long now, boolean done) {
    return Progress.builder().bytes(bytes).entries(entries).expectedBytes(expected)
        .elapsed(Duration.ofNanos(now - start)).done(done).build();
  }
}
