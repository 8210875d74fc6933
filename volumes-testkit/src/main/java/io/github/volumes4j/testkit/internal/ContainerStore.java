package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountType;
import io.github.volumes4j.Mounts;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.internal.MountRouting;
import io.github.volumes4j.testkit.ContainerProcess;
import io.github.volumes4j.testkit.Program;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import io.github.volumes4j.testkit.internal.ContainerModel.Container;
import io.github.volumes4j.testkit.internal.ContainerModel.Image;
import io.github.volumes4j.testkit.internal.ContainerModel.Mount;
import io.github.volumes4j.testkit.internal.ContainerPaths.Place;

/**
 * The in-memory engine's containers: create (mounts set up as Docker sets them up, copy-up), start,
 * stop, wait, remove, inspect, list, logs, exec. Images are in {@link ImageStore}, paths in
 * {@link ContainerPaths}, the archive endpoints in {@link ArchiveEndpoints}. Every method takes the
 * engine's lock.
 */
public final class ContainerStore {

  /** Creates or finds a volume; the caller holds the lock. */
  @FunctionalInterface
  public interface VolumeCreator {
    VolumeRecord create(String name, String driver, Map<String, String> labels, Map<String, String> options,
        boolean labelsGiven, boolean optionsGiven);
  }

  private final VolumeCreator volumeCreator;

  private final Map<String, VolumeRecord> volumes;

  private final Object lock;

  private final ApiVersion apiVersion;

  private final Clock clock;
  private final ImageStore imageStore;

  private final Map<String, Container> containers = new LinkedHashMap<>();

  private final Map<String, Image> images = new HashMap<>();

  private final Map<String, Program> programs = new HashMap<>();

  public ContainerStore(VolumeCreator volumeCreator, Map<String, VolumeRecord> volumes, Object lock, ApiVersion apiVersion,
      Clock clock) {
    this.volumeCreator = volumeCreator;
    this.volumes = volumes;
    this.lock = lock;
    this.apiVersion = apiVersion;
    this.clock = clock;
    this.imageStore = new ImageStore(this, lock, clock);
  }

  /** Volume name to the ids of the containers (any state) that mention it; the caller holds the lock. */
  public Map<String, Set<String>> refsLocked() {
    if (containers.isEmpty()) {
      return Map.of();
    }
    Map<String, Set<String>> refs = new HashMap<>();
    for (Container c : containers.values()) {
      for (Mount m : c.mounts) {
        if (m.volume != null && m.referencing) {
          refs.computeIfAbsent(m.volume.name, k -> new LinkedHashSet<>()).add(c.id);
        }
      }
    }
    return refs;
  }

  private Container find(String ref) {
    Container c = containers.get(ref);
    if (c != null) {
      return c;
    }
    for (Container x : containers.values()) {
      if (x.name.equals(ref) || x.name.equals(ref.startsWith("/") ? ref.substring(1) : ref)) {
        return x;
      }
    }
    Container match = null;
    if (!ref.isEmpty()) {
      for (Container x : containers.values()) {
        if (x.id.startsWith(ref)) {
          if (match != null) {
            throw new EngineException(404, "No such container: " + ref, null);
          }
          match = x;
        }
      }
    }
    if (match == null) {
      throw new ContainerNotFoundException(ref);
    }
    return match;
  }

  /**
   * What this engine refuses that the engine-independent rules cannot see: a driver it does not have, a
   * directory mount (volume, tmpfs, directory bind) over a file of the image.
   */
  public List<io.github.volumes4j.MountProblem> problemsOf(ContainerSpec spec, java.util.Set<String> drivers) {
    List<io.github.volumes4j.MountProblem> out = new ArrayList<>();
    synchronized (lock) {
      Image image = imageStore.findImage(spec.image()).orElse(null);
      for (MountSpec m : spec.mounts()) {
        if (m instanceof io.github.volumes4j.VolumeMount v && v.driver().isPresent() && !drivers.contains(v.driver().get())) {
          String d = v.driver().get();
          out.add(io.github.volumes4j.MountProblem.of(m, d, io.github.volumes4j.internal.DaemonRules.pluginNotFound(
              v.source().orElse("<anonymous>"), d), "install the volume plugin "
              + d + " (docker plugin install) or use the local driver", io.github.volumes4j.MountProblem.Stage.CREATE));
        }
        if (image == null || !m.target().startsWith("/")) {
          continue;
        }
        boolean volume = m instanceof io.github.volumes4j.VolumeMount;
        MountFit.overFile(image.rootfs, m.type(), m.target(), m instanceof BindMount b ? b.source() : null,
            volume && ((io.github.volumes4j.VolumeMount) m).source().isEmpty()).ifPresent(message ->
            out.add(io.github.volumes4j.MountProblem.of(m, m.target(), message, "the image " + spec.image()
                + " has a file at " + m.target() + "; mount at a directory, or bind a file there",
                volume ? io.github.volumes4j.MountProblem.Stage.CREATE : io.github.volumes4j.MountProblem.Stage.START)));
      }
    }
    return out;
  }

  public String create(ContainerSpec spec) {
    synchronized (lock) {
      String name = spec.name().orElse("");
      if (!name.isEmpty()) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (!Names.validName(n)) {
          throw new EngineException(400, "Invalid container name (" + name + "), only " + Names.RESTRICTED_NAME_CHARS
              + " are allowed", null);
        }
        for (Container c : containers.values()) {
          if (c.name.equals(n)) {
            throw new EngineException(409, "Conflict. The container name \"/" + n + "\" is already in use by container \""
                + c.id + "\". You have to remove (or rename) that container to be able to reuse that name.", null);
          }
        }
        name = n;
      }
      Image image = imageStore.findImage(spec.image()).orElseThrow(
          () -> new EngineException(404, "No such image: " + ImageStore.normalizeReference(spec.image()), null));
      // API version gates and bind sources are checked before anything is created
      for (MountSpec m : spec.mounts()) {
        checkVersion(m);
      }
      List<Container> froms = new ArrayList<>();
      for (VolumesFrom vf : spec.volumesFrom()) {
        // (the daemon answers 400 here, not 404; the message and the exception type are the same)
        Container from = find(vf.container());
        for (Mount m : from.mounts) {
          if (m.type == MountType.TMPFS && !m.hidden) {
            // Docker 20.10 takes the other container's tmpfs mount for a volume without a name
            throw new io.github.volumes4j.VolumeNotFoundException("", "get: no such volume", null);
          }
        }
        froms.add(from);
      }
      Tree.Dir rootfs = image.rootfs.deepCopy();
      InitLayer.apply(rootfs, clock.millis());
      Map<String, Mount> byTarget = new LinkedHashMap<>();
      for (int i = 0; i < froms.size(); i++) {
        VolumesFrom vf = spec.volumesFrom().get(i);
        for (Mount m : froms.get(i).mounts) {
          if (m.type != MountType.TMPFS) {
            byTarget.put(m.destination, m.inherited(vf.readOnly()));
          }
        }
      }
      // as Docker: mounts in order, each checked against those before it, then its volume created
      // (so a duplicate leaves the volumes of the mounts before it created)
      Set<String> own = new LinkedHashSet<>();
      List<Mount> hidden = new ArrayList<>();
      for (MountSpec m : spec.mounts()) {
        String target = ContainerPaths.clean(m.target());
        MountRouting.Field field = MountRouting.field(m, apiVersion);
        if (m instanceof TmpfsMount t && field == MountRouting.Field.TMPFS) {
          Mount h = new Mount(MountType.TMPFS, target, !t.readOnly(), null, Optional.empty(), null,
              t.mode().orElse(01777), false, false);
          h.hidden = true;
          hidden.add(h);
          continue;
        }
        if (!own.add(target)) {
          throw new InvalidMountSpecException(String.valueOf(m), m.target(), -1, "Duplicate mount point: " + target);
        }
        if (m instanceof VolumeMount v) {
          VolumeRecord vol;
          try {
            vol = volumeCreator.create(v.source().orElse(""), v.driver().orElse("local"), v.labels(),
                v.driverOptions(), !v.labels().isEmpty(), !v.driverOptions().isEmpty());
          } catch (io.github.volumes4j.InvalidVolumeSpecException e) {
            // through /containers/create the daemon's volume errors are plain 400s (404 for a missing plugin)
            int status = e.getMessage().contains("error looking up volume plugin") ? 404 : 400;
            throw new EngineException(status, e.getMessage(), e);
          }
          MountFit.requireVolumeFits(rootfs, target, v.anonymous());
          if (!v.noCopy() && v.subpath().isEmpty()) {
            CopyUp.into(rootfs, target, vol, usedByRunning(vol.name), clock.millis());
          }
          Mount vm = new Mount(MountType.VOLUME, target, !v.readOnly(), vol, v.subpath(), null, 0, v.anonymous(), true);
          vm.mode = MountFit.volumeMode(m, field);
          vm.configVolume = field == MountRouting.Field.CONFIG_VOLUMES;
          if (!m.target().startsWith("/")) {
            vm.shownDestination = MountFit.relativeClean(m.target());  // -v x: reported as given, cleaned
          }
          byTarget.put(target, vm);
        } else if (m instanceof BindMount b) {
          if (!b.source().startsWith("/")) {
            throw new InvalidMountSpecException(String.valueOf(m), b.source(), -1,
                "invalid mount config for type \"bind\": invalid mount path: '" + b.source() + "' mount path must be absolute");
          }
          if (!b.createMountpoint() && !Files.exists(Path.of(b.source()))) {
            throw new InvalidMountSpecException(String.valueOf(m), b.source(), -1,
                "invalid mount config for type \"bind\": bind source path does not exist: " + b.source());
          }
          Mount bm = new Mount(MountType.BIND, target, !b.readOnly(), null, Optional.empty(), b.source(), 0,
              false, false);
          bm.createSource = b.createMountpoint();
          bm.mode = field == MountRouting.Field.BINDS ? MountFit.modeText(m, "") : "";
          bm.propagation = MountFit.bindPropagation(b);
          byTarget.put(target, bm);
        } else if (m instanceof TmpfsMount t) {
          byTarget.put(target, new Mount(MountType.TMPFS, target, !t.readOnly(), null, Optional.empty(), null,
              t.mode().orElse(01777), false, false));
        }
      }
      String id = Names.randomId();
      for (Mount m : byTarget.values()) {
        if (m.volume != null && m.subpath.isPresent()) {
          Tree.Node n = TreeFiles.walk(m.volume.root, m.subpath.get());
          if (!(n instanceof Tree.Dir)) {
            throw new EngineException(500, "cannot access path " + m.volume.mountpoint() + "/" + m.subpath.get()
                + ": lstat " + m.volume.mountpoint() + "/" + m.subpath.get() + ": no such file or directory", null);
          }
        }
      }
      String cname = name.isEmpty() ? "inmemory_" + id.substring(0, 12) : name;
      List<Mount> all = new ArrayList<>(byTarget.values());
      all.addAll(hidden);
      Container c = new Container(id, cname, spec.image(), spec, rootfs, all);
      for (Mount m : c.mounts) {
        if (m.type != MountType.TMPFS) {
          mountpoint(c, m);
        }
      }
      containers.put(id, c);
      return id;
    }
  }

  /**
   * Creates the directory a mount is mounted on, in whatever holds it: the root fs, or the volume
   * of an enclosing mount (Docker leaves such directories in the outer volume).
   */
  private void mountpoint(Container c, Mount m) {
    Mount outer = null;
    for (Mount o : c.mounts) {
      if (o != m && o.type == MountType.VOLUME && m.destination.startsWith(o.destination + "/")
          && (outer == null || o.destination.length() > outer.destination.length())) {
        outer = o;
      }
    }
    if (outer == null) {
      TreeFiles.mkdirs(c.rootfs, m.destination, clock.millis());
      return;
    }
    Tree.Dir base = outer.volume.root;
    if (outer.subpath.isPresent() && TreeFiles.walk(base, outer.subpath.get()) instanceof Tree.Dir d) {
      base = d;
    }
    TreeFiles.mkdirs(base, m.destination.substring(outer.destination.length()), clock.millis());
  }

  /** Sets up the mounts' host side: creates missing bind sources that may be created (start, archive). */
  private void setUpBinds(Container c) {
    for (Mount m : c.mounts) {
      if (m.createSource && !Files.exists(Path.of(m.bindSource))) {
        try {
          Files.createDirectories(Path.of(m.bindSource));
        } catch (IOException e) {
          throw new EngineException(500, "error while creating mount source path '" + m.bindSource + "': " + e, e);
        }
      }
    }
  }

  /** The version gates of the library, which the Docker engine applies before it sends a request. */
  private void checkVersion(MountSpec m) {
    Mounts.of(m).requireSupportedBy(apiVersion);
    MountRouting.requireRoutable(m, apiVersion);  // the Docker engine's check too (MountMapper)
  }

  /** A create or archive call that mounted the container's idle tmpfs-backed volumes unmounts them when done. */
  void unmountIdleTmpfsLocked(Container c) {
    for (Mount m : c.mounts) {
      if (m.volume != null && m.volume.tmpfsBacked && !usedByRunning(m.volume.name)) {
        m.volume.unmountTmpfs(clock.millis());
      }
    }
  }

  public void start(String ref) {
    Container c;
    Program program;
    synchronized (lock) {
      c = find(ref);
      if (c.state == ContainerState.RUNNING) {
        return;
      }
      setUpBinds(c);
      String network = c.spec.network().orElse("default");
      if (!java.util.Set.of("none", "bridge", "host", "default").contains(network)) {
        // Docker creates the container, and fails when it starts
        throw new EngineException(404, "network " + network + " not found", null);
      }
      MountFit.requireStartable(c);
      for (Mount m : c.mounts) {
        if (m.type == MountType.TMPFS) {
          TreeFiles.mkdirs(c.rootfs, m.destination, clock.millis());
          m.tmpfs = new Tree.Dir(m.tmpfsMode & 07777, clock.millis());  // the kernel keeps the permission bits
        }
      }
      c.state = ContainerState.RUNNING;
      c.exitCode = null;
      for (Mount m : c.mounts) {
        m.referencing = m.referencing || m.volume != null;
      }
      program = imageStore.programs.get(ImageStore.normalizeReference(c.image));
    }
    if (program != null) {
      int code;
      StringBuilder out = new StringBuilder();
      try {
        code = program.run(new TreeFiles(this, c, clock), c.spec.command(), out);
      } catch (Exception e) {
        out.append(e).append('\n');
        code = 1;
      }
      synchronized (lock) {
        c.logs.append(out);
        if (c.state == ContainerState.RUNNING) {
          exit(c, code);
        }
      }
    }
  }

  private void exit(Container c, int code) {
    c.state = ContainerState.EXITED;
    c.exitCode = code;
    for (Mount m : c.mounts) {
      m.tmpfs = null;
    }
    // a tmpfs-backed local volume loses its data when the last container using it stops
    unmountIdleTmpfsLocked(c);
    lock.notifyAll();
    if (c.spec.autoRemove()) {
      removeLocked(c, true);
    }
  }

  private boolean usedByRunning(String volume) {
    for (Container c : containers.values()) {
      if (c.state == ContainerState.RUNNING) {
        for (Mount m : c.mounts) {
          if (m.volume != null && m.volume.name.equals(volume)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  public void stop(String ref) {
    synchronized (lock) {
      Container c = find(ref);
      if (c.state == ContainerState.RUNNING) {
        exit(c, 137);
      }
    }
  }

  public int await(String ref) {
    synchronized (lock) {
      Container c = find(ref);
      while (c.state == ContainerState.RUNNING) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new VolumesException("interrupted while waiting for container " + c.id, e);
        }
      }
      return c.exitCode == null ? 0 : c.exitCode;
    }
  }

  public void remove(String ref, boolean removeVolumes, boolean force) {
    synchronized (lock) {
      Container c = find(ref);
      if (c.state == ContainerState.RUNNING) {
        if (!force) {
          throw new EngineException(409, "You cannot remove a running container " + c.id
              + ". Stop the container before attempting removal or force remove", null);
        }
        c.state = ContainerState.EXITED;
        c.exitCode = 137;
        lock.notifyAll();
      }
      removeLocked(c, removeVolumes);
    }
  }

  private void removeLocked(Container c, boolean removeVolumes) {
    containers.remove(c.id);
    if (removeVolumes) {
      Map<String, Set<String>> refs = refsLocked();
      for (Mount m : c.mounts) {
        if (m.volume != null && m.anonymousSource && !refs.containsKey(m.volume.name)) {
          volumes.remove(m.volume.name);
        }
      }
    }
  }

  public ContainerInfo inspect(String ref) {
    synchronized (lock) {
      return info(find(ref));
    }
  }

  private ContainerInfo info(Container c) {
    ContainerInfo.Builder b = ContainerInfo.builder().id(c.id).name(c.name).image(c.image).state(c.state)
        .labels(c.spec.labels());
    if (c.exitCode != null) {
      b.exitCode(c.exitCode);
    }
    for (Mount m : c.mounts) {
      if (m.hidden) {
        continue;
      }
      MountPoint.Builder mp = MountPoint.builder().type(m.type)
          .destination(m.shownDestination != null ? m.shownDestination : m.destination).readWrite(m.rw);
      if (m.volume != null) {
        mp.name(m.volume.name).source(m.volume.mountpoint()).driver(m.volume.driver).mode(m.mode);
      } else if (m.type == MountType.BIND) {
        mp.source(ContainerPaths.clean(m.bindSource)).propagation(m.propagation).mode(m.mode);
      }
      b.addMount(mp.build());
    }
    return b.build();
  }

  public List<ContainerInfo> list(Map<String, String> labels) {
    synchronized (lock) {
      List<ContainerInfo> out = new ArrayList<>();
      for (Container c : containers.values()) {
        boolean all = true;
        for (Map.Entry<String, String> e : labels.entrySet()) {
          String v = c.spec.labels().get(e.getKey());
          if (v == null || (!e.getValue().isEmpty() && !e.getValue().equals(v))) {
            all = false;
            break;
          }
        }
        if (all) {
          out.add(info(c));
        }
      }
      return out;
    }
  }

  public String logs(String ref) {
    synchronized (lock) {
      return find(ref).logs.toString();
    }
  }

  public void exec(String ref, ContainerProcess process) {
    Container c;
    synchronized (lock) {
      c = find(ref);
      if (c.state != ContainerState.RUNNING) {
        throw new EngineException(409, "Container " + c.id + " is not running", null);
      }
    }
    try {
      process.run(new TreeFiles(this, c, clock));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new VolumesException("process in container " + c.id + " failed: " + e, e);
    }
  }

  Object lock() {
    return lock;
  }

  Container findLocked(String ref) {
    return find(ref);
  }

  Clock clock() {
    return clock;
  }

  /** Sets up the binds of a container for the archive endpoints; the caller holds the lock. */
  void setUpBindsLocked(Container c) {
    setUpBinds(c);
  }

  public ImageStore images() {
    return imageStore;
  }
}
