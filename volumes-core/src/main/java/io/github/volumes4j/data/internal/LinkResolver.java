package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.HostileArchiveException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The symbolic links of one archive, resolved at its end as the kernel would resolve them (through
 * each other, {@code ..} stopping nowhere): a relative link that leads out of the tree is refused, as
 * is one that goes through more than {@value #MAX_EXPANSIONS} links. Missing components count as
 * directories, so that no later entry can turn a refused path into an accepted one.
 */
final class LinkResolver {

  private static final int MAX_EXPANSIONS = 40;

  private final NameIndex index;
  private final boolean allowAbsolute;
  private final Map<Long, String> targets = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();

  LinkResolver(NameIndex index, boolean allowAbsolute) {
    this.index = index;
    this.allowAbsolute = allowAbsolute;
  }

  void remember(long key, String name, String target) {
    targets.put(key, target);
    names.put(key, name);
  }

  static HostileArchiveException escaping(String raw, String target, String through) {
    return new HostileArchiveException(raw, "archive entry " + EntryTracker.quote(raw) + " is a symbolic link to "
        + EntryTracker.quote(target) + ", which points outside the volume" + (through == null ? ""
        : " through the symbolic link " + EntryTracker.quote(through) + " of the same archive")
        + "; refusing the archive (allow with ArchiveLimits.allowEscapingSymlinks)");
  }

  /** Resolves every relative link; throws for the first that leaves the tree. */
  void resolveAll() {
    for (Map.Entry<Long, String> l : targets.entrySet()) {
      if (!l.getValue().startsWith("/")) {
        resolveInside(names.get(l.getKey()), l.getValue());
      }
    }
  }

  /** Resolves a relative link inside the tree; throws when it leaves it. */
  private void resolveInside(String name, String target) {
    Deque<NameIndex.Key> stack = new ArrayDeque<>();
    NameIndex.Key k = index.root();
    int start = 0;
    int slash;
    while ((slash = name.indexOf('/', start)) >= 0) {
      k = index.append(k.copy(), name, start, slash, start > 0);
      stack.push(k);
      start = slash + 1;
    }
    Deque<String> todo = new ArrayDeque<>();
    for (String seg : target.split("/")) {
      todo.addLast(seg);
    }
    int expansions = 0;
    String through = null;
    while (!todo.isEmpty()) {
      String seg = todo.pollFirst();
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (stack.isEmpty()) {
          throw escaping(name, target, through);
        }
        stack.pop();
        continue;
      }
      NameIndex.Key top = stack.isEmpty() ? index.root() : stack.peek();
      NameIndex.Key next = index.append(top.copy(), seg, 0, seg.length(), !stack.isEmpty());
      String link = targets.get(next.value());
      if (link == null) {
        stack.push(next);
        continue;
      }
      if (++expansions > MAX_EXPANSIONS) {
        throw new HostileArchiveException(name, "archive entry " + EntryTracker.quote(name) + " is a symbolic link to "
            + EntryTracker.quote(target) + " that goes through more than " + MAX_EXPANSIONS
            + " symbolic links of the same archive; refusing the archive");
      }
      through = names.get(next.value());
      if (link.startsWith("/")) {
        if (allowAbsolute) {
          return;
        }
        throw escaping(name, target, through);
      }
      String[] parts = link.split("/");
      for (int i = parts.length - 1; i >= 0; i--) {
        todo.addFirst(parts[i]);
      }
    }
  }
}
