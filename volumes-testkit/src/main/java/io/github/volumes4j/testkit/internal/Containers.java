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

/** Containers and images of the in-memory engine; every method takes the engine's lock. */
public final class Containers {

  /** Creates or finds a volume; the caller holds the lock. */
  @FunctionalInterface
  public interface VolumeCreator {
    VolumeRecord create(String name, String driver, Map<String, String> labels, Map<String, String> options,
        boolean labelsGiven, boolean optionsGiven);
  }

  /** A mount of a container. */
  static final class Mount {
    final MountType type;
    final String destination;
    final boolean rw;
    final VolumeRecord volume;
    final Optional<String> subpath;
    final String bindSource;
    final int tmpfsMode;
    /** The mount named no volume ({@code -v /target}): {@code rm -v} may remove its volume. */
    final boolean anonymousSource;
    /**
     * Whether the volume store counts this container as a user of the volume. Docker 20.10 does not
     * for mounts inherited with volumes-from until the container starts.
     */
    boolean referencing;
    /**
     * A tmpfs with options below API 1.46 travels in {@code HostConfig.Tmpfs}: Docker neither reports
     * it in the container's mounts, nor checks it for duplicates, nor passes it on to volumes-from.
     */
    boolean hidden;
    /** A bind whose missing source the engine creates when the mounts are first set up, as Docker does. */
    boolean createSource;
    Tree.Dir tmpfs;

    Mount(MountType type, String destination, boolean rw, VolumeRecord volume, Optional<String> subpath,
        String bindSource, int tmpfsMode, boolean anonymousSource, boolean referencing) {
      this.type = type;
      this.destination = destination;
      this.rw = rw;
      this.volume = volume;
      this.subpath = subpath;
      this.bindSource = bindSource;
      this.tmpfsMode = tmpfsMode;
      this.anonymousSource = anonymousSource;
      this.referencing = referencing;
    }

    /** The mount as volumes-from inherits it: {@code :ro} makes it read-only, {@code :rw} cannot make it writable. */
    Mount inherited(Optional<Boolean> readOnly) {
      return new Mount(type, destination, rw && !readOnly.orElse(false), volume, subpath, bindSource, tmpfsMode,
          anonymousSource, false);
    }
  }

  static final class Container {
    final String id;
    final String name;
    final String image;
    final ContainerSpec spec;
    final Tree.Dir rootfs;
    final List<Mount> mounts;
    ContainerState state = ContainerState.CREATED;
    Integer exitCode;
    final StringBuilder logs = new StringBuilder();

    Container(String id, String name, String image, ContainerSpec spec, Tree.Dir rootfs, List<Mount> mounts) {
      this.id = id;
      this.name = name;
      this.image = image;
      this.spec = spec;
      this.rootfs = rootfs;
      this.mounts = mounts;
    }
  }

  static final class Image {
    final String id;
    final Tree.Dir rootfs;
    final Map<String, String> labels;

    Image(String id, Tree.Dir rootfs, Map<String, String> labels) {
      this.id = id;
      this.rootfs = rootfs;
      this.labels = labels;
    }
  }

  private final VolumeCreator volumeCreator;
  private final Map<String, VolumeRecord> volumes;
  private final Object lock;
  private final ApiVersion apiVersion;
  private final Clock clock;
  private final Map<String, Container> containers = new LinkedHashMap<>();
  private final Map<String, Image> images = new HashMap<>();
  private final Map<String, Program> programs = new HashMap<>();

  public Containers(VolumeCreator volumeCreator, Map<String, VolumeRecord> volumes, Object lock, ApiVersion apiVersion,
      Clock clock) {
    this.volumeCreator = volumeCreator;
    this.volumes = volumes;
    this.lock = lock;
    this.apiVersion = apiVersion;
    this.clock = clock;
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

  // ---- images ---------------------------------------------------------------------------------

  static String normalizeReference(String ref) {
    if (ref.contains("@")) {
      return ref;
    }
    int slash = ref.lastIndexOf('/');
    return ref.indexOf(':', slash + 1) < 0 ? ref + ":latest" : ref;
  }

  private Optional<Image> findImage(String ref) {
    Image i = images.get(normalizeReference(ref));
    if (i != null) {
      return Optional.of(i);
    }
    String id = ref.startsWith("sha256:") ? ref : "sha256:" + ref;
    if (ref.length() >= 12 || ref.startsWith("sha256:")) {
      for (Image image : images.values()) {
        if (image.id.startsWith(id)) {
          return Optional.of(image);
        }
      }
    }
    return Optional.empty();
  }

  public boolean imageExists(String reference) {
    synchronized (lock) {
      return findImage(reference).isPresent();
    }
  }

  public void importImage(InputStream rootfs, String reference, Map<String, String> labels) {
    Tree.Dir root = new Tree.Dir(0755, clock.millis());
    try {
      Tars.extract(rootfs, root, false, clock.millis());
    } catch (IOException e) {
      throw new EngineException(500, "archive/tar: invalid tar header", e);
    }
    synchronized (lock) {
      images.put(normalizeReference(reference), new Image("sha256:" + Names.randomId(), root, Map.copyOf(labels)));
    }
  }

  public void registerImage(String reference, ContainerProcess content) {
    Tree.Dir root = new Tree.Dir(0755, clock.millis());
    Container scratch = new Container("", "", reference, null, root, List.of());
    try {
      content.run(new TreeFiles(this, scratch, clock));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("image content for " + reference + " failed: " + e, e);
    }
    synchronized (lock) {
      images.put(normalizeReference(reference), new Image("sha256:" + Names.randomId(), root, Map.of()));
    }
  }

  public void registerProgram(String image, Program program) {
    synchronized (lock) {
      programs.put(normalizeReference(image), program);
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------------

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

  static String clean(String path) {
    Deque parts = new Deque();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pop();
      } else {
        parts.push(p);
      }
    }
    return parts.toPath();
  }

  /** A tiny stack of path parts. */
  static final class Deque {
    final ArrayList<String> parts = new ArrayList<>();

    void push(String p) {
      parts.add(p);
    }

    void pop() {
      if (!parts.isEmpty()) {
        parts.remove(parts.size() - 1);
      }
    }

    String toPath() {
      return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }
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
      Image image = findImage(spec.image()).orElseThrow(
          () -> new EngineException(404, "No such image: " + normalizeReference(spec.image()), null));
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
        String target = clean(m.target());
        if (m instanceof TmpfsMount t && !t.options().isEmpty() && !apiVersion.isAtLeast(ApiVersion.V1_46)) {
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
          if (!v.noCopy() && v.subpath().isEmpty() && vol.root.isEmpty()) {
            copyUp(rootfs, target, vol.root);
          }
          byTarget.put(target, new Mount(MountType.VOLUME, target, !v.readOnly(), vol, v.subpath(), null, 0,
              v.anonymous(), true));
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
  }

  /** Copies the image's directory at {@code target} into an empty volume; the root takes its owner and mode. */
  private void copyUp(Tree.Dir rootfs, String target, Tree.Dir volumeRoot) {
    Tree.Node n = TreeFiles.walk(rootfs, target.substring(1));
    if (!(n instanceof Tree.Dir src)) {
      return;
    }
    Tree.Dir copy = src.deepCopy();
    volumeRoot.children.putAll(copy.children);
    volumeRoot.mode = src.mode;
    volumeRoot.uid = src.uid;
    volumeRoot.gid = src.gid;
    volumeRoot.mtimeMillis = src.mtimeMillis;
    // as Docker's copy: files keep their mtimes, directories that received entries get the copy's time
    touchNonEmptyDirs(volumeRoot, clock.millis());
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
      for (Mount m : c.mounts) {
        if (m.type == MountType.TMPFS) {
          TreeFiles.mkdirs(c.rootfs, m.destination, clock.millis());
          m.tmpfs = new Tree.Dir(m.tmpfsMode, clock.millis());
        }
      }
      c.state = ContainerState.RUNNING;
      c.exitCode = null;
      for (Mount m : c.mounts) {
        m.referencing = m.referencing || m.volume != null;
      }
      program = programs.get(normalizeReference(c.image));
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
    for (Mount m : c.mounts) {
      if (m.volume != null && m.volume.tmpfsBacked && !usedByRunning(m.volume.name)) {
        m.volume.root.children.clear();
      }
    }
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
      MountPoint.Builder mp = MountPoint.builder().type(m.type).destination(m.destination).readWrite(m.rw);
      if (m.volume != null) {
        mp.name(m.volume.name).source(m.volume.mountpoint()).driver(m.volume.driver).mode("z");
      } else if (m.type == MountType.BIND) {
        mp.source(m.bindSource).propagation("rprivate");
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

  // ---- path resolution ------------------------------------------------------------------------

  /** Where a container path lands: the directory of the mount (or root fs) and the rest of the path. */
  record Place(Tree.Dir base, String rest, boolean readOnly, Mount mount, Path host) {
    Place(Tree.Dir base, String rest, boolean readOnly, Mount mount) {
      this(base, rest, readOnly, mount, null);
    }

    /** The host path of a bind-mounted place. */
    Path hostPath() {
      return rest.isEmpty() ? host : host.resolve(rest);
    }
  }

  /**
   * The mount (or the root fs) that holds an absolute, clean path; the caller holds the lock. A
   * process sees a running container's tmpfs mounts; the archive endpoints never do (Docker reads
   * and writes the directory below the tmpfs).
   */
  Place place(Container c, String path, boolean process) {
    Mount best = null;
    for (Mount m : c.mounts) {
      if (m.type == MountType.TMPFS && (m.tmpfs == null || !process)) {
        continue;
      }
      if ((path.equals(m.destination) || path.startsWith(m.destination + "/"))
          && (best == null || m.destination.length() > best.destination.length())) {
        best = m;
      }
    }
    if (best == null) {
      return new Place(c.rootfs, path.substring(1), false, null);
    }
    String restOfPath = path.length() == best.destination.length() ? "" : path.substring(best.destination.length() + 1);
    if (best.type == MountType.BIND) {
      return new Place(null, restOfPath, !best.rw, best, Path.of(best.bindSource));
    }
    Tree.Dir base = best.volume != null ? best.volume.root : best.tmpfs;
    if (best.volume != null && best.subpath.isPresent()) {
      Tree.Node n = TreeFiles.walk(best.volume.root, best.subpath.get());
      base = n instanceof Tree.Dir d ? d : base;
    }
    return new Place(base, restOfPath, !best.rw, best);
  }

  /** Whether a clean absolute path is where one of the container's mounts is. */
  boolean isMountPoint(Container c, String path) {
    for (Mount m : c.mounts) {
      if (m.destination.length() == path.length() && m.destination.equals(path)) {
        return true;
      }
    }
    return false;
  }

  Container findLocked(String ref) {
    return find(ref);
  }

  // ---- archive --------------------------------------------------------------------------------

  private static String absolute(String path) {
    return path.startsWith("/") ? path : "/" + path;
  }

  /** A path as the archive GET and HEAD endpoints read it: resolved, placed, and the name its entry gets. */
  private record Located(String resolved, Place place, String name) {}

  /**
   * A path that ends in {@code /} or {@code /.} names a directory: Docker's lstat of it fails with
   * HTTP 500 when it is a file (the message names Docker's own path of the container's root file
   * system first; here the container's path stands alone).
   */
  private static void requireDirectoryIfNamedSo(String path, boolean directory) {
    String abs = absolute(path);
    if (!directory && (abs.endsWith("/") || abs.endsWith("/."))) {
      throw new EngineException(500, "lstat " + abs + ": not a directory", null);
    }
  }

  /** The caller holds the lock. */
  private Located locate(Container c, String path) {
    String abs = absolute(path);
    String clean = clean(abs);
    boolean dot = abs.endsWith("/.");
    // as Docker's ResolvePath: links in the path are followed, the last one only before a "/" or "/."
    String resolved = resolve(c, clean, dot || abs.endsWith("/"));
    String name = dot ? "." : clean.equals("/") ? "/" : clean.substring(clean.lastIndexOf('/') + 1);
    return new Located(resolved, place(c, resolved, false), name);
  }

  public InputStream readArchive(String ref, String path) {
    synchronized (lock) {
      Container c = find(ref);
      setUpBinds(c);
      Located at = locate(c, path);
      String resolved = at.resolved();
      Place p = at.place();
      Tree.Node n = p.host() != null ? (HostFs.exists(p.hostPath()) ? HostFs.load(p.hostPath()) : null)
          : TreeFiles.walk(p.base(), p.rest());
      if (n == null) {
        throw notFound(path, ref);
      }
      requireDirectoryIfNamedSo(path, n instanceof Tree.Dir);
      String name = at.name();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        Tars.write(out, name, n, dir -> nestedMounts(c, resolved, dir));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ByteArrayInputStream(out.toByteArray());
    }
  }

  /** Mounts below a directory of the container replace what the directory holds there. */
  private Map<String, Tree.Node> nestedMounts(Container c, String base, String rel) {
    Map<String, Tree.Node> out = new TreeMap<>();
    String dir = rel.isEmpty() ? base : (base.equals("/") ? "/" + rel : base + "/" + rel);
    for (Mount m : c.mounts) {
      if (m.type == MountType.TMPFS) {
        continue;
      }
      String parent = m.destination.substring(0, m.destination.lastIndexOf('/'));
      if ((parent.isEmpty() ? "/" : parent).equals(dir)) {
        Place p = place(c, m.destination, false);
        Tree.Node n = p.host() == null ? p.base() : HostFs.exists(p.hostPath()) ? HostFs.load(p.hostPath()) : null;
        if (n != null) {
          out.put(m.destination.substring(m.destination.lastIndexOf('/') + 1), n);
        }
      }
    }
    return out;
  }

  /**
   * The next entry; a stream that ends inside a 512-byte record is Go's "unexpected EOF" (the tar
   * reader takes it for the end of the archive), one that ends at a record boundary is a clean end.
   */
  private static TarArchiveEntry next(io.github.volumes4j.data.internal.TarReader in, Counted counted) throws IOException {
    TarArchiveEntry e;
    try {
      e = in.getNextEntry();
    } catch (java.io.EOFException x) {
      throw new IOException("unexpected EOF", x);
    } catch (IOException x) {
      String m = String.valueOf(x.getMessage()).toLowerCase(java.util.Locale.ROOT);
      throw m.contains("truncated") || m.contains("eof") ? new IOException("unexpected EOF", x) : x;
    }
    if (e == null && counted.count % 512 != 0) {
      throw new IOException("unexpected EOF");
    }
    return e;
  }

  /** The most content one upload may hold: the in-memory engine's disk is the heap. */
  static final long UPLOAD_CAPACITY = Runtime.getRuntime().maxMemory() / 4;

  /** Counts the bytes read from a stream. */
  private static final class Counted extends java.io.FilterInputStream {
    long count;

    Counted(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = super.skip(n);
      count += Math.max(0, k);
      return k;
    }
  }

  /** Docker's 404 of the archive endpoints names the path and the container as the caller gave them. */
  private static EngineException notFound(String path, String ref) {
    return new EngineException(404, "Could not find the file " + path + " in container " + ref, null);
  }

  /**
   * Writes a tar into a directory of the container. The stream is read without the engine's lock
   * (so the thread producing it may call the engine); each entry is applied under the lock, through
   * the container's mounts, as it arrives: a broken stream leaves the entries before it written.
   */
  public void writeArchive(String ref, String directory, InputStream tar, boolean noOverwriteDirNonDir) {
    ArchiveWrite w;
    synchronized (lock) {
      Container c = find(ref);
      setUpBinds(c);
      String clean = clean(absolute(directory));
      // the extraction point is resolved with its last link followed: an archive can go to a link to a directory
      String resolved = resolve(c, clean, true);
      Place p = place(c, resolved, false);
      if (p.host() != null) {
        Path dir = p.hostPath();
        if (!HostFs.exists(dir)) {
          throw notFound(directory, ref);
        }
        if (!Files.isDirectory(dir)) {
          throw new EngineException(500, "extraction point is not a directory", null);
        }
      } else {
        Tree.Node n = TreeFiles.walk(p.base(), p.rest());
        if (n == null) {
          throw notFound(directory, ref);
        }
        if (!(n instanceof Tree.Dir)) {
          throw new EngineException(500, "extraction point is not a directory", null);
        }
      }
      if (p.readOnly()) {
        throw new EngineException(500, "mounted volume is marked read-only", null);
      }
      w = new ArchiveWrite(this, c, resolved, noOverwriteDirNonDir, clock.millis());
    }
    try {
      Counted counted = new Counted(tar);
      io.github.volumes4j.data.internal.TarReader in = new io.github.volumes4j.data.internal.TarReader(counted, true);
      TarArchiveEntry e;
      long stored = 0;
      while ((e = next(in, counted)) != null) {
        byte[] data = new byte[0];
        boolean complete = true;
        if (!(e.isDirectory() || e.isSymbolicLink() || e.isLink())) {
          stored += e.getSize();
          if (stored > UPLOAD_CAPACITY || e.getSize() > Integer.MAX_VALUE - 16) {
            // the engine's "disk": a share of this JVM's heap per upload, refused as Docker refuses a full disk
            throw ArchiveWrite.failure("write " + clean(absolute(directory) + "/" + e.getName())
                + ": no space left on device (the in-memory engine keeps at most " + (UPLOAD_CAPACITY >> 20)
                + " MiB per upload, a quarter of this JVM's heap)");
          }
          ByteArrayOutputStream content = new ByteArrayOutputStream();
          try {
            in.transferTo(content);
          } catch (IOException x) {
            // what arrived is written, as Docker's untar leaves the part of a cut file
            complete = false;
          }
          data = content.toByteArray();
          complete = complete && data.length >= e.getSize();
        }
        synchronized (lock) {
          w.apply(e, data, complete);
        }
        if (!complete) {
          throw ArchiveWrite.failure("unexpected EOF");
        }
      }
      synchronized (lock) {
        w.finish();
      }
    } catch (IOException e) {
      throw ArchiveWrite.failure(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  public Optional<PathStat> stat(String ref, String path) {
    synchronized (lock) {
      Container c = find(ref);
      setUpBinds(c);
      Located at = locate(c, path);
      String resolved = at.resolved();
      Place p = at.place();
      String name = at.name();
      if (p.host() != null) {
        if (!HostFs.exists(p.hostPath())) {
          return Optional.empty();
        }
        requireDirectoryIfNamedSo(path, Files.isDirectory(p.hostPath()));
        if (!Files.isSymbolicLink(p.hostPath())) {
          return Optional.of(HostFs.stat(name, p.hostPath(), resolved));
        }
        return Optional.of(Tars.stat(name, HostFs.load(p.hostPath()), resolve(c, resolved, true)));
      }
      Tree.Node n = TreeFiles.walk(p.base(), p.rest());
      if (n == null) {
        return Optional.empty();
      }
      requireDirectoryIfNamedSo(path, n instanceof Tree.Dir);
      // Docker reports where a link leads, every link on the way followed, as an absolute container path
      String linkTarget = n instanceof Tree.Symlink ? resolve(c, resolved, true) : "";
      return Optional.of(Tars.stat(name, n, linkTarget));
    }
  }

  /**
   * Resolves the symbolic links in an absolute, clean container path as Docker does, within the
   * container's root: an absolute link starts again at the container's {@code /}, {@code ..} stops
   * there, links in volumes and binds lead anywhere in the container. The last element is followed
   * only when {@code followLast}. The caller holds the lock.
   */
  String resolve(Container c, String path, boolean followLast) {
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        todo.add(part);
      }
    }
    ArrayList<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      done.add(part);
      if (todo.isEmpty() && !followLast) {
        break;
      }
      Optional<String> target = linkAt(c, "/" + String.join("/", done));
      if (target.isEmpty()) {
        continue;
      }
      if (++links > 255) {
        throw new EngineException(500, "evaluating symlinks of " + path + ": too many links", null);
      }
      done.remove(done.size() - 1);
      if (target.get().startsWith("/")) {
        done.clear();
      }
      String[] parts = target.get().split("/");
      for (int i = parts.length - 1; i >= 0; i--) {
        if (!parts[i].isEmpty()) {
          todo.addFirst(parts[i]);
        }
      }
    }
    return done.isEmpty() ? "/" : "/" + String.join("/", done);
  }

  /** The target of the symbolic link at a container path (itself free of links), if it is one. */
  private Optional<String> linkAt(Container c, String path) {
    Place p = place(c, path, false);
    if (p.host() != null) {
      Path h = p.hostPath();
      if (!Files.isSymbolicLink(h)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readSymbolicLink(h).toString());
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return TreeFiles.walk(p.base(), p.rest()) instanceof Tree.Symlink l ? Optional.of(l.target) : Optional.empty();
  }
}
