package io.github.volumes4j.testkit.internal;

/**
 * The layer Docker puts between the image and every container (recorded on 20.10 through the archive
 * endpoint of a created container, {@code recordings/volume-steps.tsv}, "archive reads"): the directories
 * {@code /dev}, {@code /dev/pts}, {@code /dev/shm}, {@code /proc}, {@code /sys}, {@code /etc} where the image
 * has none (0755, root; an image's own keeps its mode, probed), empty 0755 files {@code /.dockerenv}, {@code /dev/console}, {@code /etc/hostname}, {@code /etc/hosts},
 * {@code /etc/resolv.conf} (over the image's own, which they hide) and {@code /etc/mtab -> /proc/mounts}.
 * Copy-up at create copies it with the image's files ({@code -v vol:/etc} takes the empty hosts file).
 */
final class InitLayer {

  private InitLayer() {}

  private static final String[] DIRS = {"/dev", "/dev/pts", "/dev/shm", "/proc", "/sys", "/etc"};
  private static final String[] FILES = {"/.dockerenv", "/dev/console", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf"};

  static void apply(Tree.Dir rootfs, long now) {
    for (String d : DIRS) {
      dir(rootfs, d, now);
    }
    for (String f : FILES) {
      put(rootfs, f, new Tree.File(0755, now, new byte[0]));
    }
    put(rootfs, "/etc/mtab", new Tree.Symlink(now, "/proc/mounts"));
  }

  /** The directory at an absolute path, made (or made a directory, over what the image had there). */
  private static Tree.Dir dir(Tree.Dir root, String abs, long now) {
    Tree.Dir d = root;
    for (String part : abs.substring(1).split("/")) {
      Tree.Node n = d.children.get(part);
      Tree.Dir next;
      if (n instanceof Tree.Dir existing) {
        next = existing;
      } else {
        next = new Tree.Dir(0755, now);
        d.children.put(part, next);
      }
      d = next;
    }
    return d;
  }

  private static void put(Tree.Dir root, String abs, Tree.Node node) {
    int slash = abs.lastIndexOf('/');
    Tree.Dir parent = slash == 0 ? root : dir(root, abs.substring(0, slash), node.mtimeMillis);
    parent.children.put(abs.substring(slash + 1), node);
  }
}
