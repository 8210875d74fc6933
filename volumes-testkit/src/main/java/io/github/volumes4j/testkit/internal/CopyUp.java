package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Docker's copy-up at container create: the image's directory into an empty volume. */
final class CopyUp {

  private CopyUp() {}

  /**
   * Copies the image's directory at {@code target} into an empty volume; the root takes its owner and mode.
   * Docker mounts the volume for it and unmounts it after (probed on 20.10): a tmpfs-backed volume no
   * running container holds forgets the copy, and a bind-device volume receives it in the host directory.
   */
  static void into(Tree.Dir rootfs, String target, VolumeRecord vol, boolean held, long now) {
    Tree.Node n = TreeFiles.walk(rootfs, target.substring(1));
    if (!(n instanceof Tree.Dir src)) {
      return;
    }
    if (vol.tmpfsBacked && !held) {
      return;  // copied into a tmpfs that create unmounts when it is done
    }
    if (vol.bindDevice != null) {
      toHost(src, vol.bindDevice, now);
      return;
    }
    Tree.Dir volumeRoot = vol.root;
    if (!volumeRoot.isEmpty()) {
      return;
    }
    Tree.Dir copy = src.deepCopy();
    volumeRoot.children.putAll(copy.children);
    volumeRoot.mode = src.mode;
    volumeRoot.uid = src.uid;
    volumeRoot.gid = src.gid;
    volumeRoot.mtimeMillis = src.mtimeMillis;
    // as Docker's copy: files keep their mtimes, directories that received entries get the copy's time
    touchNonEmptyDirs(volumeRoot, now);
  }

  private static void toHost(Tree.Dir src, Path dir, long now) {
    try {
      if (!Files.isDirectory(dir) || !HostFs.list(dir).isEmpty()) {
        return;  // a missing device fails at start; a directory with content is left as it is
      }
      Tree.Dir copy = src.deepCopy();
      touchNonEmptyDirs(copy, now);
      HostFs.store(copy, dir);
      HostFs.applyMeta(copy, dir);
    } catch (IOException e) {
      throw new EngineException(500, "copy-up into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void touchNonEmptyDirs(Tree.Dir root, long now) {
    java.util.ArrayDeque<Tree.Dir> todo = new java.util.ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Tree.Dir d = todo.pop();
      if (!d.children.isEmpty()) {
        d.mtimeMillis = now;
      }
      for (Tree.Node n : d.children.values()) {
        if (n instanceof Tree.Dir sub) {
          todo.push(sub);
        }
      }
    }
  }
}
