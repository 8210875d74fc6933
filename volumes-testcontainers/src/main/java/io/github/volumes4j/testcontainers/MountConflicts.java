package io.github.volumes4j.testcontainers;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.Volume;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountSyntax;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.internal.GoPaths;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;

/**
 * The targets a Testcontainers container already has, and the check of new mounts against them: the
 * same target twice is refused; a file copied in at or under a tmpfs target (hidden once the tmpfs is
 * mounted at start) or under a read-only mount (the copy fails after the create) too. A file copied
 * under a writable volume or bind lands in it, as {@code docker cp} into a created container does.
 */
final class MountConflicts {

  private MountConflicts() {}

  /** What the container has before its create: its binds, tmpfs and copied files. */
  static void checkNow(GenericContainer<?> container, List<MountSpec> mounts) {
    Map<String, String> taken = new LinkedHashMap<>();
    for (Bind b : orEmpty(container.getBinds())) {
      taken.putIfAbsent(clean(b.getVolume().getPath()), "bind " + b + " (withFileSystemBind)");
    }
    orEmpty(container.getTmpFsMapping()).forEach((t, o) -> taken.putIfAbsent(clean(t), "tmpfs " + t + (o.isEmpty() ? "" : ":" + o) + " (withTmpFs)"));
    check(taken, copies(container), mounts);
  }

  /** Everything in the create command (Testcontainers' configuration and earlier modifiers) and the copies. */
  static void checkAtCreate(GenericContainer<?> container, CreateContainerCmd cmd, List<MountSpec> mounts) {
    Map<String, String> taken = new LinkedHashMap<>();
    HostConfig hc = cmd.getHostConfig();
    if (hc != null) {
      if (hc.getBinds() != null) {
        for (Bind b : hc.getBinds()) {
          taken.putIfAbsent(clean(b.getVolume().getPath()), "bind " + b);
        }
      }
      if (hc.getMounts() != null) {
        for (Mount m : hc.getMounts()) {
          taken.putIfAbsent(clean(m.getTarget()), String.valueOf(m.getType()).toLowerCase(java.util.Locale.ROOT) + " mount "
              + (m.getSource() == null ? "" : m.getSource() + ":") + m.getTarget());
        }
      }
      if (hc.getTmpFs() != null) {
        hc.getTmpFs().forEach((t, o) -> taken.putIfAbsent(clean(t), "tmpfs " + t + (o.isEmpty() ? "" : ":" + o)));
      }
    }
    if (cmd.getVolumes() != null) {
      for (Volume v : cmd.getVolumes()) {
        taken.putIfAbsent(clean(v.getPath()), "anonymous volume " + v.getPath());
      }
    }
    check(taken, copies(container), mounts);
  }

  private static void check(Map<String, String> taken, Map<String, String> copies, List<MountSpec> mounts) {
    Map<String, String> mine = new LinkedHashMap<>(taken);
    for (MountSpec m : mounts) {
      String target = clean(m.target());
      String text = describe(m);
      String existing = mine.get(target);
      if (existing != null) {
        throw new MountConflictException(target, text, existing, "Docker refuses two mounts at one target");
      }
      for (Map.Entry<String, String> c : copies.entrySet()) {
        String path = c.getKey();
        if (path.equals(target)) {
          throw new MountConflictException(target, text, c.getValue(), "the mount would replace the copied file");
        }
        if (under(path, target) && m instanceof TmpfsMount) {
          throw new MountConflictException(target, text, c.getValue(),
              "the file is copied before start and the tmpfs mounted at start would hide it");
        }
        if (under(path, target) && m.readOnly()) {
          throw new MountConflictException(target, text, c.getValue(), "the mount is read-only, so the copy would fail");
        }
      }
      mine.put(target, text);
    }
  }

  private static String describe(MountSpec m) {
    String kind = m.type().apiName();
    try {
      return kind + " " + (m instanceof TmpfsMount ? MountSyntax.TMPFS.format(m) : MountSyntax.VOLUME.canWrite(m)
          ? MountSyntax.VOLUME.format(m) : MountSyntax.MOUNT.format(m));
    } catch (RuntimeException e) {
      return kind + " " + m;
    }
  }

  /** The container paths files are copied to, with what copies them. */
  private static Map<String, String> copies(GenericContainer<?> container) {
    Map<String, String> out = new LinkedHashMap<>();
    orEmpty(container.getCopyToFileContainerPathMap()).forEach((file, path) ->
        out.putIfAbsent(clean(path), "file " + path + " copied in from " + file.getResolvedPath() + " (withCopyFileToContainer)"));
    for (String path : transferablePaths(container)) {
      out.putIfAbsent(clean(path), "file " + path + " copied in (withCopyToContainer)");
    }
    return out;
  }

  /** Testcontainers' accessor of the {@code withCopyToContainer} targets, looked up once; null if a version lacks it. */
  private static final Method TRANSFERABLES = transferablesAccessor();

  private static Method transferablesAccessor() {
    try {
      Method m = GenericContainer.class.getDeclaredMethod("getCopyToTransferableContainerPathMap");
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The targets of {@code withCopyToContainer}: Testcontainers keeps them in a map it does not expose
   * (package-private in 1.21 and 2.0); read reflectively, or none when a later version moves it.
   */
  private static List<String> transferablePaths(GenericContainer<?> container) {
    if (TRANSFERABLES == null) {
      return List.of();
    }
    try {
      Object map = TRANSFERABLES.invoke(container);
      List<String> out = new ArrayList<>();
      if (map instanceof Map<?, ?> paths) {
        paths.values().forEach(v -> out.add(String.valueOf(v)));
      }
      return out;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return List.of();
    }
  }

  /** Testcontainers leaves some of its collections null until set. */
  static <E> List<E> orEmpty(List<E> list) {
    return list == null ? List.of() : list;
  }

  static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static boolean under(String path, String dir) {
    return path.startsWith(dir.endsWith("/") ? dir : dir + "/");
  }

  /** As the daemon compares targets: Go's {@code path.Clean} ({@code /data/./x/} is {@code /data/x}). */
  static String clean(String path) {
    return path == null ? "" : GoPaths.clean(path);
  }
}
