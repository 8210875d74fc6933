package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies the entries of an archive {@code PUT} one by one, as Docker's untar does in the
 * container's file system with its mounts in place: each entry lands in whatever mount holds its
 * path (so a {@code PUT} at {@code /} with {@code data/...} entries writes into a volume mounted at
 * {@code /data}); the {@code .} entry of the extraction point itself is skipped; a directory that
 * gains or loses an entry gets the current time, and directories named in the archive get their
 * archived mtimes at the end. Entries crossing into a read-only mount fail with the kernel's
 * "read-only file system" after the entries before them were written.
 *
 * <p>The caller holds the engine's lock around each {@link #apply} and {@link #finish}, and reads the
 * archive stream without it.
 */
final class ArchiveWrite {

  private static final String PREFIX = "Error processing tar file(exit status 1): ";
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final ContainerModel.Container container;
  private final String target;
  private final boolean noOverwriteDirNonDir;
  private final long now;
  private final List<Runnable> dirTimes = new ArrayList<>();
  /** Directories this upload made or met, by the name the archive gives: their resolved path and place. */
  private final java.util.Map<String, Object[]> resolvedDirs = new java.util.HashMap<>();

  ArchiveWrite(ContainerModel.Container container, String target, boolean noOverwriteDirNonDir,
      long now) {
    this.container = container;
    this.target = target;
    this.noOverwriteDirNonDir = noOverwriteDirNonDir;
    this.now = now;
  }

  private String absolute(String rel) {
    return target.equals("/") ? rel : target + rel;
  }

  static EngineException failure(String message) {
    return new EngineException(500, PREFIX + message, null);
  }

  private static EngineException readOnly(String op) {
    return failure(op + ": read-only file system");
  }

  /**
   * Applies one entry ({@code data} is the content of a regular file); a file cut short by the end of
   * the stream ({@code complete} false) is written as far as it came, with its mode but root's owner
   * and the current time, as Docker's untar leaves it.
   */
  void apply(TarArchiveEntry e, byte[] data, boolean complete) {
    String goName = goClean(e.getName());
    if (goName.equals("..") || goName.startsWith("../")) {
      throw failure("\"" + goName + "\" is outside of \"" + target + "\"");
    }
    String rel = ContainerPaths.clean("/" + e.getName());
    if (rel.equals("/")) {
      // Docker's untar skips the entry of the extraction point: its mode, owner and mtime stay
      return;
    }
    // abs names the entry in messages; at is where it lands, links in its parents followed
    String abs = absolute(rel);
    if (e.isSymbolicLink()) {
      String linkPath = ContainerPaths.clean(abs.substring(0, abs.lastIndexOf('/')) + "/" + e.getLinkName());
      if (!linkPath.startsWith(target)) {
        throw failure("invalid symlink \"" + abs + "\" -> \"" + e.getLinkName() + "\"");
      }
    }
    if (e.isLink()) {
      String linkPath = ContainerPaths.clean(target + "/" + e.getLinkName());
      if (!linkPath.startsWith(target)) {
        throw failure("invalid hardlink \"" + linkPath + "\" -> \"" + e.getLinkName() + "\"");
      }
    }
    String at;
    ContainerPaths.Place p;
    int cut = abs.lastIndexOf('/');
    Object[] parentAt = cut > 0 ? resolvedDirs.get(abs.substring(0, cut)) : null;
    String leaf = abs.substring(cut + 1);
    if (parentAt != null && !ContainerPaths.isMountPoint(container, parentAt[0] + "/" + leaf)) {
      // the parent was made or met as a directory by this upload, links in it already followed: no walk from the root
      ContainerPaths.Place pp = (ContainerPaths.Place) parentAt[1];
      at = parentAt[0] + "/" + leaf;
      p = new ContainerPaths.Place(pp.base(), pp.rest().isEmpty() ? leaf : pp.rest() + "/" + leaf, pp.readOnly(), pp.mount(),
          pp.host());
    } else {
      at = ContainerPaths.resolve(container, abs, false);
      p = ContainerPaths.place(container, at, false);
    }
    if (p.host() != null) {
      applyHost(e, data, abs, p, complete);
      return;
    }
    if (p.rest().isEmpty()) {
      mountRoot(e, abs, p);
      return;
    }
    String rest = p.rest();
    int slash = rest.lastIndexOf('/');
    String name = rest.substring(slash + 1);
    Tree.Dir parent = parents(p.base(), slash < 0 ? "" : rest.substring(0, slash),
        at.substring(0, at.length() - rest.length()), p.readOnly());
    Tree.Node existing = parent.children.get(name);
    checkOverwrite(existing instanceof Tree.Dir, existing != null, e, abs);
    if (e.isDirectory() && existing instanceof Tree.Dir d) {
      if (p.readOnly()) {
        throw readOnly("lchown " + abs);
      }
      ownerAndMode(d, e);
      dirTimes.add(() -> d.mtimeMillis = e.getModTime().getTime());
      resolvedDirs.put(abs, new Object[] {at, p});
      return;
    }
    if (existing != null || e.isSymbolicLink()) {
      resolvedDirs.clear(); // a replaced node or a new link may change where later paths lead
    }
    if (p.readOnly()) {
      throw readOnly(existing != null ? "unlinkat " + abs : create(e, abs));
    }
    Tree.Node n;
    if (e.isDirectory()) {
      Tree.Dir d = new Tree.Dir(0755, now);
      dirTimes.add(() -> d.mtimeMillis = e.getModTime().getTime());
      n = d;
    } else if (e.isSymbolicLink()) {
      n = new Tree.Symlink(now, e.getLinkName());
    } else if (e.isLink()) {
      String linkAbs = ContainerPaths.clean(target + "/" + e.getLinkName());
      ContainerPaths.Place lp = ContainerPaths.place(container, ContainerPaths.resolve(container, linkAbs, false), false);
      if (lp.mount() != p.mount()) {
        throw failure("link " + linkAbs + " " + abs + ": invalid cross-device link");
      }
      Tree.Node linked = TreeFiles.walk(lp.base(), lp.rest());
      if (!(linked instanceof Tree.File)) {
        throw failure("link " + linkAbs + " " + abs + ": no such file or directory");
      }
      parent.children.put(name, linked);
      parent.mtimeMillis = now;
      return;
    } else {
      n = new Tree.File(0644, now, data);
    }
    ownerAndMode(n, e);
    if (!complete) {
      n.uid = 0;
      n.gid = 0;
    } else if (!(n instanceof Tree.Dir)) {
      n.mtimeMillis = e.getModTime().getTime();
    }
    parent.children.put(name, n);
    parent.mtimeMillis = now;
    if (n instanceof Tree.Dir) {
      resolvedDirs.put(abs, new Object[] {at, p});
    }
  }

  /** Go's {@code filepath.Clean} of a relative name: leading {@code ..} kept, as Docker's breakout check sees it. */
  static String goClean(String name) {
    boolean rooted = name.startsWith("/");
    List<String> parts = new ArrayList<>();
    int ups = 0;
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        } else if (!rooted) {
          ups++;
        }
        continue;
      }
      parts.add(part);
    }
    String body = "../".repeat(ups) + String.join("/", parts);
    if (body.endsWith("/")) {
      body = body.substring(0, body.length() - 1);
    }
    return rooted ? "/" + body : body.isEmpty() ? "." : body;
  }

  /** What Docker's untar calls first to create an entry, for its error message. */
  private static String create(TarArchiveEntry e, String abs) {
    if (e.isDirectory()) {
      return "mkdir " + abs;
    }
    if (e.isSymbolicLink()) {
      return "symlink " + e.getLinkName() + " " + abs;
    }
    return "open " + abs;
  }

  private void checkOverwrite(boolean existingIsDir, boolean exists, TarArchiveEntry e, String abs) {
    if (!noOverwriteDirNonDir || !exists) {
      return;
    }
    if (existingIsDir && !e.isDirectory()) {
      throw failure("cannot overwrite directory \"" + abs + "\" with non-directory \"" + e.getName() + "\"");
    }
    if (!existingIsDir && e.isDirectory()) {
      throw failure("cannot overwrite non-directory \"" + abs + "\" with directory \"" + e.getName() + "\"");
    }
  }

  /** An entry naming the root of a mount: a directory entry merges its owner and mode. */
  private void mountRoot(TarArchiveEntry e, String abs, ContainerPaths.Place p) {
    if (!e.isDirectory()) {
      throw failure("unlinkat " + abs + ": device or resource busy");
    }
    if (p.readOnly()) {
      throw readOnly("lchown " + abs);
    }
    Tree.Dir d = p.base();
    ownerAndMode(d, e);
    dirTimes.add(() -> d.mtimeMillis = e.getModTime().getTime());
  }

  /** The parent directory of an entry, made (0755, root) where missing, as Docker's untar does. */
  private Tree.Dir parents(Tree.Dir base, String rel, String baseAbs, boolean readOnly) {
    Tree.Dir d = base;
    StringBuilder at = new StringBuilder(baseAbs.endsWith("/") ? baseAbs.substring(0, baseAbs.length() - 1) : baseAbs);
    for (String part : rel.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      at.append('/').append(part);
      Tree.Node n = d.children.get(part);
      if (n instanceof Tree.Dir sub) {
        d = sub;
      } else if (n == null) {
        if (readOnly) {
          throw readOnly("mkdir " + at);
        }
        Tree.Dir sub = new Tree.Dir(0755, now);
        d.children.put(part, sub);
        d.mtimeMillis = now;
        d = sub;
      } else {
        throw failure("mkdir " + at + ": not a directory");
      }
    }
    return d;
  }

  private static void ownerAndMode(Tree.Node n, TarArchiveEntry e) {
    if (!(n instanceof Tree.Symlink)) {
      n.mode = e.getMode() & 07777;
    }
    n.uid = (int) e.getLongUserId();
    n.gid = (int) e.getLongGroupId();
  }

  // ---- bind mounts: the host's file system ----------------------------------------------------

  private void applyHost(TarArchiveEntry e, byte[] data, String abs, ContainerPaths.Place p, boolean complete) {
    Path h = p.hostPath();
    try {
      boolean exists = HostFs.exists(h);
      boolean isDir = exists && Files.isDirectory(h, NOFOLLOW);
      if (p.rest().isEmpty() && !e.isDirectory()) {
        throw failure("unlinkat " + abs + ": device or resource busy");
      }
      checkOverwrite(isDir, exists, e, abs);
      if (e.isDirectory() && isDir) {
        if (p.readOnly()) {
          throw readOnly("lchown " + abs);
        }
        hostMeta(h, e, false);
        return;
      }
      if (p.readOnly()) {
        throw readOnly(exists ? "unlinkat " + abs : create(e, abs));
      }
      if (!HostFs.exists(h.getParent())) {
        Files.createDirectories(h.getParent());
      }
      HostFs.deleteRecursively(h);
      if (e.isDirectory()) {
        Files.createDirectory(h);
        hostMeta(h, e, false);
      } else if (e.isSymbolicLink()) {
        Files.createSymbolicLink(h, Path.of(e.getLinkName()));
        HostFs.applyLinkMeta(h, (int) e.getLongUserId(), (int) e.getLongGroupId(), e.getModTime().getTime());
      } else if (e.isLink()) {
        String linkAbs = ContainerPaths.clean(target + "/" + e.getLinkName());
        ContainerPaths.Place lp = ContainerPaths.place(container, ContainerPaths.resolve(container, linkAbs, false), false);
        if (lp.mount() != p.mount()) {
          throw failure("link " + linkAbs + " " + abs + ": invalid cross-device link");
        }
        Files.createLink(h, lp.hostPath());
      } else {
        Files.write(h, data);
        if (complete) {
          hostMeta(h, e, true);
        } else {
          HostFs.setMode(h, e.getMode());
        }
      }
    } catch (IOException x) {
      throw failure(x.getMessage());
    }
  }

  private void hostMeta(Path h, TarArchiveEntry e, boolean timeNow) {
    Tree.Node meta = new Tree.File(e.getMode() & 07777, e.getModTime().getTime(), new byte[0]);
    meta.uid = (int) e.getLongUserId();
    meta.gid = (int) e.getLongGroupId();
    HostFs.applyMeta(meta, h);
    if (!timeNow) {
      long t = e.getModTime().getTime();
      dirTimes.add(() -> {
        try {
          Files.setLastModifiedTime(h, FileTime.fromMillis(t));
        } catch (IOException x) {
          // best effort, as applyMeta
        }
      });
    }
  }

  /** Gives the directories named in the archive their archived mtimes, as Docker does last. */
  void finish() {
    dirTimes.forEach(Runnable::run);
  }
}
