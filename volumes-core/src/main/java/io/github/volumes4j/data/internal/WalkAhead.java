package io.github.volumes4j.data.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A walk whose listing and {@code lstat}s run on a thread of their own, a bounded number of
 * entries ahead of the visitor, which runs on the caller's thread in the walk's order. A snapshot
 * reads few files and stats all of them: with the stats on one core and the checks, lookups and
 * tree writing on the other, an unchanged tree is walked in about half the time.
 *
 * <p>A failure on either side ends both: the walker's is thrown to the caller as it was, the
 * visitor's stops the walker, and no thread outlives the call.
 */
final class WalkAhead {

  /** Entries per hand-over, and hand-overs in flight: at most 4,096 stats wait for the visitor. */
  static final int BATCH = 256;
  static final int DEPTH = 16;

  private static final Object END = new Object();

  private WalkAhead() {}

  /** A walk: {@link HostTree#walk}, or a stand-in in tests. */
  @FunctionalInterface
  interface Walker {
    void walk(Path root, HostTree.Visit visit) throws IOException;
  }

  private record Stat(Path p, String rel, Map<String, Object> attrs) {}

  /** The walker stopped because the visitor failed. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }

  static void walk(Path root, Walker walker, HostTree.Visit visit) throws IOException {
    BlockingQueue<Object> handed = new ArrayBlockingQueue<>(DEPTH);
    AtomicBoolean stop = new AtomicBoolean();
    Thread t = new Thread(() -> produce(root, walker, handed, stop), "volumes4j-walk");
    t.setDaemon(true);
    t.start();
    try {
      while (true) {
        Object o = handed.take();
        if (o == END) {
          return;
        }
        if (o instanceof Throwable x) {
          rethrow(x);
        }
        @SuppressWarnings("unchecked")
        List<Stat> batch = (List<Stat>) o;
        for (Stat s : batch) {
          visit.visit(s.p(), s.rel(), s.attrs());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while walking " + root);
    } finally {
      stop.set(true);
      handed.clear(); // a walker waiting to hand over sees the stop within its poll
      boolean interrupted = false;
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void produce(Path root, Walker walker, BlockingQueue<Object> handed, AtomicBoolean stop) {
    Batches batches = new Batches(handed, stop);
    Object last = END;
    try {
      walker.walk(root, batches);
    } catch (Stopped s) {
      return;
    } catch (IOException | RuntimeException | Error e) {
      last = e;
    }
    try {
      batches.flush(); // what was walked before a failure is visited first, as without a walker
      hand(handed, last, stop);
    } catch (Stopped s) {
      // the visitor is gone
    }
  }

  /** The walker's side: entries gathered into batches of {@link #BATCH}, each handed over when full. */
  private static final class Batches implements HostTree.Visit {
    private final BlockingQueue<Object> handed;
    private final AtomicBoolean stop;
    private List<Stat> batch = new ArrayList<>(BATCH);

    Batches(BlockingQueue<Object> handed, AtomicBoolean stop) {
      this.handed = handed;
      this.stop = stop;
    }

    @Override
    public void visit(Path p, String rel, Map<String, Object> attrs) {
      if (stop.get()) {
        throw new Stopped();
      }
      batch.add(new Stat(p, rel, attrs));
      if (batch.size() == BATCH) {
        flush();
      }
    }

    void flush() {
      if (!batch.isEmpty()) {
        hand(handed, batch, stop);
        batch = new ArrayList<>(BATCH);
      }
    }
  }

  private static void hand(BlockingQueue<Object> handed, Object o, AtomicBoolean stop) {
    try {
      while (!handed.offer(o, 50, TimeUnit.MILLISECONDS)) {
        if (stop.get()) {
          throw new Stopped();
        }
      }
    } catch (InterruptedException e) {
      throw new Stopped();
    }
  }

  private static void rethrow(Throwable x) throws IOException {
    if (x instanceof IOException e) {
      throw e;
    }
    if (x instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) x;
  }
}
