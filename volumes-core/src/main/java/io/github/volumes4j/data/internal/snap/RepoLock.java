package io.github.volumes4j.data.internal.snap;

import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.RepositoryLockedException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A repository's lock: shared (snapshot, restore, list, diff, check) or exclusive (forget, prune),
 * between processes by an OS file lock on {@code locks/lock} (released by the OS when a process dies),
 * and between threads of this JVM by a count kept here (the OS lock is per process). Each holder
 * writes {@code locks/<id>.json} (operation, pid, host, since) so that a refusal can name it; files
 * of holders that died are ignored and removed by the next exclusive holder.
 */
final class RepoLock implements AutoCloseable {

  private static final Map<Path, State> STATES = new ConcurrentHashMap<>();

  /** This JVM's hold on one repository. */
  private static final class State {
    int shared;
    boolean exclusive;
    FileChannel channel;
    FileLock lock;
  }

  private final Path repo;
  private final boolean exclusive;
  private final Path holder;
  private boolean closed;

  private RepoLock(Path repo, boolean exclusive, Path holder) {
    this.repo = repo;
    this.exclusive = exclusive;
    this.holder = holder;
  }

  /** Takes the lock, waiting up to {@code timeout}. @throws RepositoryLockedException naming the holder */
  static RepoLock acquire(Path repo, boolean exclusive, String operation, Duration timeout) {
    Path key = repo.toAbsolutePath().normalize();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (tryAcquire(key, exclusive)) {
        try {
          return new RepoLock(key, exclusive, writeHolder(key, exclusive, operation));
        } catch (IOException e) {
          release(key, exclusive);
          throw new DataMovementException("cannot write the lock holder file in " + key.resolve("locks") + ": "
              + e.getMessage() + "; is the repository writable?", e);
        }
      }
      if (System.nanoTime() >= deadline) {
        throw new RepositoryLockedException("repository " + key + " is locked " + (exclusive ? "" : "exclusively ")
            + "by " + holders(key, exclusive) + "; " + operation + " needs " + (exclusive ? "it alone" : "a shared lock")
            + ": wait for it to finish, or give a lockTimeout(...) to wait");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DataMovementException(operation + " on repository " + key + " interrupted while waiting for its lock", e);
      }
    }
  }

  private static boolean tryAcquire(Path key, boolean exclusive) {
    State s = STATES.computeIfAbsent(key, k -> new State());
    synchronized (s) {
      if (s.exclusive || (exclusive && s.shared > 0)) {
        return false;
      }
      if (s.lock == null) {
        try {
          Path dir = Files.createDirectories(key.resolve("locks"));
          s.channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.READ,
              StandardOpenOption.WRITE);
          s.lock = s.channel.tryLock(0, Long.MAX_VALUE, !exclusive);
        } catch (IOException e) {
          closeQuietly(s);
          throw new DataMovementException("cannot lock repository " + key + ": " + e.getMessage()
              + "; is it on a file system that supports locks, and writable?", e);
        }
        if (s.lock == null) {
          closeQuietly(s);
          return false;
        }
      }
      if (exclusive) {
        s.exclusive = true;
      } else {
        s.shared++;
      }
      return true;
    }
  }

  private static void release(Path key, boolean exclusive) {
    State s = STATES.get(key);
    synchronized (s) {
      if (exclusive) {
        s.exclusive = false;
      } else {
        s.shared--;
      }
      if (!s.exclusive && s.shared == 0) {
        closeQuietly(s);
      }
    }
  }

  private static void closeQuietly(State s) {
    try {
      if (s.lock != null) {
        s.lock.release();
      }
      if (s.channel != null) {
        s.channel.close();
      }
    } catch (IOException e) {
      // closing the channel releases the lock in any case
    }
    s.lock = null;
    s.channel = null;
  }

  private static Path writeHolder(Path key, boolean exclusive, String operation) throws IOException {
    Path dir = key.resolve("locks");
    if (exclusive) {
      // no one else holds the lock: every other holder file is left over by a process that died
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
        for (Path p : ds) {
          Files.deleteIfExists(p);
        }
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("operation", operation);
    json.put("exclusive", exclusive);
    json.put("pid", ProcessHandle.current().pid());
    json.put("host", host());
    json.put("since", Instant.now().toString());
    Path p = dir.resolve(UUID.randomUUID() + ".json");
    Files.write(p, io.github.volumes4j.data.internal.Json.write(json).getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE_NEW);
    return p;
  }

  /** Who holds the lock, from the holder files of live processes. */
  private static String holders(Path key, boolean wantExclusive) {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(key.resolve("locks"), "*.json")) {
      for (Path p : ds) {
        try {
          Map<String, Object> j = io.github.volumes4j.data.internal.Json.parse(Files.readString(p));
          Object pid = j.get("pid");
          boolean local = host().equals(j.get("host"));
          if (local && pid instanceof Long n && ProcessHandle.of(n).map(ProcessHandle::isAlive).orElse(false) == false) {
            continue; // died: its OS lock is gone with it
          }
          if (!wantExclusive && !Boolean.TRUE.equals(j.get("exclusive"))) {
            continue;
          }
          out.add(j.get("operation") + " (pid " + pid + " on " + j.get("host") + ", since " + j.get("since") + ")");
        } catch (IOException | RuntimeException e) {
          // a holder file being written or removed right now
        }
      }
    } catch (IOException e) {
      return "another process (its holder file cannot be read: " + e.getMessage() + ")";
    }
    return out.isEmpty() ? "another process (it wrote no holder file)" : String.join(", ", out);
  }

  private static volatile String host;

  static String host() {
    String h = host;
    if (h == null) {
      try {
        h = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        h = "localhost";
      }
      host = h;
    }
    return h;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Files.deleteIfExists(holder);
    } catch (IOException e) {
      // ignored by others once this process ends
    }
    release(repo, exclusive);
  }
}
